/**
 * A minimal stub DNS client: one query over UDP, retried over TCP when the answer is truncated
 * (or when asked). Used to read live state over the wire (`dnsplane plan`, the RFC 2136
 * provider's reads) and by tests as an independent client.
 *
 * Each exchange has its own socket, and only a response with the request's id, opcode and
 * question is taken as its answer (response-match.ts); anything else on the socket is ignored
 * until the answer or the timeout comes.
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { failure, ok } from '../../core/ports/result.js';
import { encodeMessage, makeQuery, parseMessage } from '../../dns-wire/index.js';
import { requestKeyOf, responseMatches } from './response-match.js';
export const DNS_QUERY_TIMEOUT_MS_DEFAULT = 2000;
export async function queryDns(server, name, type, options = {}) {
    const query = makeQuery(randomInt(0x10000), name, type);
    return exchange(server, query, options);
}
/** Sends any message (a query or an UPDATE) and returns the parsed response. */
export async function exchange(server, message, options = {}) {
    const timeoutMs = options.timeoutMs ?? DNS_QUERY_TIMEOUT_MS_DEFAULT;
    const bytes = encodeMessage(message);
    const key = requestKeyOf(bytes);
    if (key === null || key.question === null)
        return failure('malformed', 'a request needs a question', false);
    if (!options.tcp && bytes.length <= 512) {
        const udp = await exchangeUdp(server, bytes, key, timeoutMs);
        if (!udp.ok)
            return udp;
        const parsed = parseResponse(udp.value);
        if (!parsed.ok || !parsed.value.header.tc)
            return parsed;
    }
    const tcp = await exchangeTcp(server, bytes, key, timeoutMs);
    if (!tcp.ok)
        return tcp;
    return parseResponse(tcp.value);
}
function parseResponse(bytes) {
    const parsed = parseMessage(bytes);
    if (!parsed.ok)
        return failure('malformed', `malformed response: ${parsed.error.reason}`, true);
    return ok(parsed.value.message);
}
function exchangeUdp(server, bytes, key, timeoutMs) {
    return new Promise((resolve) => {
        const socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
        const timer = setTimeout(() => finish(failure('timeout', `no answer from ${server.host}:${server.port} within ${timeoutMs} ms (udp)`, true)), timeoutMs);
        const finish = (result) => {
            clearTimeout(timer);
            socket.close();
            resolve(result);
        };
        socket.on('error', (error) => finish(failure('unavailable', `udp ${server.host}:${server.port}: ${error.message}`, true)));
        socket.on('message', (message, from) => {
            if (from.port !== server.port || !responseMatches(key, message))
                return;
            finish(ok(new Uint8Array(message)));
        });
        socket.send(bytes, server.port, server.host);
    });
}
function exchangeTcp(server, bytes, key, timeoutMs) {
    return new Promise((resolve) => {
        const socket = connect({ host: server.host, port: server.port });
        let received = Buffer.alloc(0);
        let done = false;
        const finish = (result) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(result);
        };
        const timer = setTimeout(() => finish(failure('timeout', `no answer from ${server.host}:${server.port} within ${timeoutMs} ms (tcp)`, true)), timeoutMs);
        socket.on('connect', () => {
            const length = Buffer.alloc(2);
            length.writeUInt16BE(bytes.length);
            socket.write(Buffer.concat([length, bytes]));
        });
        socket.on('data', (chunk) => {
            received = Buffer.concat([received, chunk]);
            while (!done && received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
                const message = new Uint8Array(received.subarray(2, 2 + received.readUInt16BE(0)));
                received = received.subarray(2 + message.length);
                if (responseMatches(key, message))
                    finish(ok(message));
            }
        });
        socket.on('error', (error) => finish(failure('unavailable', `tcp ${server.host}:${server.port}: ${error.message}`, true)));
        socket.on('close', () => finish(failure('unavailable', `tcp ${server.host}:${server.port}: closed before a full answer`, true)));
    });
}
//# sourceMappingURL=dns-client.js.map
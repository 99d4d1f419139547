/**
 * UDP and TCP listeners on the same port. TCP uses 2-byte length framing (RFC 1035 §4.2.2),
 * answers several queries per connection in order, closes idle connections, and refuses
 * connections beyond a bound.
 *
 * The responder's exceptions end here: an AssertionFailure (a broken invariant, a bug) crashes
 * the process; any other exception drops that one request. Handler exceptions never get this
 * far: the packet processor answers them SERVFAIL.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { AssertionFailure, assert } from '../core/model/assert.js';
import { MessageStream } from './message-stream.js';
import { TCP_MESSAGE_MAX } from './packet.js';
import { UdpReplyQueue, literalAddressLookup } from './udp-batch.js';
const EPHEMERAL_BIND_ATTEMPTS_MAX = 20;
const TCP_CONNECTIONS_PER_CLIENT_MAX_DEFAULT = 16;
const TCP_MESSAGE_DEADLINE_MS_DEFAULT = 5_000;
/** A client that does not read its answers gets disconnected rather than buffered without bound. */
const TCP_UNSENT_BYTES_MAX = 1 << 20;
/** A stream of messages waits for the connection to drain past this, well below the bound above. */
const TCP_STREAM_BUFFERED_MAX = 1 << 18;
export async function listen(options) {
    for (let attempt = 1;; attempt++) {
        const udp = await bindUdp(options);
        const port = udp.address().port;
        try {
            const tcp = await bindTcp(options, port);
            return { port, close: () => closeBoth(udp, tcp) };
        }
        catch (error) {
            udp.close();
            // With port 0 the UDP port the kernel chose may be taken for TCP: choose again.
            if (options.port !== 0 || attempt >= EPHEMERAL_BIND_ATTEMPTS_MAX)
                throw error;
        }
    }
}
function bindUdp(options) {
    const family = options.host.includes(':') ? 'udp6' : 'udp4';
    const socket = createSocket({ type: family, lookup: literalAddressLookup(family === 'udp6' ? 6 : 4) });
    // Replies to one burst of reads leave together once it is read (udp-batch.ts).
    const replies = new UdpReplyQueue(socket);
    socket.on('message', (message, remote) => {
        let reply;
        try {
            reply = options.respond(message, 'udp');
        }
        catch (error) {
            if (error instanceof AssertionFailure)
                throw error; // an uncaught exception: the process dies
            return;
        }
        if (reply === null)
            return;
        assert(!(reply instanceof MessageStream), 'a UDP reply is one message');
        const sendReply = (bytes) => {
            options.observeReply?.(bytes, 'udp');
            const admitted = options.admitUdpReply === undefined ? bytes : options.admitUdpReply(bytes, remote.address);
            if (admitted !== null)
                replies.send(admitted, remote.port, remote.address);
        };
        // The hot path stays synchronous: only forwarded UPDATEs come back as promises.
        if (reply instanceof Promise) {
            void reply.then((late) => { if (late !== null)
                sendReply(late); }, crashOnBug);
            return;
        }
        sendReply(reply);
    });
    return new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: options.host, port: options.port, exclusive: options.udpShared === false }, () => {
            socket.off('error', reject);
            // A send error (client gone) must never take the server down.
            socket.on('error', () => undefined);
            resolve(socket);
        });
    });
}
function bindTcp(options, port) {
    const connections = new Set();
    const perClient = new Map();
    const perClientMax = options.tcpConnectionsPerClientMax ?? TCP_CONNECTIONS_PER_CLIENT_MAX_DEFAULT;
    const server = createServer({ pauseOnConnect: false }, (socket) => {
        // One client must not hold every slot: past its share, its new connections are closed at once.
        const client = socket.remoteAddress ?? '';
        const held = perClient.get(client) ?? 0;
        if (held >= perClientMax) {
            socket.destroy();
            return;
        }
        perClient.set(client, held + 1);
        connections.add(socket);
        socket.on('close', () => {
            connections.delete(socket);
            const left = (perClient.get(client) ?? 1) - 1;
            if (left <= 0)
                perClient.delete(client);
            else
                perClient.set(client, left);
        });
        serveConnection(socket, options);
    });
    server.maxConnections = options.tcpConnectionsMax;
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: options.host, port, exclusive: options.udpShared === false }, () => {
            server.off('error', reject);
            resolve({ server, connections });
        });
    });
}
function serveConnection(socket, options) {
    let pending = Buffer.alloc(0);
    let queue = Promise.resolve();
    socket.setTimeout(options.tcpIdleTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    // A message must arrive whole within the deadline from its first byte; later bytes do not extend
    // it (the idle timeout alone would be reset by a byte every few seconds).
    const messageDeadlineMs = options.tcpMessageDeadlineMs ?? TCP_MESSAGE_DEADLINE_MS_DEFAULT;
    let deadline = null;
    socket.on('close', () => { if (deadline !== null)
        clearTimeout(deadline); });
    socket.on('data', (chunk) => {
        if (deadline === null)
            deadline = setTimeout(() => socket.destroy(), messageDeadlineMs);
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        if (pending.length > TCP_MESSAGE_MAX + 2 + 4096) {
            socket.destroy(); // more unanswered bytes than any sane client pipelines
            return;
        }
        while (pending.length >= 2) {
            const length = pending.readUInt16BE(0);
            if (pending.length < 2 + length)
                break;
            const message = pending.subarray(2, 2 + length);
            pending = pending.subarray(2 + length);
            // A whole message arrived: the next one gets its own deadline from its first byte.
            if (deadline !== null)
                clearTimeout(deadline);
            deadline = pending.length === 0 ? null : setTimeout(() => socket.destroy(), messageDeadlineMs);
            // Replies go out in request order, even when one of them is answered asynchronously.
            queue = queue.then(async () => {
                const reply = await respondSafely(options.respond, message, 'tcp');
                if (reply === null || socket.destroyed)
                    return;
                if (reply instanceof MessageStream) {
                    await writeStream(socket, reply, options);
                    return;
                }
                writeFrame(socket, reply, options);
            });
        }
    });
}
/** `observed`: the reply is counted (a stream's messages after the first answer the same query). */
function writeFrame(socket, reply, options, observed = true) {
    if (observed)
        options.observeReply?.(reply, 'tcp');
    const frame = Buffer.allocUnsafe(2 + reply.length);
    frame.writeUInt16BE(reply.length, 0);
    frame.set(reply, 2);
    socket.write(frame);
    if (socket.writableLength > TCP_UNSENT_BYTES_MAX)
        socket.destroy();
}
/**
 * Writes a reply of several messages, waiting for the connection to drain whenever much is
 * buffered: the messages are produced as they are written. A message that cannot be produced
 * (a bug, or a record too large for any message) ends the connection, so the client sees a
 * transfer cut short rather than one that looks complete.
 */
async function writeStream(socket, stream, options) {
    try {
        let first = true;
        for (const message of stream.messages) {
            if (socket.destroyed)
                return;
            writeFrame(socket, message, options, first);
            first = false;
            if (socket.writableLength > TCP_STREAM_BUFFERED_MAX)
                await drained(socket);
        }
    }
    catch (error) {
        socket.destroy();
        crashOnBug(error);
    }
}
function drained(socket) {
    return new Promise((resolve) => {
        const done = () => {
            socket.off('drain', done);
            socket.off('close', done);
            resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
    });
}
async function respondSafely(respond, message, transport) {
    try {
        return await respond(message, transport);
    }
    catch (error) {
        crashOnBug(error);
        return null;
    }
}
/**
 * For errors caught inside a promise chain: an AssertionFailure is thrown again outside of it,
 * where it is an uncaught exception and crashes the process (a rejected promise could be
 * swallowed); anything else is dropped with the request it belongs to.
 */
export function crashOnBug(error) {
    if (!(error instanceof AssertionFailure))
        return;
    process.nextTick(() => {
        throw error;
    });
}
function closeBoth(udp, tcp) {
    return new Promise((resolve) => {
        udp.close(() => {
            tcp.server.close(() => resolve());
            // Open connections would keep close() waiting for their idle timeout.
            for (const socket of tcp.connections)
                socket.destroy();
        });
    });
}
//# sourceMappingURL=transport.js.map
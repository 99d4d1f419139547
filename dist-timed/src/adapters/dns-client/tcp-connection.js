/**
 * One TCP connection to a DNS server that carries several messages at once (RFC 7766 §6.2.1
 * pipelining): each request is written as soon as it is sent, and a response is taken as a
 * request's answer only when it repeats the request's id, opcode and question (response-match.ts),
 * in whatever order responses arrive. The connection is opened on first use and re-opened after it
 * closes (servers close idle connections); a request in flight when it closes fails as retryable
 * 'unavailable' — the caller decides whether repeating it is safe (a fenced UPDATE is: the fence
 * prerequisite refuses a second application).
 *
 * A request that times out drops the whole connection, failing the others in flight on it: its
 * answer may still come, and on a connection that later requests use it could be taken for the
 * answer of one that drew the same id. On a fresh connection no late answer can ever arrive.
 */
import { connect } from 'node:net';
import { failure, ok } from '../../core/ports/result.js';
import { describeRequestKey, requestKeyOf, responseMatches } from './response-match.js';
/** A TCP DNS message is prefixed by a 16-bit length. */
export const TCP_MESSAGE_BYTES_MAX = 0xffff;
export const TCP_IN_FLIGHT_MAX_DEFAULT = 64;
export class DnsTcpConnection {
    server;
    connectTimeoutMs;
    inFlightMax;
    socket = null;
    connected = null;
    received = Buffer.alloc(0);
    pending = new Map();
    /** Responses that matched no request (late, or not ours): counted, never delivered. */
    unmatchedResponses = 0;
    constructor(server, connectTimeoutMs, inFlightMax = TCP_IN_FLIGHT_MAX_DEFAULT) {
        this.server = server;
        this.connectTimeoutMs = connectTimeoutMs;
        this.inFlightMax = inFlightMax;
    }
    get inFlight() {
        return this.pending.size;
    }
    /** Sends one message and resolves with the raw bytes of the response that answers it. */
    async request(wire, timeoutMs) {
        if (wire.length > TCP_MESSAGE_BYTES_MAX)
            return failure('too-large', `message of ${wire.length} bytes exceeds the TCP limit of ${TCP_MESSAGE_BYTES_MAX}`, false);
        const key = requestKeyOf(wire);
        if (key === null || key.question === null)
            return failure('malformed', `request of ${wire.length} bytes has no header or no question`, false);
        const busy = this.busy(key);
        if (busy !== null)
            return busy;
        const socket = await this.open();
        if (!socket.ok)
            return socket;
        // Checked again: other requests may have taken the id or the slots while the connection opened.
        const taken = this.busy(key);
        if (taken !== null)
            return taken;
        return new Promise((resolve) => {
            const timer = setTimeout(() => this.timedOut(key, timeoutMs), timeoutMs);
            this.pending.set(key.id, { key, resolve, timer });
            const length = Buffer.alloc(2);
            length.writeUInt16BE(wire.length);
            socket.value.write(Buffer.concat([length, wire]));
        });
    }
    busy(key) {
        if (this.pending.has(key.id))
            return failure('busy', `message id ${key.id} already in flight`, true);
        if (this.pending.size >= this.inFlightMax)
            return failure('busy', `${this.pending.size} messages already in flight`, true);
        return null;
    }
    close() {
        this.drop('connection closed by the client');
    }
    label() {
        return `${this.server.host}:${this.server.port}`;
    }
    timedOut(key, timeoutMs) {
        const waiting = this.pending.get(key.id);
        if (waiting === undefined || waiting.key !== key)
            return;
        this.pending.delete(key.id);
        waiting.resolve(failure('timeout', `no answer from ${this.label()} within ${timeoutMs} ms (tcp, ${describeRequestKey(key)})`, true));
        this.drop(`connection dropped after a request timed out (${describeRequestKey(key)})`);
    }
    /** Forgets the current socket (a later request opens a new one) and fails what is in flight on it. */
    drop(why) {
        const socket = this.socket;
        this.socket = null;
        this.connected = null;
        this.received = Buffer.alloc(0);
        socket?.destroy();
        this.failAll(why);
    }
    open() {
        if (this.socket !== null && this.connected !== null)
            return this.connected;
        const socket = connect({ host: this.server.host, port: this.server.port });
        socket.setNoDelay(true);
        this.socket = socket;
        this.received = Buffer.alloc(0);
        this.connected = new Promise((resolve) => {
            const timer = setTimeout(() => {
                socket.destroy();
                resolve(failure('timeout', `cannot connect to ${this.label()} within ${this.connectTimeoutMs} ms`, true));
            }, this.connectTimeoutMs);
            socket.once('connect', () => {
                clearTimeout(timer);
                resolve(ok(socket));
            });
            socket.once('error', (error) => {
                clearTimeout(timer);
                resolve(failure('unavailable', `tcp ${this.label()}: ${error.message}`, true));
            });
        });
        socket.on('data', (chunk) => {
            // Bytes of a socket we dropped are never read: they would be late answers.
            if (this.socket === socket)
                this.onData(chunk);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
            if (this.socket !== socket)
                return;
            this.socket = null;
            this.connected = null;
            this.failAll('connection closed by the server');
        });
        return this.connected;
    }
    onData(chunk) {
        this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
        while (this.received.length >= 2) {
            const length = this.received.readUInt16BE(0);
            if (this.received.length < 2 + length)
                return;
            const message = new Uint8Array(this.received.subarray(2, 2 + length));
            this.received = this.received.subarray(2 + length);
            this.deliver(message);
        }
    }
    deliver(message) {
        const id = message.length >= 2 ? (message[0] << 8) | message[1] : -1;
        const waiting = this.pending.get(id);
        // A response nobody waits for, or one with a waiting id but another question, is not an answer.
        if (waiting === undefined || !responseMatches(waiting.key, message)) {
            this.unmatchedResponses++;
            return;
        }
        this.pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve(ok(message));
    }
    failAll(why) {
        for (const [id, waiting] of this.pending) {
            clearTimeout(waiting.timer);
            waiting.resolve(failure('unavailable', `tcp ${this.label()}: ${why} before an answer`, true));
            this.pending.delete(id);
        }
    }
}
//# sourceMappingURL=tcp-connection.js.map
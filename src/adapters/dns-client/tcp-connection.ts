/**
 * One TCP connection to a DNS server that carries several messages at once (RFC 7766 §6.2.1
 * pipelining): each request is written as soon as it is sent, responses are matched to requests by
 * message id, in whatever order they arrive. The connection is opened on first use and re-opened
 * after it closes (servers close idle connections); a request in flight when it closes fails as
 * retryable 'unavailable' — the caller decides whether repeating it is safe (a fenced UPDATE is:
 * the fence prerequisite refuses a second application).
 */
import { connect, type Socket } from 'node:net';
import { failure, ok, type Result } from '../../core/ports/result.js';
import type { DnsServerAddress } from './dns-client.js';

/** A TCP DNS message is prefixed by a 16-bit length. */
export const TCP_MESSAGE_BYTES_MAX = 0xffff;
export const TCP_IN_FLIGHT_MAX_DEFAULT = 64;

interface Pending {
  readonly resolve: (result: Result<Uint8Array>) => void;
  readonly timer: NodeJS.Timeout;
}

export class DnsTcpConnection {
  private socket: Socket | null = null;
  private connected: Promise<Result<Socket>> | null = null;
  private received: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly server: DnsServerAddress,
    private readonly connectTimeoutMs: number,
    readonly inFlightMax: number = TCP_IN_FLIGHT_MAX_DEFAULT,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends one message whose header id is `id` and resolves with the raw response bytes. */
  async request(wire: Uint8Array, id: number, timeoutMs: number): Promise<Result<Uint8Array>> {
    if (wire.length > TCP_MESSAGE_BYTES_MAX) return failure('too-large', `message of ${wire.length} bytes exceeds the TCP limit of ${TCP_MESSAGE_BYTES_MAX}`, false);
    if (this.pending.has(id)) return failure('busy', `message id ${id} already in flight`, true);
    if (this.pending.size >= this.inFlightMax) return failure('busy', `${this.pending.size} messages already in flight`, true);
    const socket = await this.open();
    if (!socket.ok) return socket;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failure('timeout', `no answer from ${this.label()} within ${timeoutMs} ms (tcp)`, true));
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      const length = Buffer.alloc(2);
      length.writeUInt16BE(wire.length);
      socket.value.write(Buffer.concat([length, wire]));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.failAll('connection closed by the client');
  }

  private label(): string {
    return `${this.server.host}:${this.server.port}`;
  }

  private open(): Promise<Result<Socket>> {
    if (this.socket !== null && this.connected !== null) return this.connected;
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
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.connected = null;
      }
      this.failAll('connection closed by the server');
    });
    return this.connected;
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    while (this.received.length >= 2) {
      const length = this.received.readUInt16BE(0);
      if (this.received.length < 2 + length) return;
      const message = new Uint8Array(this.received.subarray(2, 2 + length));
      this.received = this.received.subarray(2 + length);
      if (message.length < 2) continue;
      const id = (message[0]! << 8) | message[1]!;
      const waiting = this.pending.get(id);
      // A response nobody waits for (its request timed out) is dropped.
      if (waiting === undefined) continue;
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve(ok(message));
    }
  }

  private failAll(why: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(failure('unavailable', `tcp ${this.label()}: ${why} before an answer`, true));
      this.pending.delete(id);
    }
  }
}

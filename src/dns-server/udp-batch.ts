/**
 * UDP replies in bursts, as far as Node allows. Node has no recvmmsg/sendmmsg: every datagram is
 * one recvmsg and one sendmsg, and on the development VM those two system calls are most of a
 * query's CPU (a bare Node echo server costs 16–19 µs per query there, Knot 8–9 µs in all). What
 * can be batched is when the sends happen: libuv reads up to 32 datagrams per readiness event, and
 * the replies to them are queued and sent together once the burst is read (setImmediate runs
 * right after the poll phase). The client then finds several replies per wake-up instead of one,
 * and the server's reads are not interleaved with sends. Each burst is bounded by libuv's read
 * loop, so the queue is too.
 *
 * `literalAddressLookup` skips dns.lookup on every send: replies go to the address a datagram
 * came from, always a literal, and dgram's default lookup answers a literal only on the next tick.
 */
import type { Socket as UdpSocket } from 'node:dgram';

export class UdpReplyQueue {
  private replies: Uint8Array[] = [];
  private ports: number[] = [];
  private addresses: string[] = [];
  private scheduled = false;

  constructor(private readonly socket: UdpSocket) {}

  send(reply: Uint8Array, port: number, address: string): void {
    this.replies.push(reply);
    this.ports.push(port);
    this.addresses.push(address);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const { replies, ports, addresses } = this;
    this.replies = [];
    this.ports = [];
    this.addresses = [];
    this.scheduled = false;
    for (let i = 0; i < replies.length; i++) {
      try {
        this.socket.send(replies[i]!, ports[i]!, addresses[i]!);
      } catch {
        // The socket was closed after the replies were queued (the server is stopping): they are dropped.
      }
    }
  };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** dgram's `lookup` for sockets that only ever send to literal addresses (see the header). */
export function literalAddressLookup(family: 4 | 6): (hostname: string, options: unknown, callback: LookupCallback) => void {
  return (hostname, _options, callback) => callback(null, hostname, family);
}

/**
 * UDP replies queued for the end of a read burst (udp-batch.ts): they all arrive, and a socket
 * closed while some are still queued (a server stopping) drops them instead of throwing.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { UdpReplyQueue, literalAddressLookup } from '../../src/dns-server/udp-batch.js';

function bound(): Promise<ReturnType<typeof createSocket>> {
  const socket = createSocket({ type: 'udp4', lookup: literalAddressLookup(4) });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

describe('UDP reply queue', () => {
  it('sends every queued reply once the burst is over', async () => {
    const [server, client] = await Promise.all([bound(), bound()]);
    try {
      const received: string[] = [];
      const all = new Promise<void>((resolve) => client.on('message', (m) => { received.push(m.toString()); if (received.length === 5) resolve(); }));
      const queue = new UdpReplyQueue(server);
      for (let i = 0; i < 5; i++) queue.send(Buffer.from(`reply ${i}`), client.address().port, '127.0.0.1');
      expect(received).toEqual([]); // nothing leaves before the end of this turn of the event loop
      await all;
      expect(received.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `reply ${i}`));
    } finally {
      server.close();
      client.close();
    }
  });

  it('drops what is still queued when the socket closes meanwhile, without throwing', async () => {
    const server = await bound();
    const queue = new UdpReplyQueue(server);
    queue.send(Buffer.from('late'), 9, '127.0.0.1');
    server.close();
    // The flush runs in the next check phase: an exception there would be uncaught and fail the run.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

/** Malformed packets over real sockets: FORMERR when the header is readable, silence otherwise, never a crash. */
import { createSocket } from 'node:dgram';
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { Opcode, RRType, Rcode, encodeMessage, makeQuery, parseMessage, readHeader } from '../../src/dns-wire/index.js';
import { queryAddresses, startTestServer, udpQuery } from './helpers.js';

describe('hostile packets', () => {
  const cases: { name: string; bytes: number[]; reply: 'none' | number }[] = [
    { name: 'empty datagram', bytes: [], reply: 'none' },
    { name: 'shorter than a header', bytes: [1, 2, 3, 4, 5], reply: 'none' },
    { name: 'header claiming a missing question', bytes: [0xab, 0xcd, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], reply: Rcode.FORMERR },
    { name: 'compression loop in the question', bytes: [0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1], reply: Rcode.FORMERR },
    { name: 'a response (QR set) is never answered', bytes: [0, 9, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0], reply: 'none' },
    { name: 'query without a question', bytes: [0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], reply: Rcode.FORMERR },
    { name: 'unknown opcode', bytes: [0, 9, 0x70, 0, 0, 0, 0, 0, 0, 0, 0, 0], reply: Rcode.NOTIMP },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const dns = await startTestServer();
      try {
        const reply = await udpQuery(dns.port, Uint8Array.from(testCase.bytes), 500).catch(() => null);
        if (testCase.reply === 'none') expect(reply).toBeNull();
        else {
          expect(reply).not.toBeNull();
          const header = readHeader(reply!)!;
          expect(header.rcode).toBe(testCase.reply);
          expect(header.qr).toBe(true);
          expect(header.id).toBe((testCase.bytes[0]! << 8) | testCase.bytes[1]!);
        }
      } finally {
        await dns.close();
      }
    });
  }

  it('survives random bytes and truncated or mutated real packets, then still answers', async () => {
    const errors: string[] = [];
    const dns = await startTestServer({ log: (line) => errors.push(line) });
    try {
      const random = new SeededRandom(99);
      const byte = (): number => Math.floor(random.nextFloat() * 256);
      const real = encodeMessage(makeQuery(77, 'www.example.test.', RRType.A));
      const update = encodeMessage({ ...makeQuery(78, 'example.test.', RRType.SOA), header: { ...makeQuery(78, 'x.', 1).header, opcode: Opcode.UPDATE } });
      const packets: Uint8Array[] = [];
      for (let i = 0; i < 1500; i++) packets.push(Uint8Array.from({ length: Math.floor(random.nextFloat() * 200) }, byte));
      for (const base of [real, update]) {
        for (let cut = 0; cut < base.length; cut++) packets.push(base.subarray(0, cut));
        for (let i = 0; i < 500; i++) {
          const mutated = Uint8Array.from(base);
          mutated[Math.floor(random.nextFloat() * mutated.length)] = byte();
          packets.push(mutated);
        }
      }
      const replies = await blast(dns.port, packets);
      expect(replies.length).toBeGreaterThan(100);
      for (const reply of replies) expect(parseMessage(reply).ok).toBe(true);
      expect(errors).toEqual([]);
      expect(dns.stats().handlerErrors).toBe(0);
      expect(await queryAddresses(dns.port, 'ns1.example.test.', 'A')).toEqual(['127.0.0.1']);
    } finally {
      await dns.close();
    }
  });

  it('accepts at most tcpConnectionsMax connections at once', async () => {
    const dns = await startTestServer({ tcpConnectionsMax: 2 });
    const sockets: ReturnType<typeof createConnection>[] = [];
    try {
      const closedEarly = await Promise.all([0, 1, 2].map((i) => new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: dns.port });
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 500 + i * 100);
      })));
      expect(closedEarly.filter((c) => c).length).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await dns.close();
    }
  });

  it('closes a TCP connection that sends garbage framing, and keeps serving', async () => {
    const dns = await startTestServer({ tcpIdleTimeoutMs: 300 });
    try {
      const closed = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: dns.port }, () => socket.write(Buffer.from([0x00, 0x05, 1, 2])));
        const timer = setTimeout(() => { socket.destroy(); resolve(false); }, 3000);
        socket.on('close', () => { clearTimeout(timer); resolve(true); });
        socket.on('error', () => undefined);
      });
      expect(closed).toBe(true); // the idle timeout ends a connection stuck mid-message
      expect(await queryAddresses(dns.port, 'ns1.example.test.', 'A')).toEqual(['127.0.0.1']);
    } finally {
      await dns.close();
    }
  });
});

/** Sends every packet from one socket (in small batches) and collects the replies for a moment. */
async function blast(port: number, packets: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const socket = createSocket('udp4');
  const replies: Uint8Array[] = [];
  socket.on('message', (reply) => replies.push(new Uint8Array(reply)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  for (let i = 0; i < packets.length; i++) {
    socket.send(packets[i]!, port, '127.0.0.1');
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  socket.close();
  return replies;
}

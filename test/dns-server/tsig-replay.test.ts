/**
 * A hostile client on a real socket: a signed UPDATE replayed, and one signed long ago with the
 * largest fudge the wire allows. Neither may change the zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_HEADER, Opcode, RRClass, RRType, Rcode, encodeMessage, parseMessage, signMessage } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { TSIG_KEY, dig, udpQuery } from './helpers.js';
import { startTestServer } from './helpers.js';

function signedUpdate(id: number, name: string, address: string, timeSignedSeconds: number, fudgeSeconds: number): Uint8Array {
  const update = encodeMessage({
    header: { ...EMPTY_HEADER, id, opcode: Opcode.UPDATE },
    questions: [{ name: 'example.test.', type: RRType.SOA, class: RRClass.IN }],
    answers: [], additionals: [],
    authorities: [{ name, type: RRType.A, class: RRClass.IN, ttl: 60, data: { kind: 'A', address } }],
  });
  return signMessage(update, TSIG_KEY, { timeSignedSeconds, fudgeSeconds }).wire;
}

function verdictOf(reply: Uint8Array): { rcode: number; tsigError: number | null } {
  const parsed = parseMessage(reply);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  const last = parsed.value.message.additionals.at(-1)?.data;
  return { rcode: parsed.value.message.header.rcode, tsigError: last?.kind === 'TSIG' ? last.error : null };
}

describe('TSIG replay and fudge', () => {
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer();
  });
  afterAll(async () => {
    await dns.close();
  });
  const serial = async (): Promise<number> => Number((await dig(dns.port, ['example.test', 'SOA', '+short'])).trim().split(/\s+/)[2]);

  it('refuses an UPDATE signed 60,000 s ago with fudge 65535: the fudge honoured is capped', async () => {
    const before = await serial();
    const reply = await udpQuery(dns.port, signedUpdate(1, 'old.example.test.', '192.0.2.1', Math.floor(Date.now() / 1000) - 60_000, 65535));
    expect(verdictOf(reply)).toEqual({ rcode: Rcode.NOTAUTH, tsigError: 18 });
    expect(await dig(dns.port, ['old.example.test', 'A', '+short'])).toBe('');
    expect(await serial()).toBe(before);
  });

  it('applies a signed UPDATE once: the same bytes again are refused and change nothing', async () => {
    const bytes = signedUpdate(2, 'replayed.example.test.', '192.0.2.2', Math.floor(Date.now() / 1000), 300);
    expect(verdictOf(await udpQuery(dns.port, bytes))).toEqual({ rcode: Rcode.NOERROR, tsigError: 0 });
    const after = await serial();
    // Someone removes the record; the replay would put it back.
    const removal = encodeMessage({
      header: { ...EMPTY_HEADER, id: 3, opcode: Opcode.UPDATE },
      questions: [{ name: 'example.test.', type: RRType.SOA, class: RRClass.IN }], answers: [], additionals: [],
      authorities: [{ name: 'replayed.example.test.', type: RRType.A, class: RRClass.ANY, ttl: 0, data: { kind: 'empty' } }],
    });
    const signedRemoval = signMessage(removal, TSIG_KEY, { timeSignedSeconds: Math.floor(Date.now() / 1000) }).wire;
    expect(verdictOf(await udpQuery(dns.port, signedRemoval)).rcode).toBe(Rcode.NOERROR);
    expect(verdictOf(await udpQuery(dns.port, bytes))).toEqual({ rcode: Rcode.NOTAUTH, tsigError: 18 });
    expect(await dig(dns.port, ['replayed.example.test', 'A', '+short'])).toBe('');
    expect(await serial()).toBe(after + 1);
  });
});

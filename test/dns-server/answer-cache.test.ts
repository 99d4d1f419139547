/**
 * The precomputed answer path in the cases a random walk reaches rarely: an answer kept from TCP
 * and served truncated over UDP, sampled plan endpoints, and invalidation that drops only what a
 * commit changed. Each reply is compared with the full path's (answerCache: false).
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { buildChain } from '../../src/dns-server/chain.js';
import { PacketProcessor } from '../../src/dns-server/packet.js';
import { ZoneStore } from '../../src/dns-server/zone-store.js';
import type { RRset } from '../../src/dns-server/zone.js';
import { RRType, Rcode, encodeMessage, parseMessage, type RData, type ResourceRecord } from '../../src/dns-wire/index.js';
import { WeightedTable, sampleWeighted } from '../../src/dns-server/weighted.js';

const ORIGIN = 'example.test.';

function setUp(): { store: ZoneStore; fast: PacketProcessor; slow: PacketProcessor; put(name: string, rrset: RRset | null): void } {
  const store = new ZoneStore({ origin: ORIGIN, dataDir: null });
  const make = (answerCache: boolean): PacketProcessor => {
    const random = new SeededRandom(5);
    const nowSeconds = (): number => 1_700_000_000;
    const handlers = buildChain({
      zone: () => store.reader, random, tsigKeys: new Map(), nowSeconds, udpPayloadMax: 1232,
      applyUpdate: () => ({ rcode: Rcode.REFUSED, detail: 'no updates' }),
    });
    return new PacketProcessor({ handlers, random, nowSeconds, log: () => undefined, udpPayloadMax: 1232, answerCache });
  };
  const fast = make(true);
  const slow = make(false);
  store.onCommit((entry) => fast.invalidate(entry.changes.map((c) => c.name)));
  const put = (name: string, rrset: RRset | null): void => {
    const outcome = store.transact(() => ({ changes: [{ name, type: rrset?.type ?? RRType.A, rrset }], result: null }));
    if (!outcome.ok) throw new Error(outcome.reason);
  };
  return { store, fast, slow, put };
}

function query(name: string, type: number, options: { id?: number; payload?: number } = {}): Uint8Array {
  const additionals: ResourceRecord[] = options.payload === undefined ? [] : [{ name: '.', type: RRType.OPT, class: options.payload, ttl: 0, data: { kind: 'OPT', options: [] } }];
  return encodeMessage({
    header: { id: options.id ?? 1, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 },
    questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals,
  }).slice();
}

const txt = (length: number, i: number): RData => ({ kind: 'TXT', strings: [`${i}`.padEnd(length, 'x')] });

describe('precomputed answers, chosen cases', () => {
  it('an answer kept from TCP is sent truncated over UDP when it does not fit, as the full path does', () => {
    const { store, fast, slow, put } = setUp();
    put(`big.${ORIGIN}`, { type: RRType.TXT, ttl: 60, rdatas: [0, 1, 2, 3].map((i) => txt(200, i)) });
    for (const [bytes, transport] of [
      [query(`big.${ORIGIN}`, RRType.TXT), 'tcp'],
      [query(`BIG.${ORIGIN}`, RRType.TXT, { id: 2 }), 'udp'],
      [query(`big.${ORIGIN}`, RRType.TXT, { payload: 4096 }), 'tcp'],
      [query(`big.${ORIGIN}`, RRType.TXT, { id: 3, payload: 600 }), 'udp'],
      [query(`big.${ORIGIN}`, RRType.TXT, { id: 4, payload: 4096 }), 'udp'],
    ] as const) {
      const expected = slow.process(bytes, transport);
      expect(Buffer.from(fast.process(bytes, transport)!).toString('hex')).toBe(Buffer.from(expected!).toString('hex'));
    }
    expect(fast.cacheHits).toBe(3);
    const truncated = parseMessage(fast.process(query(`big.${ORIGIN}`, RRType.TXT, { id: 9 }), 'udp')!);
    expect(truncated.ok && truncated.value.message.header.tc).toBe(true);
    store.close();
  });

  it('a plan endpoint larger than its answersMax draws every answer anew, from the same weights', () => {
    const { store, fast, slow, put } = setUp();
    const addresses = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'];
    put(`api.${ORIGIN}`, { type: RRType.A, ttl: 5, rdatas: addresses.map((address): RData => ({ kind: 'A', address })), weights: [8, 4, 2, 1, 1], answersMax: 2 });
    const seen = new Set<string>();
    for (let id = 0; id < 200; id++) {
      const bytes = query(id % 2 === 0 ? `api.${ORIGIN}` : `API.${ORIGIN}`, RRType.A, { id, payload: 1232 });
      const reply = fast.process(bytes, 'udp')!;
      expect(Buffer.from(reply).toString('hex')).toBe(Buffer.from(slow.process(bytes, 'udp')!).toString('hex'));
      const parsed = parseMessage(reply);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      expect(parsed.value.message.answers).toHaveLength(2);
      seen.add(parsed.value.message.answers.map((rr) => (rr.data.kind === 'A' ? rr.data.address : '')).sort().join(','));
    }
    expect(fast.cacheHits).toBe(199);
    expect(seen.size).toBeGreaterThan(3);
    store.close();
  });

  it('a commit drops the answers of the names it changed and every negative answer, and keeps the rest', () => {
    const { store, fast, put } = setUp();
    for (const name of ['a', 'b', 'c']) put(`${name}.${ORIGIN}`, { type: RRType.A, ttl: 60, rdatas: [{ kind: 'A', address: '192.0.2.9' }] });
    for (const name of ['a', 'b', 'c', 'missing']) fast.process(query(`${name}.${ORIGIN}`, RRType.A), 'udp');
    expect(fast.cachedAnswers).toBe(4);
    put(`b.${ORIGIN}`, { type: RRType.A, ttl: 60, rdatas: [{ kind: 'A', address: '192.0.2.10' }] });
    // a and c stay; b changed; the NXDOMAIN's SOA carries the serial, which every commit moves.
    expect(fast.cachedAnswers).toBe(2);
    const b = parseMessage(fast.process(query(`b.${ORIGIN}`, RRType.A), 'udp')!);
    expect(b.ok && b.value.message.answers[0]!.data).toEqual({ kind: 'A', address: '192.0.2.10' });
    store.close();
  });
});

describe('the weight table', () => {
  it('draws two of three with weights 1:1:2 with the heavy one in 5/6 of the draws, like sampleWeighted', () => {
    const table = new WeightedTable([1, 1, 2]);
    const random = new SeededRandom(17);
    const draws = 30_000;
    let heavyFromTable = 0;
    let heavyFromScan = 0;
    for (let i = 0; i < draws; i++) {
      const picked = table.draw(2, random);
      expect(new Set(picked).size).toBe(2);
      if (picked.includes(2)) heavyFromTable++;
      if (sampleWeighted([0, 1, 2], [1, 1, 2], 2, random).includes(2)) heavyFromScan++;
    }
    expect(Math.abs(heavyFromTable / draws - 5 / 6)).toBeLessThan(0.01);
    expect(Math.abs(heavyFromScan / draws - 5 / 6)).toBeLessThan(0.01);
  });

  it('stays exact when the chosen ones hold nearly all the weight (the scan after rejections)', () => {
    // Weights 1000:1:1, two drawn: the second draw mostly hits the heavy one again and falls back.
    const table = new WeightedTable([1000, 1, 1]);
    const random = new SeededRandom(23);
    const draws = 20_000;
    let bothLight = 0;
    for (let i = 0; i < draws; i++) if (!table.draw(2, random).includes(0)) bothLight++;
    // P(heavy not drawn) = P(light first) · P(other light second) = 2/1002 · 1/1001.
    expect(bothLight).toBeLessThan(5);
    const shares = [0, 0, 0];
    for (let i = 0; i < draws; i++) for (const index of table.draw(2, random)) shares[index]!++;
    expect(Math.abs(shares[1]! / draws - 0.5)).toBeLessThan(0.02);
  });

  it('returns every index when there are no more than asked', () => {
    expect(new WeightedTable([3, 1]).draw(4, new SeededRandom(1))).toEqual([0, 1]);
  });
});

/**
 * Random signed UPDATEs against the packet processor (in process, no sockets): whatever the
 * prerequisites and updates, the server never throws, every reply parses, the apex keeps its SOA
 * and NS, and the serial moves by exactly one on NOERROR-with-changes and never otherwise.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { createProcessor } from '../../src/dns-server/server.js';
import { ZoneStore } from '../../src/dns-server/zone-store.js';
import {
  EMPTY_HEADER, Opcode, RRClass, RRType, Rcode, encodeMessage, parseMessage, signMessage,
  type RData, type ResourceRecord,
} from '../../src/dns-wire/index.js';
import { TSIG_KEY } from './helpers.js';

const NAMES = ['example.test.', 'a.example.test.', 'b.a.example.test.', '_dnsplane.a.example.test.', 'c.example.test.', 'outside.test.'];
const TYPES = [RRType.A, RRType.AAAA, RRType.TXT, RRType.NS, RRType.CNAME, RRType.SOA, RRType.ANY, RRType.OPT];
const CLASSES = [RRClass.IN, RRClass.IN, RRClass.ANY, RRClass.NONE, 3];

describe('UPDATE fuzzing', () => {
  it('keeps the zone consistent under 3000 random signed updates', () => {
    const seed = 2024;
    const random = new SeededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.nextFloat() * items.length)]!;
    const errors: string[] = [];
    const store = new ZoneStore({ origin: 'example.test.', dataDir: null });
    const nowMs = 1_800_000_000_000;
    const processor = createProcessor(store, { random, tsigKeys: [TSIG_KEY], nowMs: () => nowMs, log: (line) => errors.push(line) });
    const dataFor = (type: number, rrClass: number): RData => {
      if (rrClass === RRClass.ANY || (rrClass === RRClass.NONE && random.nextFloat() < 0.5) || random.nextFloat() < 0.05) return { kind: 'empty' };
      switch (type) {
        case RRType.A: return { kind: 'A', address: `192.0.2.${Math.floor(random.nextFloat() * 3)}` };
        case RRType.AAAA: return { kind: 'AAAA', address: '2001:db8::1' };
        case RRType.NS: return { kind: 'NS', host: pick(NAMES) };
        case RRType.CNAME: return { kind: 'CNAME', host: pick(NAMES) };
        case RRType.SOA: return { kind: 'SOA', mname: 'ns1.example.test.', rname: 'h.example.test.', serial: Math.floor(random.nextFloat() * 2 ** 32), refresh: 1, retry: 1, expire: 1, minimum: 1 };
        default: return { kind: 'TXT', strings: [pick(['gen=1', 'gen=2', 'x'])] };
      }
    };
    const record = (prerequisite: boolean): ResourceRecord => {
      const type = pick(TYPES);
      const rrClass = pick(CLASSES);
      return { name: pick(NAMES), type, class: rrClass, ttl: prerequisite || rrClass !== RRClass.IN ? (random.nextFloat() < 0.05 ? 5 : 0) : 60, data: dataFor(type, rrClass) };
    };
    const rcodes = new Map<number, number>();
    let changed = 0;
    for (let i = 0; i < 3000; i++) {
      const message = {
        header: { ...EMPTY_HEADER, id: i & 0xffff, opcode: Opcode.UPDATE },
        questions: [{ name: random.nextFloat() < 0.05 ? 'other.test.' : 'example.test.', type: random.nextFloat() < 0.05 ? RRType.A : RRType.SOA, class: RRClass.IN }],
        answers: Array.from({ length: Math.floor(random.nextFloat() * 3) }, () => record(true)),
        authorities: Array.from({ length: Math.floor(random.nextFloat() * 4) }, () => record(false)),
        additionals: [],
      };
      const serialBefore = store.serial;
      const signed = signMessage(encodeMessage(message), TSIG_KEY, { timeSignedSeconds: nowMs / 1000 }).wire;
      const reply = processor.process(signed, 'udp');
      expect(reply, `seed ${seed}, update ${i}`).not.toBeNull();
      const parsed = parseMessage(reply!);
      expect(parsed.ok, `seed ${seed}, update ${i}`).toBe(true);
      if (!parsed.ok) return;
      const rcode = parsed.value.message.header.rcode;
      const delta = (store.serial - serialBefore + 2 ** 32) % 2 ** 32;
      rcodes.set(rcode, (rcodes.get(rcode) ?? 0) + 1);
      if (delta > 0) changed++;
      if (rcode !== Rcode.NOERROR) expect(delta, `seed ${seed}, update ${i}: rcode ${rcode} changed the zone`).toBe(0);
      // An explicit newer SOA may move the serial further; otherwise one bump at most.
      const setsSoa = message.authorities.some((r) => r.type === RRType.SOA && r.class === RRClass.IN);
      if (!setsSoa) expect(delta).toBeLessThanOrEqual(1);
      expect(store.reader.rrset('example.test.', RRType.SOA)?.rdatas.length).toBe(1);
      expect(store.reader.rrset('example.test.', RRType.NS)?.rdatas.length).toBeGreaterThan(0);
      const cname = store.reader.rrset('a.example.test.', RRType.CNAME);
      if (cname !== undefined) expect([...store.reader.rrsetsAt('a.example.test.')!.keys()]).toEqual([RRType.CNAME]);
    }
    expect(errors).toEqual([]);
    // Not vacuous: many updates applied, and every kind of refusal was seen.
    expect(changed).toBeGreaterThan(100);
    for (const rcode of [Rcode.FORMERR, Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN, Rcode.NOTZONE, Rcode.NOTAUTH]) {
      expect(rcodes.get(rcode) ?? 0, `rcode ${rcode}`).toBeGreaterThan(0);
    }
  });
});

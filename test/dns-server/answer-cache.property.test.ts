/**
 * The precomputed answer path (answer-cache.ts) against the full path (parse, handler chain,
 * encode), byte for byte: over random zones changed by random commits, random questions (any
 * case, types, classes, header flags, EDNS sizes, DO bit, options, versions), UDP and TCP, and
 * now and then a request with a trailing byte or one byte short. Both processors read the same
 * zone and draw weighted samples from equally seeded randoms, so even sampled answers must match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { buildChain } from '../../src/dns-server/chain.js';
import { PacketProcessor } from '../../src/dns-server/packet.js';
import type { RRset, ZoneChange } from '../../src/dns-server/zone.js';
import { ZoneStore } from '../../src/dns-server/zone-store.js';
import { RRType, Rcode, canonicalName, encodeMessage, type DnsMessage, type RData, type ResourceRecord } from '../../src/dns-wire/index.js';
import { configureProperties } from '../property/fc-settings.js';

configureProperties();

const ORIGIN = 'example.test.';
const UDP_PAYLOAD_MAX = 1232;
const LABELS = ['a', 'www', 'api', 'mail', 'x', 'esc\\.dot', 'sp\\032ce', 'Long-label-0123456789'];
const NAMES = [ORIGIN, ...LABELS.map((l) => `${l}.${ORIGIN}`), ...LABELS.slice(0, 4).map((l) => `${l}.api.${ORIGIN}`), `deep.ent.${ORIGIN}`].map(canonicalName);
const QUESTION_NAMES = [...NAMES, `missing.${ORIGIN}`, `ent.${ORIGIN}`, 'example.org.', '.', 'test.'];
const QTYPES = [RRType.A, RRType.AAAA, RRType.TXT, RRType.CNAME, RRType.NS, RRType.SOA, RRType.ANY, RRType.AXFR, 99, 65, 15];

type Step = Asking | { readonly kind: 'commit'; readonly changes: readonly DrawnChange[] };

const ttl = fc.integer({ min: 0, max: 3600 });
const addressA = fc.integer({ min: 1, max: 254 }).map((n): RData => ({ kind: 'A', address: `192.0.2.${n}` }));
const addressAAAA = fc.integer({ min: 1, max: 0xffff }).map((n): RData => ({ kind: 'AAAA', address: `2001:db8::${n.toString(16)}` }));

function distinct(rdatas: readonly RData[]): RData[] {
  const seen = new Set<string>();
  return rdatas.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const addressSet = (type: number, address: fc.Arbitrary<RData>): fc.Arbitrary<RRset> => fc.record({
  ttl,
  rdatas: fc.array(address, { minLength: 1, maxLength: 12 }).map(distinct),
  weighted: fc.option(fc.record({ weights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 12, maxLength: 12 }), answersMax: fc.integer({ min: 1, max: 4 }) })),
}).map(({ ttl: t, rdatas, weighted }) => (weighted === null
  ? { type, ttl: t, rdatas }
  : { type, ttl: t, rdatas, weights: weighted.weights.slice(0, rdatas.length), answersMax: weighted.answersMax }));

const rrsetFor: Record<number, fc.Arbitrary<RRset>> = {
  [RRType.A]: addressSet(RRType.A, addressA),
  [RRType.AAAA]: addressSet(RRType.AAAA, addressAAAA),
  // Long strings push some answers past 512 bytes: the truncated form is compared too.
  [RRType.TXT]: fc.record({ ttl, strings: fc.array(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 150, maxLength: 250 })), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }) })
    .map(({ ttl: t, strings }) => ({ type: RRType.TXT, ttl: t, rdatas: distinct(strings.map((s): RData => ({ kind: 'TXT', strings: s.map((x) => x.replace(/[^\x20-\x7e]/g, '?')) }))) })),
  [RRType.CNAME]: fc.record({ ttl, host: fc.constantFrom(...NAMES, 'elsewhere.example.org.') }).map(({ ttl: t, host }) => ({ type: RRType.CNAME, ttl: t, rdatas: [{ kind: 'CNAME', host }] })),
  [RRType.NS]: fc.record({ ttl, hosts: fc.uniqueArray(fc.constantFrom(...NAMES, 'ns.example.org.'), { minLength: 1, maxLength: 3 }) })
    .map(({ ttl: t, hosts }) => ({ type: RRType.NS, ttl: t, rdatas: hosts.map((host): RData => ({ kind: 'NS', host })) })),
  [99]: fc.record({ ttl, bytes: fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 }) })
    .map(({ ttl: t, bytes }) => ({ type: 99, ttl: t, rdatas: bytes.map((b): RData => ({ kind: 'raw', bytes: b })) })),
};

/** `name` of a change: an asked name (by index) half of the time, so commits hit cached answers. */
type DrawnChange = ZoneChange & { readonly askedIndex: number | null };
const change: fc.Arbitrary<DrawnChange> = fc.record({
  name: fc.constantFrom(...NAMES),
  askedIndex: fc.option(fc.nat()),
  type: fc.constantFrom(RRType.A, RRType.AAAA, RRType.TXT, RRType.CNAME, RRType.NS, 99),
  remove: fc.boolean(),
}).chain(({ name, askedIndex, type, remove }): fc.Arbitrary<DrawnChange> => {
  if (remove) return fc.constant({ name, askedIndex, type, rrset: null });
  return rrsetFor[type]!.map((rrset) => ({ name, askedIndex, type, rrset }));
});

/** The changes of one transaction against the run's questions: one per (name, type), the last one winning. */
function resolve(changes: readonly DrawnChange[], questions: readonly Asked[]): ZoneChange[] {
  const resolved = changes.map(({ askedIndex, ...c }) => {
    const askedName = askedIndex === null ? null : canonicalName(questions[askedIndex % questions.length]!.name);
    return askedName !== null && NAMES.includes(askedName) ? { ...c, name: askedName } : c;
  }).filter((c) => c.rrset !== null || !(c.name === ORIGIN && c.type === RRType.NS)); // the apex keeps its NS
  return [...new Map(resolved.map((c) => [`${c.name}|${c.type}`, c])).values()];
}

/** A question as asked again and again in one run: the cache is keyed by these. */
interface Asked {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  readonly edns: { readonly dnssecOk: boolean; readonly options: readonly { code: number; data: Uint8Array }[] } | null;
}

const asked: fc.Arbitrary<Asked> = fc.record({
  name: fc.constantFrom(...QUESTION_NAMES),
  type: fc.constantFrom(...QTYPES),
  class: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(3, 254, 255) }),
  edns: fc.option(fc.record({
    dnssecOk: fc.boolean(),
    options: fc.array(fc.record({ code: fc.integer({ min: 0, max: 65535 }), data: fc.uint8Array({ maxLength: 12 }) }), { maxLength: 2 }),
  })),
});

/** One request for one of the run's questions: its own id, flags, case, size limit, transport. */
interface Asking {
  readonly kind: 'query';
  readonly index: number;
  readonly id: number;
  readonly flags: { rd: boolean; cd: boolean; ad: boolean; aa: boolean; tc: boolean; ra: boolean; rcode: number };
  readonly opcode: number;
  readonly caseFlips: readonly boolean[];
  readonly payload: number;
  /** EDNS version: anything but 0 is BADVERS, never to be answered from a version-0 answer. */
  readonly version: number;
  readonly transport: 'udp' | 'tcp';
  readonly mangle: 'none' | 'trailing' | 'short';
}

const asking: fc.Arbitrary<Asking> = fc.record({
  kind: fc.constant('query' as const),
  index: fc.nat(),
  id: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.record({ rd: fc.boolean(), cd: fc.boolean(), ad: fc.boolean(), aa: fc.boolean(), tc: fc.boolean(), ra: fc.boolean(), rcode: fc.integer({ min: 0, max: 15 }) }),
  opcode: fc.oneof({ weight: 19, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 5) }),
  caseFlips: fc.array(fc.boolean(), { maxLength: 40 }),
  payload: fc.oneof(fc.constantFrom(0, 511, 512, 600, 1232, 4096, 65535), fc.integer({ min: 0, max: 65535 })),
  version: fc.oneof({ weight: 15, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }),
  transport: fc.oneof({ weight: 3, arbitrary: fc.constant('udp' as const) }, { weight: 1, arbitrary: fc.constant('tcp' as const) }),
  mangle: fc.oneof({ weight: 20, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom('trailing' as const, 'short' as const) }),
});

function requestBytes(question: Asked, request: Asking): Uint8Array {
  const name = [...question.name].map((ch, i) => (request.caseFlips[i] === true ? ch.toUpperCase() : ch)).join('');
  const opt = question.edns;
  const additionals: ResourceRecord[] = opt === null ? [] : [{
    name: '.', type: RRType.OPT, class: request.payload, ttl: ((request.version << 16) | (opt.dnssecOk ? 0x8000 : 0)) >>> 0, data: { kind: 'OPT', options: opt.options },
  }];
  const message: DnsMessage = {
    header: { id: request.id, qr: false, opcode: request.opcode, ...request.flags },
    questions: [{ name, type: question.type, class: question.class }], answers: [], authorities: [], additionals,
  };
  const encoded = encodeMessage(message);
  if (request.mangle === 'trailing') return Uint8Array.from([...encoded, 0]);
  return request.mangle === 'short' ? encoded.slice(0, -1) : encoded.slice();
}

const commit: fc.Arbitrary<Step> = fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => ({ kind: 'commit', changes }));

function processorFor(store: ZoneStore, seed: number, answerCache: boolean): PacketProcessor {
  const random = new SeededRandom(seed);
  const nowSeconds = (): number => 1_700_000_000;
  const handlers = buildChain({
    zone: () => store.reader, random, tsigKeys: new Map(), nowSeconds, udpPayloadMax: UDP_PAYLOAD_MAX,
    applyUpdate: () => ({ rcode: Rcode.REFUSED, detail: 'no updates here' }),
  });
  return new PacketProcessor({ handlers, random, nowSeconds, log: () => undefined, udpPayloadMax: UDP_PAYLOAD_MAX, answerCache });
}

function hex(bytes: Uint8Array | null): string {
  return bytes === null ? 'no reply' : Buffer.from(bytes).toString('hex');
}

describe('precomputed answers', () => {
  it('are byte for byte the answers of the full path, across commits', () => {
    let hits = 0;
    let queries = 0;
    fc.assert(fc.property(
      fc.array(change, { minLength: 0, maxLength: 20 }),
      fc.array(asked, { minLength: 1, maxLength: 6 }),
      fc.array(fc.oneof({ weight: 8, arbitrary: asking }, { weight: 1, arbitrary: commit }), { minLength: 10, maxLength: 80 }),
      fc.integer({ min: 1, max: 0x7fffffff }),
      (initial, questions, steps, seed) => {
        const store = new ZoneStore({ origin: ORIGIN, dataDir: null });
        store.transact(() => ({ changes: resolve(initial, questions), result: null }));
        const fast = processorFor(store, seed, true);
        const slow = processorFor(store, seed, false);
        store.onCommit((entry) => fast.invalidate(entry.changes.map((c) => c.name)));
        for (const step of steps) {
          if (step.kind === 'commit') {
            store.transact(() => ({ changes: resolve(step.changes, questions), result: null }));
            continue;
          }
          const bytes = requestBytes(questions[step.index % questions.length]!, step);
          const expected = slow.process(bytes, step.transport);
          const actual = fast.process(bytes, step.transport);
          expect(hex(actual)).toBe(hex(expected));
          queries++;
        }
        hits += fast.cacheHits;
        expect(slow.cacheHits).toBe(0);
        store.close();
      },
    ), { numRuns: 300 });
    // The comparison means something only if many answers did come from the cache.
    expect(hits).toBeGreaterThan(queries / 4);
  });

  it('answer repeated questions from the cache, in the client\'s case, with its id and flags', () => {
    const store = new ZoneStore({ origin: ORIGIN, dataDir: null });
    store.transact(() => ({ changes: [{ name: `api.${ORIGIN}`, type: RRType.A, rrset: { type: RRType.A, ttl: 60, rdatas: [{ kind: 'A', address: '192.0.2.7' }] } }], result: null }));
    const fast = processorFor(store, 1, true);
    const slow = processorFor(store, 1, false);
    const ask = (name: string, id: number, rd: boolean): Uint8Array => encodeMessage({
      header: { id, qr: false, opcode: 0, aa: false, tc: false, rd, ra: false, ad: false, cd: !rd, rcode: 0 },
      questions: [{ name, type: RRType.A, class: 1 }], answers: [], authorities: [], additionals: [],
    }).slice();
    fast.process(ask(`api.${ORIGIN}`, 1, true), 'udp');
    expect(fast.cachedAnswers).toBe(1);
    for (const [name, id, rd] of [['API.Example.TEST.', 2, false], ['aPi.eXample.test.', 65535, true]] as const) {
      const reply = fast.process(ask(name, id, rd), 'udp');
      expect(fast.cachedAnswers).toBe(1);
      expect(hex(reply)).toBe(hex(slow.process(ask(name, id, rd), 'udp')));
      expect(Buffer.from(reply!).subarray(12, 12 + name.length + 1).toString('latin1')).toContain(name.split('.')[0]);
    }
    store.close();
  });
});

/**
 * Properties of the DNS codec (miekg/dns's fuzz harness is the model):
 *   - every message the codec can represent survives encode → decode unchanged, and re-encodes
 *     to the same bytes;
 *   - parseMessage never throws, whatever the bytes: random buffers, and valid messages with bit
 *     flips, truncations, overwritten bytes and hand-made compression-pointer loops and chains.
 *
 * The generators build names from wire labels (any byte, 1–63 per label, 255 bytes in all) and
 * write them in the codec's presentation form (message.ts: printable ASCII as is, '.' and '\'
 * escaped with a backslash, every other byte as \DDD), so an exact comparison is possible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LABEL_LENGTH_MAX, NAME_POINTER_HOPS_MAX, NAME_WIRE_LENGTH_MAX, RRType, encodeMessage, nameToLabels, parseMessage, readHeader,
  type DnsHeader, type DnsMessage, type EdnsOption, type Question, type RData, type ResourceRecord,
} from '../../src/dns-wire/index.js';
import { configureProperties } from './fc-settings.js';

configureProperties();

// ---------------------------------------------------------------------------------------------
// Names.

function labelText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x2e || byte === 0x5c) text += `\\${String.fromCharCode(byte)}`;
    else if (byte > 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\${byte.toString().padStart(3, '0')}`;
  }
  return text;
}

function nameText(labels: readonly Uint8Array[]): string {
  return labels.length === 0 ? '.' : `${labels.map(labelText).join('.')}.`;
}

/** Keeps the leading labels that fit in 255 wire bytes (the root's zero byte included). */
function fitName(labels: readonly Uint8Array[]): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let wire = 1;
  for (const label of labels) {
    if (wire + label.length + 1 > NAME_WIRE_LENGTH_MAX) break;
    wire += label.length + 1;
    kept.push(label);
  }
  return kept;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Labels: hostname-like (most names), any byte, and the 63-byte maximum. */
function labelArb(options: { upperCase: boolean }): fc.Arbitrary<Uint8Array> {
  const hostname = options.upperCase ? /^[A-Za-z0-9_-]{1,20}$/ : /^[a-z0-9_-]{1,20}$/;
  const anyByte = options.upperCase
    ? fc.uint8Array({ minLength: 1, maxLength: LABEL_LENGTH_MAX })
    // Without upper case: no byte in A–Z, so no name differs from another only by ASCII case.
    : fc.uint8Array({ minLength: 1, maxLength: LABEL_LENGTH_MAX }).map((b) => b.map((x) => (x >= 0x41 && x <= 0x5a ? x + 0x20 : x)));
  return fc.oneof(
    { weight: 6, arbitrary: fc.stringMatching(hostname).map(ascii) },
    { weight: 2, arbitrary: anyByte },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{63}$/).map(ascii) },
  );
}

/**
 * Names drawn so that suffixes repeat (compression gets exercised): a few shared suffixes, each
 * with 0–3 random labels in front. `maxDepth` 127 reaches the 255-byte limit with 1-byte labels.
 */
function namePoolArb(options: { upperCase: boolean }): fc.Arbitrary<string[]> {
  const label = labelArb(options);
  const suffix = fc.oneof(
    fc.array(label, { maxLength: 4 }),
    fc.array(fc.constant(ascii('a')), { minLength: 120, maxLength: 127 }),
    fc.array(fc.stringMatching(/^[a-z]{63}$/).map(ascii), { minLength: 3, maxLength: 4 }),
  );
  return fc.tuple(fc.array(suffix, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.array(label, { maxLength: 3 })), { minLength: 1, maxLength: 8 }))
    .map(([suffixes, names]) => names.map(([which, front]) => nameText(fitName([...front, ...suffixes[which % suffixes.length]!]))));
}

// ---------------------------------------------------------------------------------------------
// Records.

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

const ipv4Arb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));

/**
 * IPv6 in RFC 5952 form, as the decoder prints it. The WHATWG URL serializer implements the same
 * rules (longest run of ≥ 2 zero groups compressed, the first on a tie, lower case), so it is an
 * independent oracle for the text.
 */
const ipv6GroupsArb = fc.array(fc.oneof(fc.constant(0), fc.constant(0), u16), { minLength: 8, maxLength: 8 });
const canonicalIpv6 = (groups: readonly number[]): string => new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const characterStringArb = fc.oneof(
  fc.constant(''),
  fc.uint8Array({ maxLength: 40 }).map(latin1),
  fc.uint8Array({ minLength: 255, maxLength: 255 }).map(latin1),
  fc.uint8Array({ maxLength: 255 }).map(latin1),
);

const ednsOptionArb: fc.Arbitrary<EdnsOption> = fc.record({ code: u16, data: fc.uint8Array({ maxLength: 24 }) });

/**
 * Types the decoder keeps as raw bytes, byte for byte: none of the ones it interprets, and none of
 * those whose names it decompresses (MX, SRV, PTR, ...: arbitrary bytes are no valid rdata there).
 */
const INTERPRETED = new Set<number>([RRType.A, RRType.AAAA, RRType.TXT, RRType.NS, RRType.CNAME, RRType.SOA, RRType.OPT, RRType.TSIG,
  3, 4, 7, 8, 9, 12, 14, 15, 17, 18, 21, 26, 33, 35]);
const rawTypeArb = fc.oneof(fc.constantFrom(99, 251, 252, 255, 65535), u16).filter((t) => !INTERPRETED.has(t));

type RecordArbs = (name: fc.Arbitrary<string>) => fc.Arbitrary<ResourceRecord>;

function record(name: string, type: number, rrClass: number, ttl: number, data: RData): ResourceRecord {
  return { name, type, class: rrClass, ttl, data };
}

/** Any record except TSIG (which must be the last additional), with its type's rdata. */
const plainRecordArb: RecordArbs = (name) => {
  const common = fc.tuple(name, u16, u32);
  const withData = (type: number, data: fc.Arbitrary<RData>): fc.Arbitrary<ResourceRecord> =>
    fc.tuple(common, data).map(([[owner, rrClass, ttl], rdata]) => record(owner, type, rrClass, ttl, rdata));
  return fc.oneof(
    withData(RRType.A, ipv4Arb.map((address) => ({ kind: 'A', address }))),
    withData(RRType.AAAA, ipv6GroupsArb.map((groups) => ({ kind: 'AAAA', address: canonicalIpv6(groups) }))),
    // At least one character-string: zero would be rdlength 0, which decodes as 'empty'.
    withData(RRType.TXT, fc.array(characterStringArb, { minLength: 1, maxLength: 6 }).map((strings) => ({ kind: 'TXT', strings }))),
    withData(RRType.NS, name.map((host) => ({ kind: 'NS', host }))),
    withData(RRType.CNAME, name.map((host) => ({ kind: 'CNAME', host }))),
    withData(RRType.SOA, fc.record({ mname: name, rname: name, serial: u32, refresh: u32, retry: u32, expire: u32, minimum: u32 }).map((soa) => ({ kind: 'SOA', ...soa }))),
    // OPT: class is the UDP payload size, TTL the extended rcode, version and flags.
    withData(RRType.OPT, fc.array(ednsOptionArb, { maxLength: 4 }).map((options) => ({ kind: 'OPT', options }))),
    // RFC 2136 deletions and prerequisites: any type but OPT, no rdata.
    fc.tuple(common, u16.filter((t) => t !== RRType.OPT)).map(([[owner, rrClass, ttl], type]) => record(owner, type, rrClass, ttl, { kind: 'empty' })),
    // Unknown types: kept byte for byte (at least one byte, else it is 'empty').
    fc.tuple(common, rawTypeArb, fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([[owner, rrClass, ttl], type, bytes]) => record(owner, type, rrClass, ttl, { kind: 'raw', bytes })),
  );
};

const tsigRecordArb: RecordArbs = (name) => fc.record({
  owner: name, algorithm: name,
  timeSigned: fc.oneof(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.constantFrom(0, 2 ** 32, 2 ** 48 - 1)),
  fudge: u16, mac: fc.uint8Array({ maxLength: 64 }), originalId: u16, error: u16, otherData: fc.uint8Array({ maxLength: 8 }),
}).map(({ owner, ...tsig }) => record(owner, RRType.TSIG, 255, 0, { kind: 'TSIG', ...tsig }));

const headerArb: fc.Arbitrary<DnsHeader> = fc.record({
  id: u16, qr: fc.boolean(), opcode: fc.integer({ min: 0, max: 15 }), aa: fc.boolean(), tc: fc.boolean(), rd: fc.boolean(),
  ra: fc.boolean(), ad: fc.boolean(), cd: fc.boolean(), rcode: fc.integer({ min: 0, max: 15 }),
});

function messageArb(options: { upperCase: boolean; sectionMax: number }): fc.Arbitrary<DnsMessage> {
  return namePoolArb(options).chain((pool) => {
    const name = fc.constantFrom(...pool);
    const section = fc.array(plainRecordArb(name), { maxLength: options.sectionMax });
    const question: fc.Arbitrary<Question> = fc.record({ name, type: u16, class: u16 });
    return fc.record({
      header: headerArb,
      questions: fc.array(question, { maxLength: 3 }),
      answers: section,
      authorities: section,
      additionals: fc.tuple(section, fc.option(tsigRecordArb(name), { freq: 3 })).map(([records, tsig]) => (tsig === null ? records : [...records, tsig])),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Comparisons.

/** RFC 4343: DNS names are equal when they differ only in the case of ASCII letters. */
function asciiLower(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function namesFolded(message: DnsMessage): DnsMessage {
  const rdata = (data: RData): RData => {
    switch (data.kind) {
      case 'NS': case 'CNAME': return { ...data, host: asciiLower(data.host) };
      case 'SOA': return { ...data, mname: asciiLower(data.mname), rname: asciiLower(data.rname) };
      case 'TSIG': return { ...data, algorithm: asciiLower(data.algorithm) };
      default: return data;
    }
  };
  const rr = (r: ResourceRecord): ResourceRecord => ({ ...r, name: asciiLower(r.name), data: rdata(r.data) });
  return {
    header: message.header,
    questions: message.questions.map((q) => ({ ...q, name: asciiLower(q.name) })),
    answers: message.answers.map(rr), authorities: message.authorities.map(rr), additionals: message.additionals.map(rr),
  };
}

/**
 * A message as canonical text (byte arrays as hex). Comparing these strings is far faster than a
 * deep equality over typed arrays, and a failure still shows a readable diff.
 */
function messageText(message: DnsMessage): string {
  return JSON.stringify(message, (_key, value: unknown) => (value instanceof Uint8Array ? `hex:${hex(value)}` : value), 1);
}

/** Wire bytes as hex: compared as strings, far faster than element-wise equality of typed arrays. */
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function decoded(wire: Uint8Array): DnsMessage {
  const parsed = parseMessage(wire);
  if (!parsed.ok) throw new Error(`a message we encoded does not parse: ${parsed.error.reason}`);
  return parsed.value.message;
}

// ---------------------------------------------------------------------------------------------

describe('DNS message round trip', () => {
  it('decode(encode(m)) is m, and encoding it again gives the same bytes', () => {
    fc.assert(fc.property(messageArb({ upperCase: false, sectionMax: 4 }), (message) => {
      const wire = encodeMessage(message);
      const parsed = parseMessage(wire);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(messageText(parsed.value.message)).toBe(messageText(message));
      const tsig = message.additionals.at(-1)?.type === RRType.TSIG;
      expect(parsed.value.tsigOffset !== undefined).toBe(tsig);
      expect(hex(encodeMessage(parsed.value.message))).toBe(hex(wire));
    }), { numRuns: 800 });
  });

  it('with mixed-case names: equal up to ASCII case (compression shares suffixes case-insensitively), questions exact', () => {
    fc.assert(fc.property(messageArb({ upperCase: true, sectionMax: 4 }), (message) => {
      const back = decoded(encodeMessage(message));
      expect(messageText(namesFolded(back))).toBe(messageText(namesFolded(message)));
      // The first name written is never compressed: a server's 0x20-randomised question survives.
      if (message.questions.length > 0) expect(back.questions[0]!.name).toBe(message.questions[0]!.name);
    }), { numRuns: 500 });
  });

  it('round-trips messages longer than 16 KiB, where compression pointers can no longer reach', () => {
    // 70 × 241 bytes and more: past 0x3fff whatever else the message holds.
    const bigTxt = fc.array(fc.uint8Array({ minLength: 240, maxLength: 255 }).map(latin1), { minLength: 70, maxLength: 90 });
    const arb = fc.tuple(messageArb({ upperCase: false, sectionMax: 2 }), bigTxt).map(([message, strings]): DnsMessage => ({
      ...message,
      answers: [record('big.example.test.', RRType.TXT, 1, 60, { kind: 'TXT', strings }), ...message.answers, ...message.answers],
    }));
    fc.assert(fc.property(arb, (message) => {
      const wire = encodeMessage(message);
      expect(wire.length).toBeGreaterThan(0x3fff);
      expect(messageText(decoded(wire))).toBe(messageText(message));
    }), { numRuns: 40 });
  });

  it('AAAA in any written form decodes to the RFC 5952 form', () => {
    const written = fc.tuple(ipv6GroupsArb, fc.boolean(), fc.boolean()).map(([groups, upper, padded]) => {
      const text = groups.map((g) => (padded ? g.toString(16).padStart(4, '0') : g.toString(16))).join(':');
      return { groups, text: upper ? text.toUpperCase() : text };
    });
    fc.assert(fc.property(written, ({ groups, text }) => {
      const message: DnsMessage = {
        header: { id: 1, qr: true, opcode: 0, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
        questions: [], authorities: [], additionals: [],
        answers: [record('v6.example.test.', RRType.AAAA, 1, 60, { kind: 'AAAA', address: text })],
      };
      expect(decoded(encodeMessage(message)).answers[0]!.data).toEqual({ kind: 'AAAA', address: canonicalIpv6(groups) });
    }), { numRuns: 1000 });
  });
});

describe('DNS encoder: inputs outside the canonical presentation form', () => {
  /**
   * Label text written with raw latin1 characters, as nameToLabels and the encoder accept, no
   * escapes. A small alphabet, so names that differ only in the case of a letter come up often.
   */
  const rawLatin1Char = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'A', '\u00c0', '\u00e0', '\u00de', '\u00fe', '\u00d7', '\u00f7', '\u00ff', '\u00b5') },
    { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)) },
  );
  const rawLatin1Label = fc.array(rawLatin1Char, { minLength: 1, maxLength: 2 }).map((chars) => chars.join(''));
  const rawName = fc.array(rawLatin1Label, { minLength: 1, maxLength: 2 }).map((labels) => `${labels.join('.')}.`);

  /** The wire labels of a name with ASCII letters folded (RFC 4343), as text for comparison. */
  const wireKey = (name: string): string => nameToLabels(name).map((l) => hex(l.map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b)))).join('.');

  // WireWriter.name's fast path once found compression targets with String.toLowerCase, which
  // folds latin1 letters too ('À' → 'à'): "à.test." after "À.test." decoded as "\192.test.".
  // RFC 4343 makes only ASCII letters case-insensitive.
  it('names with raw latin1 characters encode to their own labels (case-insensitive only for ASCII)', () => {
    fc.assert(fc.property(fc.array(rawName, { minLength: 2, maxLength: 5 }), (names) => {
      const message: DnsMessage = {
        header: { id: 1, qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
        questions: names.map((name) => ({ name, type: RRType.A, class: 1 })), answers: [], authorities: [], additionals: [],
      };
      expect(decoded(encodeMessage(message)).questions.map((q) => wireKey(q.name))).toEqual(names.map(wireKey));
    }), { numRuns: 1000 });
  });

  // writeRecord once patched the 16-bit rdlength with `length & 0xffff`, so rdata of 65,536
  // bytes or more was written with a wrapped length; the encoder refuses it, as it refuses a
  // 256-byte TXT string.
  it('an oversized rdata makes encodeMessage throw rather than write a wrapped rdlength', () => {
    fc.assert(fc.property(fc.integer({ min: 65_530, max: 65_600 }), (length) => {
      const message: DnsMessage = {
        header: { id: 1, qr: true, opcode: 0, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
        questions: [], authorities: [], additionals: [],
        answers: [record('big.example.test.', 99, 1, 60, { kind: 'raw', bytes: new Uint8Array(length) })],
      };
      let wire: Uint8Array;
      try {
        wire = encodeMessage(message);
      } catch {
        return; // refusing is fine
      }
      expect(parseMessage(wire).ok).toBe(true);
    }), { numRuns: 20 });
  });
});

// ---------------------------------------------------------------------------------------------
// Decoding hostile bytes.

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly value: number }
  | { readonly kind: 'count'; readonly section: number; readonly value: number }
  /** A compression pointer at `at` to `target` (itself, forwards, or anywhere). */
  | { readonly kind: 'pointer'; readonly at: number; readonly target: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0x3f, 0x40, 0x80, 0xc0, 0xff) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat(255) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), section: fc.nat(3), value: fc.oneof(fc.nat(8), u16) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pointer' as const), at: fc.nat(), target: fc.oneof(fc.constant(-1), fc.nat()) }) },
);

function mutate(wire: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Array.from(wire);
  for (const m of mutations) {
    const at = 'at' in m && bytes.length > 0 ? m.at % bytes.length : 0;
    switch (m.kind) {
      case 'flip': if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << m.bit); break;
      case 'set': if (bytes.length > 0) bytes[at] = m.value; break;
      case 'truncate': bytes = bytes.slice(0, at); break;
      case 'delete': bytes.splice(at, 1); break;
      case 'insert': bytes.splice(at, 0, m.value); break;
      case 'count': if (bytes.length >= 12) { bytes[4 + 2 * m.section] = m.value >> 8; bytes[5 + 2 * m.section] = m.value & 0xff; } break;
      case 'pointer': {
        if (bytes.length < 2) break;
        const from = Math.min(at, bytes.length - 2);
        // -1: a pointer to itself, the shortest loop.
        const target = m.target === -1 ? from : m.target % (bytes.length + 4);
        bytes[from] = 0xc0 | ((target >> 8) & 0x3f);
        bytes[from + 1] = target & 0xff;
        break;
      }
    }
  }
  return Uint8Array.from(bytes);
}

/** parseMessage's contract: a result, never an exception; a readable header travels with the error. */
function expectParseContract(bytes: Uint8Array): void {
  const parsed = parseMessage(bytes);
  if (parsed.ok) {
    // Whatever decodes can be encoded again and decodes to the same message (names up to ASCII case).
    expect(messageText(namesFolded(decoded(encodeMessage(parsed.value.message))))).toBe(messageText(namesFolded(parsed.value.message)));
    return;
  }
  expect(typeof parsed.error.reason).toBe('string');
  if (bytes.length >= 12) expect(parsed.error.header).toEqual(readHeader(bytes));
  else expect(parsed.error.header).toBeUndefined();
}

function header(counts: readonly [number, number, number, number]): number[] {
  return [0x12, 0x34, 0x81, 0x80, ...counts.flatMap((c) => [c >> 8, c & 0xff])];
}

describe('parseMessage never throws', () => {
  it('on arbitrary bytes up to 600', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), expectParseContract), { numRuns: 3000 });
  });

  it('on arbitrary bytes behind a plausible header (small section counts)', () => {
    const arb = fc.tuple(fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)), fc.uint8Array({ maxLength: 588 }))
      .map(([counts, body]) => Uint8Array.from([...header(counts), ...body]));
    fc.assert(fc.property(arb, expectParseContract), { numRuns: 2000 });
  });

  it('on valid messages with bit flips, overwritten bytes, truncation, insertions, counts and pointers changed', () => {
    const arb = fc.tuple(messageArb({ upperCase: true, sectionMax: 3 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
      .map(([message, mutations]) => mutate(encodeMessage(message), mutations));
    fc.assert(fc.property(arb, expectParseContract), { numRuns: 1200 });
  });

  it('on compression-pointer chains: every hop backwards, as long as the hop limit and beyond', () => {
    // An answer of unknown type whose rdata is a root label followed by a chain of pointers, each to
    // the one before; the next answer's owner name points at the chain's last link.
    const arb = fc.integer({ min: 1, max: 400 }).map((links) => {
      const rdataStart = 12 + 1 + 10; // header, root owner name, type/class/ttl/rdlength
      const chain: number[] = [0];
      for (let i = 0; i < links; i++) {
        const target = rdataStart + (i === 0 ? 0 : 1 + 2 * (i - 1));
        chain.push(0xc0 | (target >> 8), target & 0xff);
      }
      const last = rdataStart + 1 + 2 * (links - 1);
      const first = [0, 0, 99, 0, 1, 0, 0, 0, 0, chain.length >> 8, chain.length & 0xff, ...chain];
      const second = [0xc0 | (last >> 8), last & 0xff, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0];
      return { links, bytes: Uint8Array.from([...header([0, 2, 0, 0]), ...first, ...second]) };
    });
    fc.assert(fc.property(arb, ({ links, bytes }) => {
      expectParseContract(bytes);
      const parsed = parseMessage(bytes);
      // links + 1 hops: the owner's pointer, then every link.
      expect(parsed.ok).toBe(links + 1 <= NAME_POINTER_HOPS_MAX);
    }), { numRuns: 500 });
  });

  it('on names that pass 255 bytes only through pointers', () => {
    // Segments of one 63-byte label and a pointer to the previous segment: each pointer goes
    // backwards, but the assembled name grows by 64 bytes per segment.
    const arb = fc.integer({ min: 1, max: 8 }).map((segments) => {
      const rdataStart = 12 + 1 + 10;
      const chain: number[] = [0];
      const starts: number[] = [];
      for (let i = 0; i < segments; i++) {
        const previous = i === 0 ? rdataStart : starts[i - 1]!;
        starts.push(rdataStart + chain.length);
        chain.push(63, ...new Array<number>(63).fill(0x61), 0xc0 | (previous >> 8), previous & 0xff);
      }
      const last = starts.at(-1)!;
      const first = [0, 0, 99, 0, 1, 0, 0, 0, 0, chain.length >> 8, chain.length & 0xff, ...chain];
      const second = [0xc0 | (last >> 8), last & 0xff, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0];
      return { segments, bytes: Uint8Array.from([...header([0, 2, 0, 0]), ...first, ...second]) };
    });
    fc.assert(fc.property(arb, ({ segments, bytes }) => {
      expectParseContract(bytes);
      const parsed = parseMessage(bytes);
      expect(parsed.ok).toBe(1 + 64 * segments <= NAME_WIRE_LENGTH_MAX);
      if (parsed.ok) expect(nameToLabels(parsed.value.message.answers[1]!.name)).toHaveLength(segments);
    }), { numRuns: 500 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  EMPTY_HEADER, Opcode, RRClass, RRType, encodeMessage, parseMessage, readName,
  type DnsMessage, type ResourceRecord,
} from '../../src/dns-wire/index.js';

function message(partial: Partial<DnsMessage>): DnsMessage {
  return { header: { ...EMPTY_HEADER, id: 0x1234 }, questions: [], answers: [], authorities: [], additionals: [], ...partial };
}

function rr(name: string, type: number, data: ResourceRecord['data'], rrClass: number = RRClass.IN, ttl = 60): ResourceRecord {
  return { name, type, class: rrClass, ttl, data };
}

describe('dns-wire round trips', () => {
  const cases: { name: string; message: DnsMessage }[] = [
    { name: 'query A with RD', message: message({ header: { ...EMPTY_HEADER, id: 7, rd: true }, questions: [{ name: 'api.example.test.', type: RRType.A, class: RRClass.IN }] }) },
    { name: 'answer A and AAAA', message: message({
      header: { ...EMPTY_HEADER, id: 9, qr: true, aa: true },
      questions: [{ name: 'api.example.test.', type: RRType.A, class: RRClass.IN }],
      answers: [rr('api.example.test.', RRType.A, { kind: 'A', address: '192.0.2.11' }), rr('api.example.test.', RRType.AAAA, { kind: 'AAAA', address: '2001:db8::11' })],
    }) },
    { name: 'TXT with several character-strings, empty and binary', message: message({
      answers: [rr('_dnsplane.api.example.test.', RRType.TXT, { kind: 'TXT', strings: ['gen=4 digest=ab by=x', '', '\u0000\u00ff"quoted"'] })],
    }) },
    { name: 'SOA and NS in authority', message: message({
      authorities: [
        rr('example.test.', RRType.SOA, { kind: 'SOA', mname: 'ns1.example.test.', rname: 'hostmaster.example.test.', serial: 4294967295, refresh: 3600, retry: 600, expire: 86400, minimum: 60 }),
        rr('example.test.', RRType.NS, { kind: 'NS', host: 'ns1.example.test.' }),
        rr('www.example.test.', RRType.CNAME, { kind: 'CNAME', host: 'api.example.test.' }),
      ],
    }) },
    { name: 'update with class ANY/NONE and empty rdata', message: message({
      header: { ...EMPTY_HEADER, id: 3, opcode: Opcode.UPDATE },
      questions: [{ name: 'example.test.', type: RRType.SOA, class: RRClass.IN }],
      answers: [rr('_dnsplane.api.example.test.', RRType.TXT, { kind: 'empty' }, RRClass.ANY, 0)],
      authorities: [rr('api.example.test.', RRType.A, { kind: 'empty' }, RRClass.ANY, 0), rr('api.example.test.', RRType.A, { kind: 'A', address: '10.0.0.1' }, RRClass.NONE, 0)],
    }) },
    { name: 'OPT with an option, unknown type kept raw', message: message({
      answers: [rr('x.example.test.', 99, { kind: 'raw', bytes: Uint8Array.from([1, 2, 3]) })],
      additionals: [rr('.', RRType.OPT, { kind: 'OPT', options: [{ code: 10, data: Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]) }] }, 1232, 0)],
    }) },
    { name: 'escaped label characters', message: message({ questions: [{ name: 'a\\.b.c\\\\d.\\000x.example.test.', type: RRType.TXT, class: RRClass.IN }] }) },
    { name: 'root name', message: message({ questions: [{ name: '.', type: RRType.NS, class: RRClass.IN }] }) },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const wire = encodeMessage(testCase.message);
      const parsed = parseMessage(wire);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.message).toEqual(testCase.message);
      expect(encodeMessage(parsed.value.message)).toEqual(wire);
    });
  }

  it('compresses repeated names', () => {
    const answers = Array.from({ length: 10 }, (_, i) => rr('api.example.test.', RRType.A, { kind: 'A', address: `10.0.0.${i}` }));
    const wire = encodeMessage(message({ questions: [{ name: 'api.example.test.', type: RRType.A, class: RRClass.IN }], answers }));
    // header 12 + question 22 + 10 answers of (2-byte pointer + 10 + 4)
    expect(wire.length).toBe(12 + 22 + 10 * 16);
  });

  it('compresses case-insensitively and keeps the first spelling', () => {
    const wire = encodeMessage(message({ questions: [{ name: 'API.Example.TEST.', type: RRType.A, class: RRClass.IN }], answers: [rr('api.example.test.', RRType.A, { kind: 'A', address: '10.0.0.1' })] }));
    const parsed = parseMessage(wire);
    expect(parsed.ok && parsed.value.message.answers[0]!.name).toBe('API.Example.TEST.');
  });
});

describe('dns-wire hostile input', () => {
  const header = (counts: [number, number, number, number]): number[] => [0, 1, 0, 0, ...counts.flatMap((c) => [c >> 8, c & 0xff])];
  const cases: { name: string; bytes: number[]; reason: RegExp; headerRead: boolean }[] = [
    { name: 'empty packet', bytes: [], reason: /shorter than a header/, headerRead: false },
    { name: 'eleven bytes', bytes: header([0, 0, 0, 0]).slice(0, 11), reason: /shorter than a header/, headerRead: false },
    { name: 'question count without a question', bytes: header([1, 0, 0, 0]), reason: /past the end/, headerRead: true },
    { name: 'pointer to itself', bytes: [...header([1, 0, 0, 0]), 0xc0, 12, 0, 1, 0, 1], reason: /backwards/, headerRead: true },
    { name: 'pointer loop between two labels', bytes: [...header([1, 0, 0, 0]), 1, 0x61, 0xc0, 12, 0, 1, 0, 1], reason: /backwards/, headerRead: true },
    { name: 'forward pointer', bytes: [...header([1, 0, 0, 0]), 0xc0, 20, 0, 1, 0, 1, 0, 0, 0], reason: /backwards/, headerRead: true },
    { name: 'label past the end', bytes: [...header([1, 0, 0, 0]), 10, 0x61, 0x62], reason: /past the end/, headerRead: true },
    { name: 'reserved label type', bytes: [...header([1, 0, 0, 0]), 0x40, 0, 0, 1, 0, 1], reason: /label type/, headerRead: true },
    { name: 'name longer than 255 bytes', bytes: [...header([1, 0, 0, 0]), ...Array.from({ length: 5 }, () => [63, ...Array<number>(63).fill(0x61)]).flat(), 0, 0, 1, 0, 1], reason: /255/, headerRead: true },
    { name: 'rdlength beyond the packet', bytes: [...header([0, 1, 0, 0]), 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 200, 1, 2, 3, 4], reason: /need 200 bytes/, headerRead: true },
    { name: 'A rdata of 3 bytes', bytes: [...header([0, 1, 0, 0]), 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 1, 2, 3], reason: /A rdata must be 4/, headerRead: true },
    { name: 'TXT string past its rdata', bytes: [...header([0, 1, 0, 0]), 0, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 5, 0x61], reason: /character-string/, headerRead: true },
    { name: 'trailing garbage', bytes: [...header([0, 0, 0, 0]), 1, 2, 3], reason: /trailing/, headerRead: true },
    { name: 'huge section count', bytes: header([65535, 0, 0, 0]), reason: /too large/, headerRead: true },
    { name: 'TSIG not last', bytes: [...header([0, 0, 0, 2]), 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0], reason: /TSIG/, headerRead: true },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const parsed = parseMessage(Uint8Array.from(testCase.bytes));
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.error.reason).toMatch(testCase.reason);
      expect(parsed.error.header !== undefined).toBe(testCase.headerRead);
    });
  }

  it('never throws on random bytes or on truncations of a real packet', () => {
    let seed = 12345;
    const next = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 16; };
    for (let i = 0; i < 20000; i++) {
      const bytes = Uint8Array.from({ length: next() % 300 }, () => next() & 0xff);
      expect(() => parseMessage(bytes)).not.toThrow();
    }
    const real = encodeMessage(message({
      questions: [{ name: 'api.example.test.', type: RRType.A, class: RRClass.IN }],
      answers: [rr('api.example.test.', RRType.SOA, { kind: 'SOA', mname: 'ns1.example.test.', rname: 'h.example.test.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 })],
    }));
    for (let cut = 0; cut < real.length; cut++) {
      const parsed = parseMessage(real.subarray(0, cut));
      expect(parsed.ok).toBe(false);
    }
    for (let i = 0; i < 5000; i++) {
      const mutated = Uint8Array.from(real);
      mutated[next() % mutated.length] = next() & 0xff;
      expect(() => parseMessage(mutated)).not.toThrow();
    }
  });

  it('readName stops at the end of the buffer', () => {
    expect(readName(Uint8Array.from([3, 0x61]), 0).ok).toBe(false);
  });
});

/**
 * Writes the seed corpus (run once, and again when the wire format grows a type):
 *   npx vite-node test/fuzz/make-corpus.ts
 * Seeds are real message shapes — queries, EDNS, transfers, NOTIFY, UPDATEs with every kind of
 * prerequisite and update — and the example configs. Findings worth keeping are added here too.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_HEADER, Opcode, RRClass, RRType, encodeMessage, makeQuery, signMessage, tsigKey, type DnsMessage, type ResourceRecord } from '../../src/dns-wire/index.js';
import { CORPUS_DIR, FUZZ_KEY_SECRET } from './targets.js';

const Z = 'example.test.';
const MX = 15;
const SRV = 33;
const wireName = (name: string): number[] => [...name.split('.').filter((l) => l !== '').flatMap((l) => [l.length, ...Buffer.from(l)]), 0];
const rr = (name: string, type: number, data: ResourceRecord['data'], klass: number = RRClass.IN, ttl = 60): ResourceRecord => ({ name, type, class: klass, ttl, data });
const opt = (flags: number): ResourceRecord => ({ name: '.', type: RRType.OPT, class: 1232, ttl: flags, data: { kind: 'OPT', options: [] } });
const update = (answers: ResourceRecord[], authorities: ResourceRecord[]): DnsMessage => ({
  header: { ...EMPTY_HEADER, id: 7, opcode: Opcode.UPDATE }, questions: [{ name: Z, type: RRType.SOA, class: RRClass.IN }], answers, authorities, additionals: [],
});
const soa = { kind: 'SOA' as const, mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial: 5, refresh: 3600, retry: 600, expire: 86400, minimum: 60 };
const empty = { kind: 'empty' as const };

const seeds: Record<string, DnsMessage> = {
  'query-a': makeQuery(1, `www.${Z}`, RRType.A),
  'query-edns-do': { ...makeQuery(2, `api.${Z}`, RRType.AAAA), additionals: [opt(0x8000)] },
  'query-any': makeQuery(3, Z, RRType.ANY),
  'query-axfr': makeQuery(4, Z, RRType.AXFR),
  'query-ixfr': { ...makeQuery(5, Z, RRType.IXFR), authorities: [rr(Z, RRType.SOA, soa)] },
  'notify': { ...makeQuery(6, Z, RRType.SOA), header: { ...EMPTY_HEADER, id: 6, opcode: Opcode.NOTIFY, aa: true }, answers: [rr(Z, RRType.SOA, soa)] },
  'update-adds': update([], [
    rr(`api.${Z}`, RRType.A, { kind: 'A', address: '192.0.2.1' }), rr(`api.${Z}`, RRType.AAAA, { kind: 'AAAA', address: '2001:db8::1' }),
    rr(`_dnsplane.api.${Z}`, RRType.TXT, { kind: 'TXT', strings: ['gen=1 digest=ab by=a'] }),
    // MX and SRV travel as uncompressed rdata bytes (the decoder decompresses the names in them).
    rr(`mail.${Z}`, MX, { kind: 'raw', bytes: Uint8Array.from([0, 10, ...wireName(`mx.${Z}`)]) }),
    rr(`_sip._tcp.${Z}`, SRV, { kind: 'raw', bytes: Uint8Array.from([0, 1, 0, 2, 0x13, 0xc4, ...wireName(`sip.${Z}`)]) }),
    rr(`alias.${Z}`, RRType.CNAME, { kind: 'CNAME', host: `www.${Z}` }),
  ]),
  'update-fenced': update(
    [rr(`_dnsplane.api.${Z}`, RRType.TXT, { kind: 'TXT', strings: ['gen=1 digest=ab by=a'] }, RRClass.IN, 0)],
    [rr(`_dnsplane.api.${Z}`, RRType.TXT, empty, RRClass.ANY, 0), rr(`_dnsplane.api.${Z}`, RRType.TXT, { kind: 'TXT', strings: ['gen=2 digest=cd by=a'] }),
      rr(`api.${Z}`, RRType.A, empty, RRClass.ANY, 0), rr(`api.${Z}`, RRType.A, { kind: 'A', address: '192.0.2.2' })],
  ),
  'update-prereqs': update(
    [rr(`www.${Z}`, RRType.ANY, empty, RRClass.ANY, 0), rr(`new.${Z}`, RRType.ANY, empty, RRClass.NONE, 0), rr(`www.${Z}`, RRType.A, empty, RRClass.ANY, 0), rr(`x.${Z}`, RRType.TXT, empty, RRClass.NONE, 0)],
    [rr(`www.${Z}`, RRType.A, { kind: 'A', address: '192.0.2.9' }, RRClass.NONE, 0), rr(`old.${Z}`, RRType.ANY, empty, RRClass.ANY, 0)],
  ),
  'update-apex': update([], [rr(Z, RRType.SOA, { ...soa, serial: 99 }), rr(Z, RRType.NS, { kind: 'NS', host: `ns2.${Z}` }), rr(Z, RRType.NS, { kind: 'NS', host: `ns1.${Z}` }, RRClass.NONE, 0)]),
};

for (const [name, message] of Object.entries(seeds)) writeFileSync(join(CORPUS_DIR, 'wire', `${name}.bin`), encodeMessage(message));
const key = tsigKey('enactor-key', 'hmac-sha256', FUZZ_KEY_SECRET);
writeFileSync(join(CORPUS_DIR, 'wire', 'update-signed.bin'), signMessage(encodeMessage(seeds['update-fenced']!), key, { timeSignedSeconds: 1_800_000_000 }).wire);
for (const file of ['regional.yaml', 'multi-region.yaml']) copyFileSync(join('examples', file), join(CORPUS_DIR, 'config', file));

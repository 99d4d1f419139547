/**
 * What a worker applies is what the primary committed: every zone change survives the replication
 * form and the IPC channel's JSON unchanged, raw rdata bytes (RFC 3597 types) included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChanges, encodeChanges } from '../../src/dns-server/replication.js';
import type { ZoneChange } from '../../src/dns-server/zone.js';
import type { RData } from '../../src/dns-wire/index.js';
import { configureProperties } from '../property/fc-settings.js';

configureProperties();

const rdata: fc.Arbitrary<RData> = fc.oneof(
  fc.ipV4().map((address): RData => ({ kind: 'A', address })),
  fc.array(fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x00-\xff]/g, '?')), { minLength: 1, maxLength: 3 }).map((strings): RData => ({ kind: 'TXT', strings })),
  fc.constantFrom('ns1.example.test.', 'x.example.org.').map((host): RData => ({ kind: 'CNAME', host })),
  fc.uint8Array({ maxLength: 40 }).map((bytes): RData => ({ kind: 'raw', bytes })),
);

const change: fc.Arbitrary<ZoneChange> = fc.record({
  name: fc.constantFrom('a.example.test.', 'example.test.', 'b.c.example.test.'),
  type: fc.integer({ min: 1, max: 65535 }),
  rdatas: fc.option(fc.array(rdata, { minLength: 1, maxLength: 6 })),
  ttl: fc.integer({ min: 0, max: 86400 }),
  weighted: fc.boolean(),
}).map(({ name, type, rdatas, ttl, weighted }) => ({
  name, type,
  rrset: rdatas === null ? null : weighted ? { type, ttl, rdatas, weights: rdatas.map((_, i) => i + 1), answersMax: 2 } : { type, ttl, rdatas },
}));

describe('replication form', () => {
  it('round-trips every zone change through JSON, as the IPC channel carries it', () => {
    fc.assert(fc.property(fc.array(change, { maxLength: 8 }), (changes) => {
      const carried = JSON.parse(JSON.stringify(encodeChanges(changes))) as ReturnType<typeof encodeChanges>;
      expect(decodeChanges(carried)).toEqual(changes);
    }), { numRuns: 300 });
  });
});

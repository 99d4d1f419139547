/** The stored form remembers each immutable RRset's encoded rdata: journal and snapshot encode it once. */
import { describe, expect, it } from 'vitest';
import { decodeChange, encodeChange } from '../../src/dns-server/stored-zone.js';
import type { RRset, ZoneChange } from '../../src/dns-server/zone.js';
import { RRType } from '../../src/dns-wire/index.js';

describe('encodeChange', () => {
  const rrset: RRset = { type: RRType.A, ttl: 5, rdatas: [{ kind: 'A', address: '192.0.2.1' }, { kind: 'A', address: '192.0.2.2' }], weights: [1, 3], answersMax: 8 };
  const change: ZoneChange = { name: 'api.example.test.', type: RRType.A, rrset };

  it('encodes an RRset once, however often it is journaled or snapshotted', () => {
    const first = encodeChange(change);
    const second = encodeChange({ ...change });
    expect(second.rd).toBe(first.rd);
    expect(second).toEqual(first);
  });

  it('still decodes to the same RRset, and a changed RRset is encoded afresh', () => {
    expect(decodeChange(encodeChange(change))).toEqual(change);
    const other: RRset = { ...rrset, rdatas: [{ kind: 'A', address: '192.0.2.9' }] , weights: [1] };
    const encoded = encodeChange({ ...change, rrset: other });
    expect(encoded.rd).not.toBe(encodeChange(change).rd);
    expect(decodeChange(encoded).rrset).toEqual(other);
  });
});

/**
 * The zone history behind IXFR (zone-history.ts) and the packing of a transfer into signed
 * messages (message-stream.ts): table tests of what a version's difference holds, the bounds,
 * and a stream whose every message fits 64 KiB and verifies with the chained MAC.
 */
import { describe, expect, it } from 'vitest';
import {
  Opcode, RRClass, RRType, parseMessage, tsigKey, verifyTsig, type RData, type ResourceRecord,
} from '../../src/dns-wire/index.js';
import { replyTo, type DnsReply } from '../../src/dns-server/handler.js';
import { packedMessages } from '../../src/dns-server/message-stream.js';
import { ZoneHistory, type VersionDifference } from '../../src/dns-server/zone-history.js';
import { Zone, type RRset, type ZoneChange } from '../../src/dns-server/zone.js';

const ORIGIN = 'example.test.';
const a = (address: string): RData => ({ kind: 'A', address });

function freshZone(): Zone {
  const zone = new Zone(ORIGIN);
  const soa: RData = { kind: 'SOA', mname: `ns1.${ORIGIN}`, rname: `hostmaster.${ORIGIN}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 };
  zone.apply([{ name: ORIGIN, type: RRType.SOA, rrset: { type: RRType.SOA, ttl: 60, rdatas: [soa] } }], 1);
  zone.apply([{ name: `www.${ORIGIN}`, type: RRType.A, rrset: { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1'), a('192.0.2.2')] } }], 2);
  return zone;
}

const set = (name: string, rrset: RRset | null): ZoneChange => ({ name: `${name}.${ORIGIN}`, type: rrset?.type ?? RRType.A, rrset });
const lines = (records: readonly ResourceRecord[]): string[] => records.map((r) => `${r.name} ${r.ttl} ${r.data.kind === 'A' ? r.data.address : r.data.kind}`);
const serialOf = (record: ResourceRecord): number => (record.data.kind === 'SOA' ? record.data.serial : -1);

function onlyDifference(changes: ZoneChange[]): VersionDifference {
  const zone = freshZone();
  const history = new ZoneHistory();
  history.apply(zone, changes, 3);
  const differences = history.since(2);
  expect(differences).toHaveLength(1);
  return differences![0]!;
}

describe('a version\'s difference', () => {
  const cases: { name: string; changes: ZoneChange[]; deleted: string[]; added: string[] }[] = [
    { name: 'an address added to an RRset', changes: [set('www', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1'), a('192.0.2.2'), a('192.0.2.3')] })], deleted: [], added: ['www.example.test. 60 192.0.2.3'] },
    { name: 'an RRset deleted', changes: [set('www', null)], deleted: ['www.example.test. 60 192.0.2.1', 'www.example.test. 60 192.0.2.2'], added: [] },
    { name: 'a new name', changes: [set('new', { type: RRType.A, ttl: 5, rdatas: [a('192.0.2.9')] })], deleted: [], added: ['new.example.test. 5 192.0.2.9'] },
    {
      name: 'a new TTL: every record deleted and added again',
      changes: [set('www', { type: RRType.A, ttl: 30, rdatas: [a('192.0.2.1'), a('192.0.2.2')] })],
      deleted: ['www.example.test. 60 192.0.2.1', 'www.example.test. 60 192.0.2.2'], added: ['www.example.test. 30 192.0.2.1', 'www.example.test. 30 192.0.2.2'],
    },
    { name: 'weights only: nothing a secondary sees', changes: [set('www', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1'), a('192.0.2.2')], weights: [1, 5], answersMax: 1 })], deleted: [], added: [] },
    {
      name: 'the same RRset twice in one transaction: compared with the zone before it',
      changes: [set('www', null), set('www', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.2'), a('192.0.2.4')] })],
      deleted: ['www.example.test. 60 192.0.2.1'], added: ['www.example.test. 60 192.0.2.4'],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const difference = onlyDifference(testCase.changes);
      expect(lines(difference.deleted)).toEqual(testCase.deleted);
      expect(lines(difference.added)).toEqual(testCase.added);
      expect([serialOf(difference.fromSoa), serialOf(difference.toSoa)]).toEqual([2, 3]);
    });
  }
});

describe('the history', () => {
  it('reaches back from any kept serial to the newest, and not past its bound', () => {
    const zone = freshZone();
    const history = new ZoneHistory({ versionsMax: 3, recordsMax: 1_000 });
    for (let serial = 3; serial <= 7; serial++) history.apply(zone, [set(`n${serial}`, { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1')] })], serial);
    expect(history.since(3)).toBeNull(); // forgotten: versionsMax
    expect(history.since(4)?.map((d) => serialOf(d.toSoa))).toEqual([5, 6, 7]);
    expect(history.since(6)?.map((d) => serialOf(d.toSoa))).toEqual([7]);
    expect(history.since(7)).toBeNull(); // the current serial: nothing to send (the handler answers the SOA)
  });

  it('forgets the oldest versions past its record bound, and a version larger than the bound entirely', () => {
    const zone = freshZone();
    const history = new ZoneHistory({ versionsMax: 100, recordsMax: 10 });
    history.apply(zone, [set('small', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1')] })], 3);
    expect(history.since(2)).not.toBeNull();
    const many = Array.from({ length: 20 }, (_, i) => a(`198.51.100.${i}`));
    history.apply(zone, [set('big', { type: RRType.A, ttl: 60, rdatas: many })], 4);
    expect(history.length).toBe(0);
    expect(history.since(2)).toBeNull();
    expect(history.since(3)).toBeNull();
  });

  it('starts over when a version does not follow the last one (a gap would skip changes)', () => {
    const zone = freshZone();
    const history = new ZoneHistory();
    history.apply(zone, [set('a', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1')] })], 3);
    zone.apply([set('b', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1')] })], 4); // not through the history
    history.apply(zone, [set('c', { type: RRType.A, ttl: 60, rdatas: [a('192.0.2.1')] })], 5);
    expect(history.since(2)).toBeNull();
    expect(history.since(4)).toHaveLength(1);
  });
});

describe('a transfer packed into messages', () => {
  const key = tsigKey('xfr-key', 'hmac-sha256', Buffer.alloc(32, 9).toString('base64'));
  const request = { header: { id: 77, qr: false, opcode: Opcode.QUERY, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 }, questions: [{ name: ORIGIN, type: RRType.AXFR, class: RRClass.IN }], answers: [], authorities: [], additionals: [] };
  const records = (count: number): ResourceRecord[] => Array.from({ length: count }, (_, i) => ({ name: `host-${i}.${ORIGIN}`, type: RRType.TXT, class: RRClass.IN, ttl: 60, data: { kind: 'TXT' as const, strings: [`a text long enough to fill messages quickly, number ${i}`] } }));

  it('every message fits 65,535 bytes, the records stay in order, and each MAC chains to the one before', () => {
    const requestMac = new Uint8Array(32).fill(3);
    const reply: DnsReply = { message: replyTo(request, 0, { aa: true }), cacheable: false, signing: { kind: 'sign', key, requestMac } };
    const sent = records(4_000);
    const messages = [...packedMessages(reply, sent, () => 1_800_000_000)];
    expect(messages.length).toBeGreaterThan(3);
    const received: ResourceRecord[] = [];
    let priorMac: Uint8Array = requestMac;
    messages.forEach((wire, index) => {
      expect(wire.length).toBeLessThanOrEqual(65_535);
      const parsed = parseMessage(wire);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const verdict = verifyTsig(wire, parsed.value, new Map([[key.name, key]]), 1_800_000_000, priorMac, index > 0);
      expect(verdict?.ok, `message ${index}`).toBe(true);
      if (verdict?.ok === true) priorMac = verdict.mac;
      received.push(...parsed.value.message.answers);
    });
    expect(received.map((r) => r.name)).toEqual(sent.map((r) => r.name));
  });

  it('an unsigned stream of one record is one message', () => {
    const reply: DnsReply = { message: replyTo(request, 0, { aa: true }), cacheable: false };
    const messages = [...packedMessages(reply, records(1), () => 0)];
    expect(messages).toHaveLength(1);
    const parsed = parseMessage(messages[0]!);
    expect(parsed.ok && parsed.value.message.answers.length).toBe(1);
  });
});

/**
 * The live part of the status report: per name and provider what the last read showed, and the
 * names answering with no address. The read is looked up by position first (the live-state cache
 * asks in the config's order); a read in another order, or one missing names, must give the same
 * report as a lookup by name. `?endpoints=none` leaves the list out and keeps the alarms.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { liveReport } from '../../src/app/status.js';
import { syncProgressOf, type ProviderLiveState } from '../../src/app/live-state.js';
import { endpointName, generation } from '../../src/core/model/ids.js';
import type { LiveEndpoint } from '../../src/core/ports/dns-provider.js';

const NAMES = ['a.example.test.', 'b.example.test.', 'c.example.test.', 'd.example.test.'];

function live(name: string, addresses: readonly string[], malformed = false): LiveEndpoint {
  const base = { name: endpointName(name), ttlSeconds: addresses.length === 0 ? null : 30, addresses: addresses.map((address) => ({ family: 'A' as const, address })) };
  if (malformed) return { ...base, fenceRaw: [['gen=x']], fence: null, fenceMalformed: 'gen=x' };
  return { ...base, fenceRaw: [['gen=2 digest=00 by=az1']], fence: { generation: generation(2), digest: '00', by: 'az1' } };
}

function state(provider: string, endpoints: readonly LiveEndpoint[], reachable = true): ProviderLiveState {
  return { provider, reachable, lastOkAtMs: 1, downSinceMs: reachable ? null : 2, lastError: reachable ? '' : 'refused', endpoints };
}

const READ: readonly LiveEndpoint[] = [live(NAMES[0]!, ['192.0.2.1']), live(NAMES[1]!, []), live(NAMES[2]!, [], true), live(NAMES[3]!, ['192.0.2.4'])];

describe('status: the live report', () => {
  it('shows each name per provider, and alarms the reachable names with no address (not a malformed fence, not a provider that is down)', () => {
    const report = liveReport(NAMES, [state('embedded', READ), state('bind', READ, false)], 'all');
    expect(report.endpoints.map((e) => e.providers['embedded']!.addresses)).toEqual([['192.0.2.1'], [], [], ['192.0.2.4']]);
    expect(report.endpoints[2]!.providers['embedded']!.error).toBe('malformed fence: gen=x');
    expect(report.endpoints[0]!.providers['bind']).toMatchObject({ stale: true, addresses: ['192.0.2.1'] });
    expect(report.empty.map((a) => `${a.provider} ${a.endpoint}`)).toEqual([`embedded ${NAMES[1]}`]);
  });

  it('gives the same report whatever order the read is in and whatever names it misses', () => {
    const inOrder = liveReport(NAMES, [state('embedded', READ)], 'all');
    fc.assert(fc.property(fc.shuffledSubarray([...READ]), (read) => {
      const shuffled = liveReport(NAMES, [state('embedded', read)], 'all');
      const kept = new Set(read.map((e) => e.name as string));
      // A name the read does not have shows nothing and answers with no address.
      for (const [index, endpoint] of shuffled.endpoints.entries()) {
        const expected = kept.has(endpoint.name) ? inOrder.endpoints[index] : { name: endpoint.name, providers: { embedded: { generation: 0, by: '', addresses: [] } } };
        expect(endpoint).toEqual(expected);
      }
      const expectedEmpty = NAMES.filter((name) => !kept.has(name) || name === NAMES[1]);
      expect(shuffled.empty.map((a) => a.endpoint).sort()).toEqual(expectedEmpty);
    }));
  });

  it("leaves the per-name list out for 'none' and keeps the alarms", () => {
    const all = liveReport(NAMES, [state('embedded', READ)], 'all');
    const none = liveReport(NAMES, [state('embedded', READ)], 'none');
    expect(none.endpoints).toEqual([]);
    expect(none.empty).toEqual(all.empty);
  });

  it('a poll of the same read finds the same empty names; a new read of the provider is judged afresh', () => {
    const first = state('embedded', READ);
    expect(liveReport(NAMES, [first], 'none').empty.map((a) => a.endpoint)).toEqual([NAMES[1]]);
    expect(liveReport(NAMES, [first], 'none').empty.map((a) => a.endpoint)).toEqual([NAMES[1]]);
    const repaired = state('embedded', READ.map((e) => (e.name === NAMES[1] ? live(NAMES[1]!, ['192.0.2.2']) : e)));
    expect(liveReport(NAMES, [repaired], 'none').empty).toEqual([]);
    const emptied = state('embedded', READ.map((e) => (e.name === NAMES[0] ? live(NAMES[0]!, []) : e)));
    expect(liveReport(NAMES, [emptied], 'none').empty.map((a) => a.endpoint).sort()).toEqual([NAMES[0], NAMES[1]]);
    expect(liveReport(NAMES, [first], 'none').empty.map((a) => a.endpoint)).toEqual([NAMES[1]]);
  });

  it('counts the names at a generation or newer per read, afresh for another generation or another read', () => {
    const first = state('embedded', READ);
    expect(syncProgressOf([first], NAMES.length, 2)[0]!.synced).toBe(3);
    expect(syncProgressOf([first], NAMES.length, 2)[0]!.synced).toBe(3);
    expect(syncProgressOf([first], NAMES.length, 3)[0]!.synced).toBe(0);
    expect(syncProgressOf([state('embedded', READ.slice(1))], NAMES.length, 2)[0]!.synced).toBe(2);
  });
});

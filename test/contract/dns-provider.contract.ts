/**
 * The DnsProvider contract, one suite for every implementation (memory, embedded, the RFC 2136
 * provider against BIND, Knot, PowerDNS and the embedded server, Route 53 against a fake hosted
 * zone). What it pins down is ARCHITECTURE §2: a batch of fenced writes applies atomically, and
 * only when every write's expected fence RRset is, byte for byte, the one live; and what a
 * provider reads back after a write is what `materialise` says it serves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatFence, rawOfFence, type Fence, type FenceRaw } from '../../src/core/model/fence.js';
import { endpointName, generation, loadBalancerId, type EndpointName } from '../../src/core/model/ids.js';
import type { WeightedAddress } from '../../src/core/model/plan.js';
import { servedDifference } from '../../src/core/model/served.js';
import type { DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint } from '../../src/core/ports/dns-provider.js';

export interface DnsProviderHarness {
  readonly provider: DnsProvider;
  /** The zone the endpoints must live in (default example.test.). */
  readonly zone?: string;
  /** Answers as an independent client sees them (over the wire where the provider has one). */
  readonly queryAddresses?: (name: string, family: 'A' | 'AAAA') => Promise<string[]>;
  /** Writes a fence TXT value by hand, bypassing dnsplane, as an operator would. */
  readonly setFenceByHand?: (endpoint: EndpointName, text: string) => Promise<void>;
  /**
   * Replaces the fence TXT RRset by hand with exactly these records and character-strings (a
   * value split in two, several records), as another tool would. Cases that need it are skipped
   * without it; every implementation should have it.
   */
  readonly setFenceRaw?: (endpoint: EndpointName, raw: FenceRaw) => Promise<void>;
  close(): Promise<void>;
}

export function describeDnsProviderContract(label: string, setup: () => Promise<DnsProviderHarness>): void {
  describe(`DnsProvider contract: ${label}`, () => {
    let harness: DnsProviderHarness;
    let zone: string;
    let counter = 0;
    const uniqueEndpoint = (): EndpointName => endpointName(`c${Date.now() % 100000}-${++counter}.contract.${zone}`);

    beforeEach(async () => {
      harness = await setup();
      zone = harness.zone ?? 'example.test.';
    });
    afterEach(async () => {
      await harness.close();
    });

    it('reads an endpoint that was never written as no fence and no addresses', async () => {
      const name = uniqueEndpoint();
      const live = await harness.provider.readEndpoints([name]);
      expect(live.ok).toBe(true);
      if (!live.ok) return;
      expect(live.value).toEqual([{ name, fenceRaw: null, fence: null, ttlSeconds: null, addresses: [] }]);
    });

    it('applies a first write whose prerequisite is "no fence", and reads it back', async () => {
      const name = uniqueEndpoint();
      const fence = fenceAt(1);
      const result = await harness.provider.applyFenced([write(name, null, fence, ['192.0.2.1', '192.0.2.2'])]);
      expect(result).toEqual({ ok: true, value: { kind: 'applied' } });
      const live = await readOne(harness.provider, name);
      expect(live.fence).toEqual(fence);
      expect(sortedAddresses(live.addresses, 'A')).toEqual(['192.0.2.1', '192.0.2.2']);
      if (harness.queryAddresses) expect((await harness.queryAddresses(name, 'A')).sort()).toEqual(['192.0.2.1', '192.0.2.2']);
    });

    it('replaces both families and the fence when the prerequisite matches', async () => {
      const name = uniqueEndpoint();
      await applyOk(harness.provider, [write(name, null, fenceAt(1), ['192.0.2.1'], ['2001:db8::1'])]);
      await applyOk(harness.provider, [write(name, fenceAt(1), fenceAt(2), ['192.0.2.9'], ['2001:db8::9'])]);
      const live = await readOne(harness.provider, name);
      expect(live.fence).toEqual(fenceAt(2));
      expect(sortedAddresses(live.addresses, 'A')).toEqual(['192.0.2.9']);
      expect(sortedAddresses(live.addresses, 'AAAA')).toEqual(['2001:db8::9']);
      if (harness.queryAddresses) {
        expect(await harness.queryAddresses(name, 'A')).toEqual(['192.0.2.9']);
        expect(await harness.queryAddresses(name, 'AAAA')).toEqual(['2001:db8::9']);
      }
    });

    it('refuses a write whose expected fence is stale, and changes nothing', async () => {
      const name = uniqueEndpoint();
      await applyOk(harness.provider, [write(name, null, fenceAt(1), ['192.0.2.1'])]);
      await applyOk(harness.provider, [write(name, fenceAt(1), fenceAt(3), ['192.0.2.3'])]);
      // A stale writer read generation 1 and tries to write generation 2 over 3.
      const stale = await harness.provider.applyFenced([write(name, fenceAt(1), fenceAt(2), ['192.0.2.2'])]);
      expect(stale.ok && stale.value.kind).toBe('conflict');
      const live = await readOne(harness.provider, name);
      expect(live.fence).toEqual(fenceAt(3));
      expect(sortedAddresses(live.addresses, 'A')).toEqual(['192.0.2.3']);
    });

    it('refuses "no fence" as a prerequisite when a fence exists', async () => {
      const name = uniqueEndpoint();
      await applyOk(harness.provider, [write(name, null, fenceAt(1), ['192.0.2.1'])]);
      const again = await harness.provider.applyFenced([write(name, null, fenceAt(5), ['192.0.2.5'])]);
      expect(again.ok && again.value.kind).toBe('conflict');
      expect((await readOne(harness.provider, name)).fence).toEqual(fenceAt(1));
    });

    it('compares the fence by exact value: same generation, other digest or writer is a conflict', async () => {
      const name = uniqueEndpoint();
      await applyOk(harness.provider, [write(name, null, fenceAt(1), ['192.0.2.1'])]);
      const otherDigest: Fence = { ...fenceAt(1), digest: 'ffffffffffffffff' };
      const otherWriter: Fence = { ...fenceAt(1), by: 'someone-else' };
      for (const expected of [otherDigest, otherWriter]) {
        const result = await harness.provider.applyFenced([write(name, expected, fenceAt(2), ['192.0.2.2'])]);
        expect(result.ok && result.value.kind).toBe('conflict');
      }
      expect((await readOne(harness.provider, name)).fence).toEqual(fenceAt(1));
    });

    it('applies a batch atomically: one stale prerequisite and nothing in the batch changes', async () => {
      const names = [uniqueEndpoint(), uniqueEndpoint(), uniqueEndpoint()];
      await applyOk(harness.provider, names.map((n) => write(n, null, fenceAt(1), ['192.0.2.1'])));
      const batch = names.map((n, i) => write(n, i === 1 ? fenceAt(7) : fenceAt(1), fenceAt(2), ['192.0.2.2']));
      const result = await harness.provider.applyFenced(batch);
      expect(result.ok && result.value.kind).toBe('conflict');
      for (const name of names) {
        const live = await readOne(harness.provider, name);
        expect(live.fence).toEqual(fenceAt(1));
        expect(sortedAddresses(live.addresses, 'A')).toEqual(['192.0.2.1']);
      }
    });

    it('applies a batch of many endpoints in one transaction', async () => {
      const count = Math.min(harness.provider.writesPerTransactionMax, 50);
      const names = Array.from({ length: count }, () => uniqueEndpoint());
      await applyOk(harness.provider, names.map((n, i) => write(n, null, fenceAt(4), [`192.0.2.${(i % 250) + 1}`])));
      const live = await harness.provider.readEndpoints(names);
      expect(live.ok).toBe(true);
      if (!live.ok) return;
      expect(live.value.map((e) => e.fence?.generation)).toEqual(names.map(() => 4));
    });

    it('reads many endpoints in the order asked', async () => {
      const names = [uniqueEndpoint(), uniqueEndpoint()];
      await applyOk(harness.provider, [write(names[1]!, null, fenceAt(2), ['192.0.2.2'])]);
      const live = await harness.provider.readEndpoints(names);
      expect(live.ok && live.value.map((e) => e.name)).toEqual(names);
      expect(live.ok && live.value.map((e) => e.fence?.generation ?? 0)).toEqual([0, 2]);
    });

    it('reports a fence that does not parse as malformed, and never matches it', async (context) => {
      if (!harness.setFenceByHand) return context.skip();
      const name = uniqueEndpoint();
      await harness.setFenceByHand(name, 'written by hand');
      const live = await readOne(harness.provider, name);
      expect(live.fence).toBeNull();
      expect(live.fenceMalformed).toContain('written by hand');
      const result = await harness.provider.applyFenced([write(name, null, fenceAt(1), ['192.0.2.1'])]);
      expect(result.ok && result.value.kind).toBe('conflict');
    });

    it('keeps a fence set by hand to a higher generation, visible to readers', async (context) => {
      if (!harness.setFenceByHand) return context.skip();
      const name = uniqueEndpoint();
      await applyOk(harness.provider, [write(name, null, fenceAt(1), ['192.0.2.1'])]);
      await harness.setFenceByHand(name, formatFence(fenceAt(99)));
      expect((await readOne(harness.provider, name)).fence?.generation).toBe(99);
      const result = await harness.provider.applyFenced([write(name, fenceAt(1), fenceAt(2), ['192.0.2.2'])]);
      expect(result.ok && result.value.kind).toBe('conflict');
    });

    it('reads back exactly what materialise says it serves: TTL, the addresses kept, weights where kept', async () => {
      const name = uniqueEndpoint();
      const weighted = (family: 'A' | 'AAAA', address: string, weight: number, lb: string): WeightedAddress => ({ loadBalancer: loadBalancerId(lb), family, address, weight });
      const first: EndpointRecords = { ttlSeconds: 7, answersMax: 2, addresses: [
        weighted('A', '192.0.2.1', 5, 'lb-a'), weighted('A', '192.0.2.2', 1, 'lb-b'), weighted('A', '192.0.2.3', 9, 'lb-c'),
        weighted('AAAA', '2001:db8::1', 3, 'lb-a'), weighted('AAAA', '2001:db8::2', 3, 'lb-b'), weighted('AAAA', '2001:db8::3', 2, 'lb-c'),
      ] };
      await applyOk(harness.provider, [{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records: first }]);
      expect(servedDifference(harness.provider.materialise(first), await readOne(harness.provider, name))).toBeNull();
      const second: EndpointRecords = { ttlSeconds: 30, answersMax: 8, addresses: [weighted('A', '198.51.100.7', 2, 'lb-a')] };
      await applyOk(harness.provider, [{ endpoint: name, expectedFence: rawOfFence(fenceAt(1)), newFence: fenceAt(2), records: second }]);
      const live = await readOne(harness.provider, name);
      expect(servedDifference(harness.provider.materialise(second), live)).toBeNull();
      expect(live.ttlSeconds).toBe(30);
      expect(live.fenceRaw).toEqual(rawOfFence(fenceAt(2)));
    });

    for (const [label, raw] of FOREIGN_SPELLINGS) {
      it(`a fence spelt ${label} parses as generation 7, is read exactly as written, and a write expecting exactly that applies`, async (context) => {
        if (!harness.setFenceRaw) return context.skip();
        const name = uniqueEndpoint();
        await harness.setFenceRaw(name, raw);
        const live = await readOne(harness.provider, name);
        expect(live.fence).toEqual(fenceAt(7));
        expect(live.fenceRaw).toEqual(raw);
        await applyOk(harness.provider, [write(name, live.fenceRaw, fenceAt(8), ['192.0.2.8'])]);
        const after = await readOne(harness.provider, name);
        expect(after.fenceRaw).toEqual(rawOfFence(fenceAt(8)));
        expect(sortedAddresses(after.addresses, 'A')).toEqual(['192.0.2.8']);
      });

      it(`a fence spelt ${label} is not matched by its parsed value re-rendered, nor by a stale fence: the bytes differ`, async (context) => {
        if (!harness.setFenceRaw) return context.skip();
        const name = uniqueEndpoint();
        await harness.setFenceRaw(name, raw);
        const parsed = (await readOne(harness.provider, name)).fence;
        expect(parsed).not.toBeNull();
        for (const expected of [rawOfFence(parsed!), rawOfFence(fenceAt(6)), null]) {
          const result = await harness.provider.applyFenced([write(name, expected, fenceAt(8), ['192.0.2.8'])]);
          expect(result.ok && result.value.kind, JSON.stringify(expected)).toBe('conflict');
        }
        const live = await readOne(harness.provider, name);
        expect(live.fenceRaw).toEqual(raw);
        expect(live.addresses).toEqual([]);
      });
    }

    it('reports a fence RRset of two TXT records as not ours, with both records, and replaces it only when expected exactly', async (context) => {
      if (!harness.setFenceRaw) return context.skip();
      const name = uniqueEndpoint();
      const two: FenceRaw = [[formatFence(fenceAt(3))], ['written by another tool']];
      await harness.setFenceRaw(name, two);
      const live = await readOne(harness.provider, name);
      expect(live.fence).toBeNull();
      expect(live.fenceMalformed).toContain('written by another tool');
      expect(sortedRaw(live.fenceRaw)).toEqual(sortedRaw(two));
      for (const partial of [[two[0]!], [two[1]!]]) {
        const result = await harness.provider.applyFenced([write(name, partial, fenceAt(4), ['192.0.2.4'])]);
        expect(result.ok && result.value.kind, JSON.stringify(partial)).toBe('conflict');
      }
      await applyOk(harness.provider, [write(name, live.fenceRaw, fenceAt(4), ['192.0.2.4'])]);
      const after = await readOne(harness.provider, name);
      expect(after.fence).toEqual(fenceAt(4));
      expect(after.fenceMalformed).toBeUndefined();
      expect(after.fenceRaw).toEqual(rawOfFence(fenceAt(4)));
    });
  });
}

export function fenceAt(g: number, by = 'contract'): Fence {
  return { generation: generation(g), digest: (0xabc000 + g).toString(16).padStart(16, '0'), by };
}

export function recordsOf(ipv4: readonly string[], ipv6: readonly string[] = []): EndpointRecords {
  const addresses: WeightedAddress[] = [
    ...ipv4.map((address, i) => ({ loadBalancer: loadBalancerId(`lb-${i}`), family: 'A' as const, address, weight: 1 })),
    ...ipv6.map((address, i) => ({ loadBalancer: loadBalancerId(`lb-${i}`), family: 'AAAA' as const, address, weight: 1 })),
  ];
  return { ttlSeconds: 5, answersMax: 8, addresses };
}

/**
 * Fences that parse to fenceAt(7) but are not spelt the way dnsplane writes them: the
 * prerequisite of the next write must be these bytes, not the parsed value re-rendered.
 */
export const FOREIGN_SPELLINGS: readonly (readonly [string, FenceRaw])[] = [
  ['with a leading zero (gen=07)', [[formatFence(fenceAt(7)).replace('gen=7 ', 'gen=07 ')]]],
  ['split over two character-strings', splitFence(formatFence(fenceAt(7)))],
];

function splitFence(text: string): FenceRaw {
  const at = text.indexOf(' by=');
  return [[text.slice(0, at), text.slice(at)]];
}

/** The expected fence as a writer would hold it: read raw, or (for brevity) a fence of ours. */
function write(endpoint: EndpointName, expected: Fence | FenceRaw | null, newFence: Fence, ipv4: readonly string[], ipv6: readonly string[] = []): FencedWrite {
  const expectedFence = expected === null || isFenceRaw(expected) ? expected : rawOfFence(expected);
  return { endpoint, expectedFence, newFence, records: recordsOf(ipv4, ipv6) };
}

function isFenceRaw(value: Fence | FenceRaw): value is FenceRaw {
  return Array.isArray(value);
}

function sortedRaw(raw: FenceRaw | null): string[] {
  return (raw ?? []).map((strings) => JSON.stringify(strings)).sort();
}

async function applyOk(provider: DnsProvider, writes: readonly FencedWrite[]): Promise<void> {
  const result = await provider.applyFenced(writes);
  expect(result).toEqual({ ok: true, value: { kind: 'applied' } });
}

async function readOne(provider: DnsProvider, name: EndpointName): Promise<LiveEndpoint> {
  const live = await provider.readEndpoints([name]);
  if (!live.ok) throw new Error(`read failed: ${live.message}`);
  return live.value[0]!;
}

function sortedAddresses(addresses: readonly { family: string; address: string }[], family: 'A' | 'AAAA'): string[] {
  return addresses.filter((a) => a.family === family).map((a) => a.address).sort();
}

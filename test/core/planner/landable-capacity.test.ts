import { describe, expect, it } from 'vitest';
import { rawOfFence } from '../../../src/core/model/fence.js';
import { endpointName, generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { canonicalEndpoint, type EndpointPlan } from '../../../src/core/model/plan.js';
import type { LiveEndpoint } from '../../../src/core/ports/dns-provider.js';
import { LandableCapacity, lowestLandingFence, providerFloor } from '../../../src/core/planner/landable-capacity.js';

const NAME = 'api.example.test.';

/** An endpoint serving `count` A addresses of weight 1 (192.0.2.1 …). */
function withAddresses(count: number): EndpointPlan {
  const addresses = Array.from({ length: count }, (_, i) => ({ loadBalancer: loadBalancerId(`lb${i + 1}`), family: 'A' as const, address: `192.0.2.${i + 1}`, weight: 1 }));
  return canonicalEndpoint({ name: endpointName(NAME), ttlSeconds: 5, answersMax: 8, addresses });
}

function live(name: string, fenceGeneration: number | null): LiveEndpoint {
  const fence = fenceGeneration === null ? null : { generation: generation(fenceGeneration), digest: '0123456789abcdef', by: 'az1' };
  return { name: endpointName(name), ttlSeconds: 5, addresses: [], fenceRaw: fence === null ? null : rawOfFence(fence), fence };
}

describe('LandableCapacity', () => {
  const weightOf = (): number => 1;

  it('a raised generation above a fence may still land: its capacity counts until every fence reaches it (seed 29182)', () => {
    const landable = new LandableCapacity(weightOf);
    landable.record(2, [withAddresses(4)], []);
    landable.record(3, [withAddresses(6)], [withAddresses(4)]);
    landable.record(4, [withAddresses(4)], [withAddresses(6)]);
    // A provider still at g2: g3 (6) may land there late.
    expect(landable.above(NAME, 'A', 2)).toBe(6);
    // Every provider at g3 or above: only g4 (4) may still land.
    expect(landable.above(NAME, 'A', 3)).toBe(4);
    expect(landable.above(NAME, 'A', 4)).toBe(0);
  });

  it('keeps only what can matter: a generation with no more capacity than a later one is dropped, settled ones are forgotten', () => {
    const landable = new LandableCapacity(weightOf);
    landable.record(1, [withAddresses(3)], []);
    landable.record(2, [withAddresses(5)], [withAddresses(3)]);
    expect(landable.above(NAME, 'A', 0)).toBe(5); // g1 (3) is dominated by g2 (5)
    landable.settle(NAME, 2);
    expect(landable.above(NAME, 'A', 0)).toBe(0);
  });

  it('an unchanged endpoint adds nothing; a store numbering again from below replaces what was kept above', () => {
    const landable = new LandableCapacity(weightOf);
    landable.record(5, [withAddresses(6)], []);
    landable.record(6, [withAddresses(6)], [withAddresses(6)]);
    expect(landable.above(NAME, 'A', 5)).toBe(0);
    landable.record(3, [withAddresses(2)], []);
    expect(landable.above(NAME, 'A', 0)).toBe(2);
  });
});

describe('lowestLandingFence', () => {
  it('is the lowest fence of ours; an absent or foreign fence stands at one below its provider\'s newest generation', () => {
    const a = new Map([[NAME, live(NAME, 7)], ['other.example.test.', live('other.example.test.', 9)]]);
    const b = new Map([[NAME, live(NAME, null)], ['other.example.test.', live('other.example.test.', 5)]]);
    const views = [a, b];
    expect(views.map(providerFloor)).toEqual([9, 5]);
    expect(lowestLandingFence(NAME, views, views.map(providerFloor))).toBe(4);
    expect(lowestLandingFence(NAME, [a], [9])).toBe(7);
    expect(lowestLandingFence(NAME, [], [])).toBe(0);
  });
});

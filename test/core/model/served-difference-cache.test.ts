/**
 * ServedDifferenceCache remembers servedDifference(materialise(records), live) only while what it
 * compared is the same: the same address list, the same records object, the same provider and
 * the same TTL and answersMax. Anything else is compared afresh.
 */
import { describe, expect, it } from 'vitest';
import { endpointName, loadBalancerId } from '../../../src/core/model/ids.js';
import { canonicalEndpoint } from '../../../src/core/model/plan.js';
import { materialiseTopByWeight, materialiseWeighted, servedDifference, ServedDifferenceCache, type ServedContent, type ServedMaterialiser } from '../../../src/core/model/served.js';

const endpoint = canonicalEndpoint({
  name: endpointName('api.example.test.'), ttlSeconds: 30, answersMax: 2,
  addresses: [
    { loadBalancer: loadBalancerId('lb-1'), family: 'A', address: '192.0.2.1', weight: 3 },
    { loadBalancer: loadBalancerId('lb-2'), family: 'A', address: '192.0.2.2', weight: 1 },
  ],
});

function counting(materialise: (r: Parameters<ServedMaterialiser['materialise']>[0]) => ServedContent): ServedMaterialiser & { calls: number } {
  const provider = { calls: 0, materialise: (records: Parameters<ServedMaterialiser['materialise']>[0]) => { provider.calls++; return materialise(records); } };
  return provider;
}

describe('ServedDifferenceCache', () => {
  it('answers as servedDifference does, and compares once while nothing it compared changed', () => {
    const provider = counting(materialiseWeighted);
    const cache = new ServedDifferenceCache();
    const live = materialiseWeighted(endpoint);
    expect(cache.difference(provider, endpoint, live)).toBeNull();
    expect(cache.difference(provider, endpoint, { ...live })).toBeNull();
    expect(provider.calls).toBe(1);
  });

  it('compares afresh when the TTL, answersMax, the records or the provider differ', () => {
    const weighted = counting(materialiseWeighted);
    const top = counting(materialiseTopByWeight);
    const cache = new ServedDifferenceCache();
    const live = materialiseWeighted(endpoint);
    const cases: [ServedMaterialiser, typeof endpoint, ServedContent][] = [
      [weighted, endpoint, live],
      [weighted, endpoint, { ...live, ttlSeconds: 60 }],
      [weighted, endpoint, { ...live, answersMax: 1 }],
      [weighted, endpoint, { ...live, ttlMixed: true }],
      [weighted, canonicalEndpoint({ ...endpoint, ttlSeconds: 60 }), live],
      [top, endpoint, live],
    ];
    for (const [provider, records, content] of cases) {
      expect(cache.difference(provider, records, content)).toBe(servedDifference(provider.materialise(records), content));
    }
    expect(weighted.calls + top.calls).toBe(2 * cases.length);
  });
});

/** A weighted name over regions whose regional names share a load balancer serves it once, with both shares. */
import { describe, expect, it } from 'vitest';
import { endpointName, loadBalancerId } from '../../../src/core/model/ids.js';
import { canonicalEndpoint } from '../../../src/core/model/plan.js';
import { routeWeighted } from '../../../src/core/routing/route-policy.js';

function planned(name: string, ids: readonly number[]) {
  return canonicalEndpoint({
    name: endpointName(name), ttlSeconds: 5, answersMax: 8,
    addresses: ids.map((i) => ({ loadBalancer: loadBalancerId(`lb${i}`), family: 'A' as const, address: `192.0.2.${i}`, weight: 1 })),
  });
}

describe('weighted routing', () => {
  it('an address two regions share is one record carrying the sum of its shares', () => {
    const result = routeWeighted({
      spec: { policy: 'weighted', regions: [], healthyShareMin: 0.5 },
      regions: [
        { target: { region: 'east', endpoint: endpointName('east.example.test.'), weight: 1 }, health: { region: 'east', healthy: true, healthyShare: 1 }, planned: planned('east.example.test.', [1, 2]) },
        { target: { region: 'west', endpoint: endpointName('west.example.test.'), weight: 1 }, health: { region: 'west', healthy: true, healthyShare: 1 }, planned: planned('west.example.test.', [2, 3]) },
      ],
    });
    const addresses = result.addresses.map((a) => a.address);
    expect(addresses.sort()).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    const shared = result.addresses.find((a) => a.address === '192.0.2.2')!;
    const alone = result.addresses.find((a) => a.address === '192.0.2.1')!;
    expect(shared.weight).toBe(2 * alone.weight);
  });
});

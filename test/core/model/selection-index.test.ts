/** SelectionIndex answers what `selects` answers, without scanning the fleet per endpoint. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectionIndex, selects, type EndpointSelector, type LoadBalancerSpec } from '../../../src/core/model/fleet.js';
import { loadBalancerId } from '../../../src/core/model/ids.js';

const fleet: LoadBalancerSpec[] = Array.from({ length: 12 }, (_, i) => ({ id: loadBalancerId(`lb-${i}`), az: `az${i % 3}`, ipv4: `10.0.0.${i}`, capacity: 1 + (i % 4) }));
const byScan = (selector: EndpointSelector): string[] => fleet.filter((lb) => selects(selector, lb)).map((lb) => lb.id).sort();

describe('SelectionIndex', () => {
  const index = new SelectionIndex(fleet);

  it('selects each listed load balancer once, ignores unknown ids and applies the zone too', () => {
    expect(index.select({ ids: [loadBalancerId('lb-4'), loadBalancerId('lb-1'), loadBalancerId('lb-4'), loadBalancerId('lb-99')] }).map((lb) => lb.id)).toEqual(['lb-4', 'lb-1']);
    expect(index.select({ az: 'az1', ids: [loadBalancerId('lb-4'), loadBalancerId('lb-2')] }).map((lb) => lb.id)).toEqual(['lb-4']);
  });

  it('selects the same set as scanning the fleet, for any selector', () => {
    const selector = fc.record({
      az: fc.option(fc.constantFrom('az0', 'az1', 'az2', 'az9'), { nil: undefined }),
      ids: fc.option(fc.array(fc.integer({ min: 0, max: 14 }).map((i) => loadBalancerId(`lb-${i}`))), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(selector, (s) => {
      const clean: EndpointSelector = { ...(s.az === undefined ? {} : { az: s.az }), ...(s.ids === undefined ? {} : { ids: s.ids }) };
      expect(index.select(clean).map((lb) => lb.id).sort()).toEqual(byScan(clean));
    }));
  });
});

import { describe, expect, it } from 'vitest';
import { computePlan, PlanComputer } from '../../../src/core/planner/compute-plan.js';
import { DEFAULT_GUARD_SETTINGS } from '../../../src/core/planner/guards.js';
import { generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { canonicalEndpoint, makePlan, type Plan } from '../../../src/core/model/plan.js';
import { endpoint, health, lb, smallFleet } from '../../support/fleet.js';

const NO_GUARD_SHARE = { minCapacityShare: 0 };

function addressesOf(plan: { endpoints: readonly { name: string; addresses: readonly { address: string }[] }[] }, name: string): string[] {
  return plan.endpoints.find((e) => e.name === name)!.addresses.map((a) => a.address);
}

function asPlan(computed: ReturnType<typeof computePlan>, g = 1): Plan {
  return makePlan({ generation: generation(g), createdAtMs: 0, endpoints: computed.endpoints, note: '' });
}

describe('computePlan', () => {
  it('shares one address object per load balancer across endpoints and computations (memory at 100,000 names)', () => {
    const fleet = smallFleet();
    const first = computePlan({ fleet, health: health([]), previous: null, settings: NO_GUARD_SHARE });
    const again = computePlan({ fleet, health: health(['lb-b2']), previous: asPlan(first), settings: NO_GUARD_SHARE });
    const a1 = (plan: typeof first, name: string): unknown => plan.endpoints.find((e) => e.name === name)!.addresses.find((a) => a.address === '192.0.2.11');
    expect(a1(first, 'api.region.example.test.')).toBeDefined();
    expect(a1(first, 'api.az1.example.test.')).toBe(a1(first, 'api.region.example.test.'));
    expect(a1(again, 'api.region.example.test.')).toBe(a1(first, 'api.region.example.test.'));
  });

  const cases: { name: string; unhealthy: string[]; regional: string[]; az1: string[] }[] = [
    { name: 'all healthy: every selected address', unhealthy: [], regional: ['192.0.2.11', '192.0.2.12', '192.0.2.21', '192.0.2.22'], az1: ['192.0.2.11', '192.0.2.12'] },
    { name: 'one unhealthy leaves the answer', unhealthy: ['lb-a1'], regional: ['192.0.2.12', '192.0.2.21', '192.0.2.22'], az1: ['192.0.2.12'] },
    { name: 'a whole zone down: zonal keeps everything (never empty, no history)', unhealthy: ['lb-a1', 'lb-a2'], regional: ['192.0.2.21', '192.0.2.22'], az1: ['192.0.2.11', '192.0.2.12'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = computePlan({ fleet: smallFleet(), health: health(c.unhealthy), previous: null, settings: NO_GUARD_SHARE });
      expect(addressesOf(plan, 'api.region.example.test.')).toEqual(c.regional);
      expect(addressesOf(plan, 'api.az1.example.test.')).toEqual(c.az1);
    });
  }

  it('never empty: when everything fails, the last published set is kept and the decision recorded', () => {
    const fleet = smallFleet();
    const first = asPlan(computePlan({ fleet, health: health(['lb-a1', 'lb-b1']), previous: null, settings: NO_GUARD_SHARE }));
    const next = computePlan({ fleet, health: health(['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2']), previous: first, settings: NO_GUARD_SHARE });
    expect(addressesOf(next, 'api.region.example.test.')).toEqual(['192.0.2.12', '192.0.2.22']);
    expect(addressesOf(next, 'api.az1.example.test.')).toEqual(['192.0.2.12']);
    expect(next.decisions.filter((d) => d.guard === 'never-empty').map((d) => d.endpoint).sort()).toEqual([
      'api.az1.example.test.', 'api.az2.example.test.', 'api.region.example.test.',
    ]);
  });

  it('min capacity share: a mass removal below the share keeps the previous set', () => {
    const fleet = smallFleet();
    const first = asPlan(computePlan({ fleet, health: health([]), previous: null, settings: DEFAULT_GUARD_SETTINGS }));
    const settings = { minCapacityShare: 0.5 };
    const next = computePlan({ fleet, health: health(['lb-a1', 'lb-a2', 'lb-b1']), previous: first, settings });
    expect(addressesOf(next, 'api.region.example.test.')).toHaveLength(4);
    expect(next.decisions.some((d) => d.guard === 'min-capacity' && d.endpoint === 'api.region.example.test.')).toBe(true);
    const half = computePlan({ fleet, health: health(['lb-a1', 'lb-a2']), previous: first, settings });
    expect(addressesOf(half, 'api.region.example.test.')).toEqual(['192.0.2.21', '192.0.2.22']);
  });

  it('weights derive from capacity, and both families are planned', () => {
    const fleet = {
      loadBalancers: [lb('x', 'az1', '192.0.2.1', { capacity: 100, ipv6: '2001:db8::1' }), lb('y', 'az1', '192.0.2.2', { capacity: 50 })],
      endpoints: [endpoint('w.example.test.')],
    };
    const plan = computePlan({ fleet, health: health([]), previous: null, settings: NO_GUARD_SHARE });
    expect(plan.endpoints[0]!.addresses.map((a) => `${a.family} ${a.address} ${a.weight}`)).toEqual([
      'A 192.0.2.1 100', 'A 192.0.2.2 50', 'AAAA 2001:db8::1 100',
    ]);
  });

  it('is canonical: the same inputs in another order give the same digest', () => {
    const fleet = smallFleet();
    const reversed = { loadBalancers: [...fleet.loadBalancers].reverse(), endpoints: [...fleet.endpoints].reverse() };
    const a = computePlan({ fleet, health: health(['lb-b2']), previous: null, settings: NO_GUARD_SHARE });
    const b = computePlan({ fleet: reversed, health: health(['lb-b2']), previous: null, settings: NO_GUARD_SHARE });
    expect(b.digest).toBe(a.digest);
    expect(b.endpoints).toEqual(a.endpoints);
  });

  it('the incremental path gives exactly the full computation', () => {
    const fleet = {
      loadBalancers: Array.from({ length: 40 }, (_, i) => lb(`lb-${i}`, `az${i % 3}`, `198.51.100.${i + 1}`, { capacity: 1 + (i % 5) })),
      endpoints: Array.from({ length: 200 }, (_, i) => endpoint(`e${i}.example.test.`, { ids: [0, 1, 2, 3].map((k) => loadBalancerId(`lb-${(i + k * 7) % 40}`)) })),
    };
    const computer = new PlanComputer(fleet, DEFAULT_GUARD_SETTINGS);
    let previous: Plan | null = null;
    const steps = [[], ['lb-1'], ['lb-1', 'lb-8'], ['lb-8'], ['lb-0', 'lb-7', 'lb-14', 'lb-21'], []];
    steps.forEach((unhealthy, index) => {
      const incremental = computer.compute(health(unhealthy), previous);
      const full = computePlan({ fleet, health: health(unhealthy), previous, settings: DEFAULT_GUARD_SETTINGS });
      expect(incremental.digest).toBe(full.digest);
      expect(incremental.endpoints).toEqual(full.endpoints);
      previous = makePlan({ generation: generation(index + 1), createdAtMs: 0, endpoints: incremental.endpoints, note: '' });
    });
  });

  it('a previous that replaced a few endpoints of the last result (a served baseline) recomputes only those', () => {
    const fleet = {
      loadBalancers: Array.from({ length: 40 }, (_, i) => lb(`lb-${i}`, `az${i % 3}`, `198.51.100.${i + 1}`)),
      endpoints: Array.from({ length: 200 }, (_, i) => endpoint(`e${String(i).padStart(3, '0')}.example.test.`, { ids: [0, 1, 2, 3].map((k) => loadBalancerId(`lb-${(i + k * 7) % 40}`)) })),
    };
    const computer = new PlanComputer(fleet, NO_GUARD_SHARE);
    const first = computer.compute(health([]), null);
    const settled = computer.compute(health([]), asPlan(first));
    // What a lagging provider serves for two names: one address fewer than planned.
    const lagging = new Set([3, 150]);
    const baselineEndpoints = settled.endpoints.map((e, i) => (lagging.has(i) ? canonicalEndpoint({ ...e, addresses: e.addresses.slice(1) }) : e));
    const baseline = makePlan({ generation: generation(2), createdAtMs: 0, endpoints: baselineEndpoints, note: 'served baseline' });
    const next = computer.compute(health([]), baseline);
    const full = computePlan({ fleet, health: health([]), previous: baseline, settings: NO_GUARD_SHARE });
    expect(next.digest).toBe(full.digest);
    expect(next.endpoints).toEqual(full.endpoints);
    // Recomputed: the two names; every other endpoint is the baseline's own object.
    const recomputed = next.endpoints.flatMap((e, i) => (e === baseline.endpoints[i] ? [] : [i]));
    expect(recomputed).toEqual([3, 150]);
  });

  it('health of a load balancer no endpoint selects changes nothing', () => {
    const fleet = smallFleet();
    const a = computePlan({ fleet, health: health([]), previous: null, settings: NO_GUARD_SHARE });
    const b = computePlan({ fleet, health: new Map([[loadBalancerId('not-in-fleet'), false]]), previous: null, settings: NO_GUARD_SHARE });
    expect(b.digest).toBe(a.digest);
  });
});

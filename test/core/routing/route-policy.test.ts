/**
 * Routing policies through the real Planner and Enactor (in memory) under a manual clock:
 * failover with automatic and manual failback, weighted active-active, fail-open when every
 * region is unhealthy, and the routing decisions as events.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { Enactor } from '../../../src/core/enactor/enactor.js';
import { NO_WRITE_GUARDS_FOR_TESTS } from '../../../src/core/enactor/plan-guards.js';
import type { EndpointSpec, FleetSpec, RoutingSpec } from '../../../src/core/model/fleet.js';
import { enactorId, endpointName, loadBalancerId, providerId, type LoadBalancerId } from '../../../src/core/model/ids.js';
import { Planner } from '../../../src/core/planner/planner.js';
import type { OperatorControl } from '../../../src/core/safety/operator-controls.js';
import { DEFAULT_SAFETY_SETTINGS } from '../../../src/core/safety/safety-settings.js';
import { TEST_ENACTOR_SETTINGS } from '../../support/core-rig.js';
import { ManualClock, RecordingEvents, endpoint, lb } from '../../support/fleet.js';

const EAST = 'api.us-east-1.example.test.';
const WEST = 'api.us-west-2.example.test.';
const GLOBAL = 'api.example.test.';
const EAST_IPS = ['192.0.2.1', '192.0.2.2'];
const WEST_IPS = ['198.51.100.1', '198.51.100.2'];

function routed(name: string, routing: RoutingSpec): EndpointSpec {
  return { ...endpoint(name, { ids: [] }), routing };
}

function twoRegions(routing: RoutingSpec): FleetSpec {
  return {
    loadBalancers: [
      lb('e1', 'use1-az1', EAST_IPS[0]!, { capacity: 10 }), lb('e2', 'use1-az2', EAST_IPS[1]!, { capacity: 10 }),
      lb('w1', 'usw2-az1', WEST_IPS[0]!, { capacity: 5 }), lb('w2', 'usw2-az2', WEST_IPS[1]!, { capacity: 5 }),
    ],
    endpoints: [
      endpoint(EAST, { ids: [loadBalancerId('e1'), loadBalancerId('e2')] }),
      endpoint(WEST, { ids: [loadBalancerId('w1'), loadBalancerId('w2')] }),
      routed(GLOBAL, routing),
    ],
  };
}

const FAILOVER: RoutingSpec = {
  policy: 'failover', failback: 'automatic', failbackAfterMs: 10_000, healthyShareMin: 0,
  primary: { region: 'us-east-1', endpoint: endpointName(EAST), weight: 1 },
  secondary: { region: 'us-west-2', endpoint: endpointName(WEST), weight: 1 },
};

function rig(fleet: FleetSpec) {
  const clock = new ManualClock(0);
  const store = new MemoryPlanStore({ clock });
  const provider = new MemoryDnsProvider(providerId('memory'), 100);
  const events = new RecordingEvents();
  const down = new Set<LoadBalancerId>();
  const controls: OperatorControl[] = [];
  const planner = new Planner({
    holder: 'planner', unhealthySinceMs: () => undefined, fleet, store, providers: [provider], clock, events, controls: () => controls,
    health: () => new Map([...down].map((id) => [id, false])),
    settings: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 0, createAttemptsMax: 3, leaseTtlMs: 10_000, safety: { ...DEFAULT_SAFETY_SETTINGS, velocity: null } },
  });
  const enactor = new Enactor({ id: enactorId('az1'), store, providers: [provider], clock, random: new SeededRandom(3), events, settings: TEST_ENACTOR_SETTINGS, guards: () => NO_WRITE_GUARDS_FOR_TESTS, adopt: () => false });
  const global = async (): Promise<{ address: string; weight: number }[]> => {
    await planner.tick();
    await enactor.tick();
    const plan = await store.latest();
    if (!plan.ok || plan.value === null) throw new Error('no plan');
    return plan.value.endpoints.find((e) => e.name === GLOBAL)!.addresses.map((a) => ({ address: a.address, weight: a.weight }));
  };
  const addresses = async (): Promise<string[]> => (await global()).map((a) => a.address).sort();
  const setDown = (ids: readonly string[], isDown: boolean): void => {
    for (const id of ids) {
      if (isDown) down.add(loadBalancerId(id));
      else down.delete(loadBalancerId(id));
    }
  };
  return { clock, events, controls, planner, global, addresses, setDown };
}

describe('failover routing (active-passive)', () => {
  it('serves the primary; fails over when the primary region is down; fails back automatically after the hold', async () => {
    const r = rig(twoRegions(FAILOVER));
    expect(await r.addresses()).toEqual(EAST_IPS);
    r.setDown(['e1', 'e2'], true);
    expect(await r.addresses()).toEqual(WEST_IPS);
    expect(r.events.events.find((e) => e.kind === 'routing.failover')?.reason).toMatch(/primary us-east-1 \(0% healthy\) is unhealthy; failing over to us-west-2 \(100% healthy\)/);
    expect(r.planner.currentRoutes()).toEqual([expect.objectContaining({ name: GLOBAL, activeRegions: ['us-west-2'] })]);
    r.setDown(['e1', 'e2'], false);
    expect(await r.addresses()).toEqual(WEST_IPS); // held: the primary must stay healthy for failbackAfterMs
    r.clock.now += 10_000;
    expect(await r.addresses()).toEqual(EAST_IPS);
    expect(r.events.kinds()).toContain('routing.failback');
  });

  it('one primary load balancer down is not a regional failure: the primary\'s healthy half serves', async () => {
    const r = rig(twoRegions(FAILOVER));
    await r.addresses();
    r.setDown(['e1'], true);
    // Half the region failing does not pass the panic threshold (50%), so e1 leaves; no failover.
    expect(await r.addresses()).toEqual(EAST_IPS.filter((ip) => ip !== '192.0.2.1'));
    expect(r.planner.currentRoutes()[0]?.activeRegions).toEqual(['us-east-1']);
    expect(r.events.kinds()).not.toContain('routing.failover');
  });

  it('manual failback waits for an operator\'s recorded approval', async () => {
    const r = rig(twoRegions({ ...FAILOVER, failback: 'manual' }));
    await r.addresses();
    r.setDown(['e1', 'e2'], true);
    expect(await r.addresses()).toEqual(WEST_IPS);
    r.setDown(['e1', 'e2'], false);
    r.clock.now += 3_600_000;
    expect(await r.addresses()).toEqual(WEST_IPS);
    expect(r.planner.currentDecisions().find((d) => d.guard === 'routing-held')?.reason).toMatch(/failback is manual/);
    r.controls.push({ id: 'fb', kind: 'failback', target: GLOBAL, reason: 'east verified', by: 'dave', createdAtMs: r.clock.now, expiresAtMs: r.clock.now + 60_000 });
    expect(await r.addresses()).toEqual(EAST_IPS);
    expect(r.events.events.find((e) => e.kind === 'routing.failback')?.reason).toContain('manual failback by dave: east verified');
  });

  it('both regions down: stays where it is (fail-open), never empty', async () => {
    const r = rig(twoRegions(FAILOVER));
    await r.addresses();
    r.setDown(['e1', 'e2', 'w1', 'w2'], true);
    expect(await r.addresses()).toEqual(EAST_IPS);
    expect(r.events.kinds()).toContain('routing.held');
  });
});

describe('weighted routing (active-active)', () => {
  const WEIGHTED: RoutingSpec = {
    policy: 'weighted', healthyShareMin: 0,
    regions: [
      { region: 'us-east-1', endpoint: endpointName(EAST), weight: 3 },
      { region: 'us-west-2', endpoint: endpointName(WEST), weight: 1 },
    ],
  };

  it('splits by region weight, whatever the regions\' own capacities', async () => {
    const r = rig(twoRegions(WEIGHTED));
    const answer = await r.global();
    const weightOf = (ips: readonly string[]): number => answer.filter((a) => ips.includes(a.address)).reduce((s, a) => s + a.weight, 0);
    expect(weightOf(EAST_IPS)).toBe(3000);
    expect(weightOf(WEST_IPS)).toBe(1000);
  });

  it('an unhealthy region leaves the answer, and comes back when healthy', async () => {
    const r = rig(twoRegions(WEIGHTED));
    await r.global();
    r.setDown(['w1', 'w2'], true);
    expect(await r.addresses()).toEqual(EAST_IPS);
    expect(r.events.kinds()).toContain('routing.failover');
    r.setDown(['w1', 'w2'], false);
    expect(await r.addresses()).toEqual([...EAST_IPS, ...WEST_IPS].sort());
  });
});

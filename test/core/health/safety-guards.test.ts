/**
 * The safety guards through the real Planner, store and Enactor (in memory) under a manual clock:
 * fail-open, velocity (longest unhealthy first, windows, additions unlimited, overrides), zone
 * failover with minZones, freeze in place. Health is set directly (the monitor is tested apart).
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { Enactor } from '../../../src/core/enactor/enactor.js';
import { NO_WRITE_GUARDS_FOR_TESTS } from '../../../src/core/enactor/plan-guards.js';
import type { FleetSpec } from '../../../src/core/model/fleet.js';
import { enactorId, endpointName, loadBalancerId, providerId, type LoadBalancerId } from '../../../src/core/model/ids.js';
import { Planner } from '../../../src/core/planner/planner.js';
import type { OperatorControl } from '../../../src/core/safety/operator-controls.js';
import { DEFAULT_SAFETY_SETTINGS, type SafetySettings } from '../../../src/core/safety/safety-settings.js';
import { TEST_ENACTOR_SETTINGS } from '../../support/core-rig.js';
import { ManualClock, RecordingEvents, endpoint, lb } from '../../support/fleet.js';

const REGIONAL = 'api.region.example.test.';
const WINDOW_MS = 60_000;
const SAFETY: SafetySettings = { ...DEFAULT_SAFETY_SETTINGS, velocity: { maxShare: 0.25, windowMs: WINDOW_MS } };

/** `count` load balancers spread over `zones` zones, a regional name and one per zone. */
function fleetOf(count: number, zones = 3): FleetSpec {
  const loadBalancers = Array.from({ length: count }, (_, i) => lb(`lb-${i}`, `az${i % zones}`, `192.0.2.${i + 1}`));
  return {
    loadBalancers,
    endpoints: [endpoint(REGIONAL), ...Array.from({ length: zones }, (_, z) => endpoint(`api.az${z}.example.test.`, { az: `az${z}` }))],
  };
}

function rig(fleet: FleetSpec, safety: SafetySettings = SAFETY) {
  const clock = new ManualClock(0);
  const store = new MemoryPlanStore({ clock });
  const provider = new MemoryDnsProvider(providerId('memory'), 100);
  const events = new RecordingEvents();
  const unhealthySince = new Map<LoadBalancerId, number>();
  const controls: OperatorControl[] = [];
  const health = (): Map<LoadBalancerId, boolean> => new Map([...unhealthySince.keys()].map((id) => [id, false]));
  const planner = new Planner({
    holder: 'planner', fleet, store, providers: [provider], clock, events, health,
    unhealthySinceMs: (id) => unhealthySince.get(id),
    controls: () => controls,
    settings: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 0, createAttemptsMax: 3, leaseTtlMs: 10_000, safety },
  });
  const enactor = new Enactor({ id: enactorId('az0'), store, providers: [provider], clock, random: new SeededRandom(7), events, settings: TEST_ENACTOR_SETTINGS, guards: () => NO_WRITE_GUARDS_FOR_TESTS, adopt: () => false });
  const setUnhealthy = (ids: readonly string[]): void => {
    for (const id of ids) if (!unhealthySince.has(loadBalancerId(id))) unhealthySince.set(loadBalancerId(id), clock.now);
  };
  const setHealthy = (ids: readonly string[]): void => {
    for (const id of ids) unhealthySince.delete(loadBalancerId(id));
  };
  const step = async (): Promise<string[]> => {
    await planner.tick();
    await enactor.tick();
    return live(REGIONAL);
  };
  const live = async (name: string): Promise<string[]> => {
    const read = await provider.readEndpoints([endpointName(name)]);
    if (!read.ok) throw new Error(read.message);
    return read.value[0]!.addresses.map((a) => a.address).sort();
  };
  /**
   * The first plan, then past the Planner's velocity warm-up (a Planner removes nothing until it
   * has watched what is served for a whole window).
   */
  const warmUp = async (): Promise<string[]> => {
    const first = await step();
    clock.now += (safety.velocity?.windowMs ?? 0) + 1;
    return first;
  };
  const enact = async (): Promise<string[]> => {
    await enactor.tick();
    return live(REGIONAL);
  };
  /** Another Planner on the same store and provider, seeing the same health. */
  const standby = (holder: string): Planner => new Planner({
    holder, fleet, store, providers: [provider], clock, events, health, unhealthySinceMs: (id) => unhealthySince.get(id), controls: () => controls,
    settings: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 0, createAttemptsMax: 3, leaseTtlMs: 10_000, safety },
  });
  return { clock, store, provider, events, controls, planner, setUnhealthy, setHealthy, step, enact, warmUp, live, standby };
}

describe('fail-open (panic threshold)', () => {
  it('6 of 10 unhealthy at once: treated as a checking failure, the last published set stays, and the alarm is raised', async () => {
    const r = rig(fleetOf(10));
    expect(await r.step()).toHaveLength(10);
    r.setUnhealthy(['lb-0', 'lb-1', 'lb-2', 'lb-3', 'lb-4', 'lb-5']);
    expect(await r.step()).toHaveLength(10);
    const alarm = r.events.events.find((e) => e.kind === 'guard.fail-open' && e.endpoint === REGIONAL);
    expect(alarm?.reason).toMatch(/60% of A capacity looks unhealthy \(panic threshold 50%\)/);
  });
});

describe('velocity control', () => {
  it('4 of 10 unhealthy: 25% leaves per window, longest unhealthy first; the rest waits for the next window', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    r.setUnhealthy(['lb-7']);
    r.clock.now += 1000;
    r.setUnhealthy(['lb-3', 'lb-5', 'lb-1']);
    const first = await r.step();
    expect(first).toHaveLength(8); // floor = 10 × 0.75 = 7.5 → two may leave
    expect(first).not.toContain('192.0.2.8'); // lb-7 has been unhealthy longest: it goes first
    const deferral = r.events.events.find((e) => e.kind === 'guard.velocity' && e.endpoint === REGIONAL);
    expect(deferral?.reason).toMatch(/removing 2 of 4 A address\(es\); deferring 2/);
    // The Planner's next read sees the removal served: the window counts it from then (a removal
    // enters the window when it is seen served, never earlier than it happened).
    r.clock.now += 1;
    expect(await r.step()).toHaveLength(8);
    r.clock.now += WINDOW_MS / 2;
    expect(await r.step()).toHaveLength(8);
    r.clock.now += WINDOW_MS / 2 + 1;
    expect(await r.step()).toHaveLength(6);
  });

  it('capacity coming back is never limited', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    r.setUnhealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(8);
    r.setHealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(10);
  });

  it('an operator override lifts the limit for its endpoint, and the removal says whose override it was', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    r.controls.push({ id: 'o1', kind: 'velocity-override', target: REGIONAL, reason: 'drain az for maintenance', by: 'alice', createdAtMs: r.clock.now, expiresAtMs: r.clock.now + 600_000 });
    r.setUnhealthy(['lb-1', 'lb-2', 'lb-3', 'lb-4']);
    expect(await r.step()).toHaveLength(6);
    const used = r.events.events.find((e) => e.kind === 'guard.velocity-override');
    expect(used?.reason).toContain('override by alice: drain az for maintenance');
  });

  it('a restarted Planner rebuilds the window from the stored generations: no fresh share', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    r.clock.now += 1000;
    r.setUnhealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(8);
    const restarted = new Planner({
      holder: 'planner', unhealthySinceMs: () => undefined, controls: () => [], fleet: fleetOf(10, 1), store: r.store, providers: [r.provider], clock: r.clock, events: r.events,
      health: () => new Map(['lb-1', 'lb-2', 'lb-3', 'lb-4'].map((id) => [loadBalancerId(id), false])),
      settings: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 0, createAttemptsMax: 3, leaseTtlMs: 10_000, safety: SAFETY },
    });
    r.clock.now += 1000;
    expect((await restarted.tick()).kind).toBe('unchanged');
    r.clock.now += WINDOW_MS;
    expect((await restarted.tick()).kind).toBe('created');
  });

  it('a Planner started over an existing history removes nothing for one window, even with every generation deleted (warm-up)', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    const listed = await r.store.list();
    for (const g of listed.ok ? listed.value : []) await r.store.delete(g.generation);
    r.clock.now += 10_001; // the first Planner is gone; its lease runs out
    const restarted = r.standby('planner-2');
    r.setUnhealthy(['lb-1', 'lb-2']);
    await restarted.tick();
    expect(await r.enact()).toHaveLength(10);
    const held = r.events.events.find((e) => e.kind === 'guard.velocity' && e.endpoint === REGIONAL);
    expect(held?.reason).toMatch(/warming up: this Planner has not yet watched what is served for a whole window/);
    r.clock.now += WINDOW_MS;
    await restarted.tick();
    expect(await r.enact()).toHaveLength(8);
  });

  it('a first start (no generation ever, no fence anywhere) has nothing to wait for', async () => {
    const r = rig(fleetOf(10, 1));
    await r.step();
    r.clock.now += 1000;
    r.setUnhealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(8);
  });

  it('a standby learns a capacity the leader published and replaced between two of its reads', async () => {
    const r = rig(fleetOf(10, 1));
    const second = r.standby('planner-2');
    r.setUnhealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(8);
    expect((await second.tick()).kind).toBe('standby');
    r.clock.now += WINDOW_MS + 1;
    await r.step();
    r.setHealthy(['lb-1', 'lb-2']);
    expect(await r.step()).toHaveLength(10); // a peak of 10 the standby never reads as served
    r.clock.now += 1000;
    r.setUnhealthy(['lb-1', 'lb-2', 'lb-3']);
    expect(await r.step()).toHaveLength(8); // 25% of 10: lb-3 waits
    r.clock.now += 10_001; // the leader stops; its lease runs out
    await second.tick();
    // 10 → 7 within a window would be 30%: the standby knows the 10 from the store's generations.
    expect(await r.enact()).toHaveLength(8);
  });

  it('an expired override no longer lifts anything', async () => {
    const r = rig(fleetOf(10, 1));
    await r.warmUp();
    r.controls.push({ id: 'o1', kind: 'velocity-override', target: '*', reason: 'r', by: 'bob', createdAtMs: r.clock.now, expiresAtMs: r.clock.now + 10 });
    await r.step();
    r.clock.now += 100;
    r.setUnhealthy(['lb-1', 'lb-2', 'lb-3', 'lb-4']);
    expect(await r.step()).toHaveLength(8);
  });
});

describe('zone failover', () => {
  const noVelocity: SafetySettings = { ...SAFETY, velocity: null };

  it('a zone unhealthy as a whole leaves the regional name; its zonal name, half unhealthy, keeps its healthy half', async () => {
    const r = rig(fleetOf(12, 3), noVelocity); // 4 per zone
    await r.step();
    r.setUnhealthy(['lb-0', 'lb-3']); // 2 of az0's 4 (lb-0, 3, 6, 9): 50%, at the zone threshold
    const regional = await r.step();
    expect(regional).toHaveLength(8);
    expect(regional.some((a) => ['192.0.2.7', '192.0.2.10'].includes(a))).toBe(false); // az0's healthy ones left too
    expect(r.events.events.find((e) => e.kind === 'guard.zone-failover')?.reason).toMatch(/az0 \(50% unhealthy/);
    // Half the zonal pool failing is not a panic (the threshold must be passed, not reached).
    expect((await r.live('api.az0.example.test.')).sort()).toEqual(['192.0.2.10', '192.0.2.7']);
    expect(r.events.events.some((e) => e.kind === 'guard.fail-open' && e.endpoint === 'api.az0.example.test.')).toBe(false);
  });

  it('never below minZones: with two zones left, an impaired zone stays', async () => {
    const r = rig(fleetOf(12, 3), { ...noVelocity, panicThreshold: 0.6 });
    await r.step();
    r.setUnhealthy(['lb-0', 'lb-3', 'lb-6', 'lb-9']); // az0 entirely down
    await r.step();
    r.setUnhealthy(['lb-1', 'lb-4']); // az1 half down: removing it would leave one zone
    const regional = await r.step();
    expect(regional).toHaveLength(6);
    expect(r.events.kinds()).toContain('guard.min-zones');
  });

  it('with velocity on, zone failover is bounded too (dead addresses leave before healthy ones)', async () => {
    const r = rig(fleetOf(12, 3));
    await r.warmUp();
    r.setUnhealthy(['lb-0', 'lb-3']);
    const regional = await r.step();
    expect(regional).toHaveLength(9); // floor 12 × 0.75 = 9
    expect(regional).not.toContain('192.0.2.1');
    expect(regional).not.toContain('192.0.2.4');
  });
});

describe('freeze in place', () => {
  it('plans but does not publish while frozen; unfreezing publishes the newest plan', async () => {
    const r = rig(fleetOf(10), { ...SAFETY, velocity: null });
    await r.step();
    const generations = (await r.store.list());
    expect(generations.ok && generations.value.length).toBe(1);
    r.controls.push({ id: 'f1', kind: 'freeze', target: '*', reason: 'incident 42', by: 'carol', createdAtMs: r.clock.now, expiresAtMs: null });
    r.setUnhealthy(['lb-1']);
    expect(await r.step()).toHaveLength(10);
    const held = r.planner.currentDecisions().find((d) => d.guard === 'frozen' && d.endpoint === REGIONAL);
    expect(held?.reason).toBe('frozen by carol (incident 42); would add [], remove [lb-1]');
    expect(r.events.kinds()).toContain('guard.frozen');
    const during = await r.store.list();
    expect(during.ok && during.value.length).toBe(1);
    r.controls.length = 0;
    expect(await r.step()).toHaveLength(9);
  });
});

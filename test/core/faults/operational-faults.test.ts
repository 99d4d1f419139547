/**
 * Ordinary operational faults that used to empty, wedge or stall a name, each reproduced on the
 * production Planner, Enactor and Cleaner as the one assembly builds them (in-memory ports, the
 * fence kept as TXT character-strings). The same faults run against the real process in
 * test/app/operational-faults.test.ts and under the simulator's explorer.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import type { PlanStore } from '../../../src/core/ports/plan-store.js';
import { endpointName, generation, providerId, type Generation } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';
import { DEFAULT_SAFETY_SETTINGS } from '../../../src/core/safety/safety-settings.js';
import type { OperatorControl } from '../../../src/core/safety/operator-controls.js';
import { coreRig, liveOf, TEST_ENACTOR_SETTINGS, writePlanDirectly, type CoreRig } from '../../support/core-rig.js';
import { endpoint, lb, smallFleet } from '../../support/fleet.js';

const REGIONAL = endpointName('api.region.example.test.');
const AZ1 = endpointName('api.az1.example.test.');

async function converge(rig: CoreRig, ticks = 3): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    await rig.planner.tick();
    await rig.enactor('az1').tick();
  }
}

function control(kind: OperatorControl['kind'], target: string, nowMs: number): OperatorControl {
  return { id: `${kind}-${target}`, kind, target, reason: 'test', by: 'tester', createdAtMs: nowMs - 1, expiresAtMs: nowMs + 3_600_000 };
}

/** Eight load balancers of capacity 1 behind one regional name. */
function eightFleet() {
  const loadBalancers = Array.from({ length: 8 }, (_, i) => lb(`lb${i + 1}`, i < 4 ? 'az1' : 'az2', `192.0.2.${i + 1}`));
  return { loadBalancers, endpoints: [endpoint('api.region.example.test.')] };
}

describe('reconciliation repairs content, not only generations', () => {
  it('a hand edit that deletes a name\'s A RRset (fence intact) is repaired and alarmed', async () => {
    const rig = coreRig(smallFleet(), { settings: { enactor: { enactAttemptsMax: 3, backoffBaseMs: 1, backoffMaxMs: 10, reconcileIntervalMs: 1000, intervalMs: 250 } } });
    await converge(rig);
    rig.provider.setServed(REGIONAL, { ttlSeconds: null, addresses: [] });
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(0);
    rig.clock.now += 1001;
    await rig.enactor('az1').tick();
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(4);
    expect(rig.events.events.some((e) => e.kind === 'enact.empty-repaired' && e.endpoint === REGIONAL)).toBe(true);
  });

  it('a changed TTL or a stray address is rewritten to what the live generation says', async () => {
    const rig = coreRig(smallFleet());
    await converge(rig);
    const live = await liveOf(rig.provider, AZ1);
    rig.provider.setServed(AZ1, { ...live, ttlSeconds: 3600, addresses: [...live.addresses, { family: 'A', address: '198.51.100.7', weight: 1 }] });
    rig.clock.now += 60_001;
    await rig.enactor('az1').tick();
    const repaired = await liveOf(rig.provider, AZ1);
    expect(repaired.ttlSeconds).toBe(5);
    expect(repaired.addresses.map((a) => a.address).sort()).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(repaired.fence?.generation).toBe(live.fence?.generation);
  });
});

describe('fences that are not ours, or are written differently', () => {
  it('a 15-digit foreign fence is left alone and alarmed; every other name keeps following health; adopt takes it back', async () => {
    const rig = coreRig(smallFleet());
    await converge(rig);
    rig.provider.setFenceRaw(REGIONAL, [['gen=999999999999999 digest=ab by=foreign']]);
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id);
    await converge(rig);
    const latest = await rig.store.latest();
    expect(latest.ok && latest.value!.generation).toBeLessThan(1000);
    expect(rig.events.kinds()).toContain('plan.fence-ignored');
    expect(rig.events.kinds()).toContain('enact.foreign-fence');
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(999999999999999);
    expect((await liveOf(rig.provider, AZ1)).addresses).toHaveLength(1);
    rig.controls.list = [control('adopt', REGIONAL, rig.clock.nowMs())];
    await converge(rig, 1);
    const adopted = await liveOf(rig.provider, REGIONAL);
    expect(adopted.fence?.generation).toBe(latest.ok ? latest.value!.generation : -1);
    expect(adopted.addresses).toHaveLength(3);
    expect(rig.events.kinds()).toContain('enact.adopted');
  });

  it('a fence written as gen=07 or split over two strings is replaced: the compare-and-swap carries the bytes read', async () => {
    const rig = coreRig(smallFleet());
    await converge(rig);
    const digest = (await liveOf(rig.provider, REGIONAL)).fence!.digest;
    rig.provider.setFenceRaw(REGIONAL, [[`gen=01 digest=${digest} `, 'by=hand']]);
    rig.provider.setFenceRaw(AZ1, [['gen=0000000000000001 digest=ab by=hand']]);
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id);
    const enactor = rig.enactor('az1');
    await rig.planner.tick();
    await enactor.tick();
    // The second pass over the plan moves the fences the first left behind (names it did not change).
    expect(await enactor.tick()).toEqual({ kind: 'done', generation: 2, converged: true });
    expect(enactor.status().providers['memory']!.conflicts).toBe(0);
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(2);
  });

  it('generations parse and are produced over [1, 2^53 - 1]; the Planner never numbers past it', async () => {
    const rig = coreRig(smallFleet());
    await writePlanDirectly(rig.store, makePlan({ generation: generation(Number.MAX_SAFE_INTEGER), createdAtMs: 0, note: 'restored near the top', endpoints: [] }), rig.clock);
    rig.clock.now += 20_000;
    const result = await rig.planner.tick();
    expect(result.kind).toBe('refused');
    expect(rig.events.kinds()).toContain('plan.refused');
  });
});

describe('time', () => {
  it('a wall clock stepped back two hours stops nothing and asserts nothing', async () => {
    const rig = coreRig(eightFleet(), { settings: { safety: { ...DEFAULT_SAFETY_SETTINGS, velocity: { maxShare: 0.25, windowMs: 60_000 } } } });
    await converge(rig);
    rig.clock.now += 60_001; // past the Planner's velocity warm-up
    rig.clock.stepWall(-2 * 3_600_000);
    rig.unhealthy.add(eightFleet().loadBalancers[0]!.id);
    await converge(rig);
    rig.clock.now += 1000;
    rig.clock.stepWall(+3 * 3_600_000);
    rig.unhealthy.add(eightFleet().loadBalancers[1]!.id);
    await converge(rig);
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(6);
  });
});

describe('guards against what is served', () => {
  const velocity25 = { ...DEFAULT_SAFETY_SETTINGS, velocity: { maxShare: 0.25, windowMs: 300_000 } };

  it('with every generation deleted, a frozen name keeps what it serves', async () => {
    const rig = coreRig(eightFleet(), { settings: { safety: velocity25 } });
    await converge(rig);
    rig.controls.list = [control('freeze', REGIONAL, rig.clock.nowMs())];
    const listed = await rig.store.list();
    for (const g of listed.ok ? listed.value : []) await rig.store.delete(g.generation);
    for (const lbSpec of eightFleet().loadBalancers.slice(0, 4)) rig.unhealthy.add(lbSpec.id);
    await converge(rig);
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(8);
  });

  it('with every generation deleted, velocity still bounds what leaves (25% of what is served)', async () => {
    const rig = coreRig(eightFleet(), { settings: { safety: velocity25 } });
    await converge(rig);
    rig.clock.now += 300_001; // past the Planner's velocity warm-up
    const listed = await rig.store.list();
    for (const g of listed.ok ? listed.value : []) await rig.store.delete(g.generation);
    for (const lbSpec of eightFleet().loadBalancers.slice(0, 4)) rig.unhealthy.add(lbSpec.id);
    await converge(rig);
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(6);
  });

  it('a lagging provider is not moved 8 → 5 in one write against a 25% limit', async () => {
    const lagging = new MemoryDnsProvider(providerId('lagging'));
    const rig = coreRig(eightFleet(), { settings: { safety: { ...velocity25, velocity: { maxShare: 0.25, windowMs: 10_000 } } } });
    const enactor = (): ReturnType<CoreRig['enactor']> => rig.enactor('az1', [rig.provider, lagging]);
    await rig.planner.tick();
    await enactor().tick();
    lagging.setAvailable(false);
    for (const [i, lbSpec] of eightFleet().loadBalancers.slice(0, 3).entries()) {
      rig.unhealthy.add(lbSpec.id);
      rig.clock.now += 11_000 * (i + 1);
      await rig.planner.tick();
      await enactor().tick();
    }
    expect((await liveOf(rig.provider, REGIONAL)).addresses.length).toBeLessThanOrEqual(6);
    lagging.setAvailable(true);
    await enactor().tick();
    const after = (await liveOf(lagging, REGIONAL)).addresses.length;
    expect(after).toBeGreaterThanOrEqual(6);
  });

  it('two Planners on one store: only the lease holder writes', async () => {
    const rig = coreRig(eightFleet(), { settings: { safety: velocity25 } });
    await rig.planner.tick();
    rig.clock.now += 300_001; // past the Planner's velocity warm-up
    await rig.planner.tick(); // renews its lease
    const second = rig.secondPlanner('planner-2');
    rig.unhealthy.add(eightFleet().loadBalancers[0]!.id);
    expect((await second.tick()).kind).toBe('standby');
    expect((await rig.planner.tick()).kind).toBe('created');
  });

  it('a plan with answersMax 0 is refused by every Enactor and the names keep answering', async () => {
    const rig = coreRig(smallFleet());
    await converge(rig);
    const live = await rig.store.latest();
    const bad: Plan = makePlan({
      generation: generation(50), createdAtMs: 0, note: 'written by a broken tool',
      endpoints: live.ok ? live.value!.endpoints.map((e) => ({ ...e, answersMax: 0 })) : [],
    });
    await writePlanDirectly(rig.store, bad, rig.clock);
    expect((await rig.enactor('az1').tick()).kind).toBe('refused');
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(4);
  });
});

describe('restores', () => {
  /** A store whose contents can be replaced by an older backup, as an operator's restore does. */
  class RestorableStore implements PlanStore {
    constructor(public inner: MemoryPlanStore) {}
    acquireLease(holder: string, ttlMs: number) { return this.inner.acquireLease(holder, ttlMs); }
    latest() { return this.inner.latest(); }
    highWater() { return this.inner.highWater(); }
    get(g: Generation) { return this.inner.get(g); }
    create(plan: Plan, token: number) { return this.inner.create(plan, token); }
    list() { return this.inner.list(); }
    delete(g: Generation) { return this.inner.delete(g); }
  }

  it('a store restored with one provider down renumbers, and an equal generation with another digest is not done', async () => {
    const down = new MemoryDnsProvider(providerId('down'));
    const rig = coreRig(smallFleet());
    const store = new RestorableStore(new MemoryPlanStore({ clock: rig.clock }));
    const health = { view: () => new Map([...rig.unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
    const providers = [rig.provider, down];
    const planner = rig.assembly.planner({ holder: 'p', clock: rig.clock, events: rig.events, store, providers, health, controls: rig.controls });
    const enactor = rig.enactor('az1', providers, store);
    const step = async (): Promise<void> => {
      await planner.tick();
      await enactor.tick();
    };
    await step();
    const backup = await store.latest();
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id);
    await step();
    rig.unhealthy.add(smallFleet().loadBalancers[2]!.id);
    await step(); // both providers at generation 3
    // Restore the store to the backup (generation 1) and lose a provider meanwhile.
    store.inner = new MemoryPlanStore({ clock: rig.clock });
    if (backup.ok && backup.value) await writePlanDirectly(store.inner, backup.value);
    rig.clock.now += 2; // the restoring tool's lease (1 ms) runs out
    down.setAvailable(false);
    rig.unhealthy.delete(smallFleet().loadBalancers[2]!.id); // lb-b1 comes back
    for (let i = 0; i < 3; i++) await step();
    const latest = await store.latest();
    expect(latest.ok && latest.value!.generation).toBeGreaterThan(3);
    expect((await liveOf(rig.provider, REGIONAL)).addresses.map((a) => a.address)).toContain('192.0.2.21');
    down.setAvailable(true);
    for (let i = 0; i < 3; i++) await step();
    const final = await store.latest();
    expect((await liveOf(down, REGIONAL)).fence?.generation).toBe(final.ok ? final.value!.generation : -1);
    expect((await liveOf(down, REGIONAL)).addresses.map((a) => a.address)).toContain('192.0.2.21');
  });

  it('an equal generation with another digest is divergent: the Planner renumbers and the name converges', async () => {
    const rig = coreRig(smallFleet());
    await converge(rig);
    const live = await liveOf(rig.provider, REGIONAL);
    rig.provider.setFenceRaw(REGIONAL, [[`gen=${live.fence!.generation} digest=0123456789abcdef by=restored`]]);
    await converge(rig);
    const after = await liveOf(rig.provider, REGIONAL);
    expect(after.fence!.generation).toBeGreaterThan(live.fence!.generation);
    expect(after.fence!.by).toBe('az1');
    expect(rig.events.kinds()).toContain('plan.renumbered');
  });
});

describe('the Cleaner', () => {
  it('malformed and absent fences do not stop it', async () => {
    const rig = coreRig(smallFleet());
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1']) {
      rig.unhealthy.clear();
      rig.unhealthy.add(smallFleet().loadBalancers.find((l) => l.id === id)!.id);
      await converge(rig, 1);
    }
    rig.provider.setMalformedFence(REGIONAL, 'garbage');
    rig.provider.setFenceRaw(AZ1, null);
    const cleaner = rig.cleaner();
    // A name with no fence may be about to receive any stored generation: the Cleaner waits…
    const waiting = await cleaner.tick();
    expect(waiting.kind === 'skipped' && waiting.reason).toMatch(/has no fence on/);
    // …until an Enactor writes it at its next reconciliation (the malformed one is not ours and
    // never holds it up).
    rig.clock.now += TEST_ENACTOR_SETTINGS.reconcileIntervalMs + 1;
    await converge(rig, 1);
    expect((await liveOf(rig.provider, AZ1)).fence).not.toBeNull();
    const result = await cleaner.tick();
    expect(result.kind === 'cleaned' && result.deleted.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { endpointName, generation, providerId } from '../../../src/core/model/ids.js';
import { makePlan } from '../../../src/core/model/plan.js';
import { coreRig, liveOf, writePlanDirectly } from '../../support/core-rig.js';
import { smallFleet } from '../../support/fleet.js';

const REGIONAL = endpointName('api.region.example.test.');

describe('Enactor', () => {
  it('applies the newest plan to every endpoint with a fence', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    const result = await rig.enactor('az1').tick();
    expect(result).toEqual({ kind: 'done', generation: 1, converged: true });
    const live = await liveOf(rig.provider, REGIONAL);
    expect(live.fence?.generation).toBe(1);
    expect(live.fence?.by).toBe('az1');
    expect(live.addresses).toHaveLength(4);
  });

  it('does nothing when the live fence is at or above the plan', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    await rig.enactor('az1').tick();
    const second = rig.enactor('az2');
    await second.tick();
    expect(second.status().providers['memory']!.writes).toBe(0);
    expect((await liveOf(rig.provider, REGIONAL)).fence?.by).toBe('az1');
  });

  it('a delayed Enactor holding an old plan cannot overwrite a newer one (the 2025 race)', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    const oldPlan = await rig.store.latest();
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id);
    await rig.planner.tick();
    await rig.enactor('fast').tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(2);
    // The slow Enactor read generation 1 long ago; it now tries to apply it.
    const staleStore = new MemoryPlanStore();
    if (oldPlan.ok && oldPlan.value) await writePlanDirectly(staleStore, oldPlan.value);
    const slow = rig.enactor('slow', [rig.provider], staleStore);
    await slow.tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(2);
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(3);
    expect(slow.status().providers['memory']!.writes).toBe(0);
  });

  it('an old plan never replaces a name whose own fence is gone while a newer generation is live on the provider', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    const oldPlan = await rig.store.latest();
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id);
    await rig.planner.tick();
    await rig.enactor('fast').tick();
    // A hand edit deletes one name's fence (or plants a parseable one of another tool).
    rig.provider.setFenceRaw(REGIONAL, null);
    const staleStore = new MemoryPlanStore();
    if (oldPlan.ok && oldPlan.value) await writePlanDirectly(staleStore, oldPlan.value);
    const slow = rig.enactor('slow', [rig.provider], staleStore);
    await slow.tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence).toBeNull();
    expect(slow.status().providers['memory']!.writes).toBe(0);
    rig.provider.setFenceRaw(REGIONAL, [['gen=1 digest=aa by=another-tool']]);
    await slow.tick();
    expect(slow.status().providers['memory']!.writes).toBe(0);
    // The current plan (generation 2, the provider's newest) takes the name back.
    rig.clock.now += 60_001;
    await rig.enactor('fast').tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(2);
  });

  it('refuses a plan that would empty an endpoint, and leaves the live records', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    await rig.enactor('az1').tick();
    const bad = makePlan({
      generation: generation(2), createdAtMs: 0, note: 'written by a broken tool',
      endpoints: [{ name: REGIONAL, ttlSeconds: 5, answersMax: 8, addresses: [] }],
    });
    await writePlanDirectly(rig.store, bad, rig.clock);
    const result = await rig.enactor('az1').tick();
    expect(result.kind).toBe('refused');
    expect(rig.events.kinds()).toContain('enact.refused');
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(4);
  });

  it('does not overwrite a malformed fence, and reports it', async () => {
    const rig = coreRig(smallFleet());
    rig.provider.setMalformedFence(REGIONAL, 'hand-written');
    await rig.planner.tick();
    const result = await rig.enactor('az1').tick();
    expect(result).toEqual({ kind: 'done', generation: 1, converged: false });
    expect(rig.events.events.some((e) => e.kind === 'enact.foreign-fence' && e.endpoint === REGIONAL)).toBe(true);
    expect((await liveOf(rig.provider, 'api.az1.example.test.')).fence?.generation).toBe(1);
  });

  it('a fence above the plan is skipped and reported, never written backwards', async () => {
    const rig = coreRig(smallFleet());
    rig.provider.setFence(REGIONAL, { generation: generation(9), digest: 'ab', by: 'foreign' });
    await writePlanDirectly(rig.store, makePlan({ generation: generation(1), createdAtMs: 0, note: '', endpoints: [{ name: REGIONAL, ttlSeconds: 5, answersMax: 8, addresses: [{ loadBalancer: smallFleet().loadBalancers[0]!.id, family: 'A', address: '192.0.2.11', weight: 1 }] }] }));
    await rig.enactor('az1').tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(9);
    expect(rig.events.kinds()).toContain('enact.skipped-newer');
  });

  it('after a lost race, narrows the batch to the endpoints still behind and retries', async () => {
    const rig = coreRig(smallFleet(), { writesPerTransactionMax: 3 });
    await rig.planner.tick();
    const provider = rig.provider;
    // Another writer moves one fence between our read and our write, once.
    let interfered = false;
    const racing = Object.create(provider) as MemoryDnsProvider;
    racing.applyFenced = async (writes) => {
      if (!interfered) {
        interfered = true;
        const first = writes[0]!;
        await provider.applyFenced([{ ...first, newFence: { ...first.newFence, by: 'rival' } }]);
      }
      return provider.applyFenced(writes);
    };
    Object.defineProperty(racing, 'id', { value: providerId('memory') });
    const enactor = rig.enactor('az1', [racing]);
    const result = await enactor.tick();
    expect(result).toEqual({ kind: 'done', generation: 1, converged: true });
    expect(enactor.status().providers['memory']!.conflicts).toBe(1);
    expect(enactor.status().providers['memory']!.writes).toBe(2);
    const fences = (await provider.readEndpoints(smallFleet().endpoints.map((e) => e.name)));
    expect(fences.ok && fences.value.map((e) => e.fence?.generation)).toEqual([1, 1, 1]);
  });

  it('keeps what is live when the store is unavailable (static stability)', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    await rig.enactor('az1').tick();
    rig.store.setAvailable(false);
    expect((await rig.enactor('az1').tick()).kind).toBe('store-unavailable');
    expect((await liveOf(rig.provider, REGIONAL)).addresses).toHaveLength(4);
  });

  it('moves only the fence of endpoints whose records did not change, after the changed ones', async () => {
    const rig = coreRig(smallFleet(), { writesPerTransactionMax: 1 });
    await rig.planner.tick();
    await rig.enactor('az1').tick();
    rig.unhealthy.add(smallFleet().loadBalancers[3]!.id); // lb-b2: changes regional and az2, not az1
    await rig.planner.tick();
    await rig.enactor('az1').tick();
    const applied = rig.events.events.filter((e) => e.kind === 'enact.applied' && e.generation === 2).map((e) => e.endpoint);
    expect(applied.slice(0, 2).sort()).toEqual(['api.az2.example.test.', 'api.region.example.test.']);
    expect(applied[2]).toBe('api.az1.example.test.');
  });
});

import { describe, expect, it } from 'vitest';
import type { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { endpointName, generation, providerId } from '../../../src/core/model/ids.js';
import { makePlan } from '../../../src/core/model/plan.js';
import { FENCE_LAG_GENERATIONS_MAX } from '../../../src/core/enactor/enactor.js';
import { coreRig, liveOf, writePlanDirectly } from '../../support/core-rig.js';
import { smallFleet } from '../../support/fleet.js';

const REGIONAL = endpointName('api.region.example.test.');
const AZ1 = endpointName('api.az1.example.test.');
const AZ2 = endpointName('api.az2.example.test.');

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

  it('a change undone in between moves the fence: a delayed Enactor holding the plan in between is still shut out', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    const fast = rig.enactor('fast');
    await fast.tick();
    const first = await liveOf(rig.provider, REGIONAL);
    rig.unhealthy.add(smallFleet().loadBalancers[0]!.id); // lb-a1: regional and az1 lose it, az2 keeps its records
    await rig.planner.tick();
    const between = await rig.store.latest();
    rig.unhealthy.clear();
    await rig.planner.tick();
    // Generation 3 serves regional as generation 1 did: the two ends agree, the plan between does not.
    await fast.tick();
    expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(3);
    expect((await liveOf(rig.provider, AZ2)).fence?.generation).toBe(1);
    const staleStore = new MemoryPlanStore();
    if (between.ok && between.value) await writePlanDirectly(staleStore, between.value);
    await rig.enactor('slow', [rig.provider], staleStore).tick();
    const regional = await liveOf(rig.provider, REGIONAL);
    expect(regional.fence?.generation).toBe(3);
    expect(regional.addresses).toEqual(first.addresses);
  });

  it('a jump in numbering (a restored store) moves every fence on the first pass', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    const fast = rig.enactor('fast');
    await fast.tick();
    const one = await rig.store.latest();
    if (!one.ok || one.value === null) throw new Error('no plan');
    await writePlanDirectly(rig.store, { ...one.value, generation: generation(5) }, rig.clock);
    expect(await fast.tick()).toEqual({ kind: 'done', generation: 5, converged: true });
    for (const name of [REGIONAL, AZ1, AZ2]) expect((await liveOf(rig.provider, name)).fence?.generation).toBe(5);
  });

  it('a newer plan stops the fence moves still to go: its changes do not wait for them', async () => {
    const rig = coreRig(smallFleet(), { writesPerTransactionMax: 1 });
    await rig.planner.tick();
    const one = await rig.store.latest();
    if (!one.ok || one.value === null) throw new Error('no plan');
    const counting = Object.create(rig.provider) as MemoryDnsProvider;
    let sent = 0;
    counting.applyFenced = async (writes) => {
      sent++;
      const result = await rig.provider.applyFenced(writes);
      // The first fence move of generation 5 lands; meanwhile generation 6 is stored.
      if (writes[0]!.newFence.generation === 5 && sent === 1) await writePlanDirectly(rig.store, { ...one.value!, generation: generation(6) }, rig.clock);
      return result;
    };
    Object.defineProperty(counting, 'id', { value: providerId('memory') });
    const enactor = rig.enactor('az1', [counting]);
    await enactor.tick();
    // A jump in numbering: every fence must move, one batch each.
    await writePlanDirectly(rig.store, { ...one.value, generation: generation(5) }, rig.clock);
    sent = 0;
    expect(await enactor.tick()).toEqual({ kind: 'done', generation: 5, converged: false });
    expect(sent).toBe(1);
    expect(await enactor.tick()).toEqual({ kind: 'done', generation: 6, converged: true });
    for (const name of [REGIONAL, AZ1, AZ2]) expect((await liveOf(rig.provider, name)).fence?.generation).toBe(6);
  });

  it(`a fence left behind moves once it is more than ${FENCE_LAG_GENERATIONS_MAX} generations below the plan, though every pass is a first`, async () => {
    const rig = coreRig(smallFleet());
    const fast = rig.enactor('fast');
    const lbA1 = smallFleet().loadBalancers[0]!.id;
    for (let n = 1; n <= FENCE_LAG_GENERATIONS_MAX + 2; n++) {
      if (n > 1 && rig.unhealthy.has(lbA1)) rig.unhealthy.delete(lbA1);
      else if (n > 1) rig.unhealthy.add(lbA1);
      expect(await rig.planner.tick()).toEqual({ kind: 'created', generation: n });
      await fast.tick();
      const expected = n <= FENCE_LAG_GENERATIONS_MAX + 1 ? 1 : n;
      expect((await liveOf(rig.provider, AZ2)).fence?.generation, `generation ${n}`).toBe(expected);
      expect((await liveOf(rig.provider, REGIONAL)).fence?.generation).toBe(n);
    }
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

  it('writes the changed endpoints; an unchanged one keeps its fence for one pass, and the next pass over the same plan moves it', async () => {
    const rig = coreRig(smallFleet(), { writesPerTransactionMax: 1 });
    await rig.planner.tick();
    const enactor = rig.enactor('az1');
    await enactor.tick();
    rig.unhealthy.add(smallFleet().loadBalancers[3]!.id); // lb-b2: changes regional and az2, not az1
    await rig.planner.tick();
    expect(await enactor.tick()).toEqual({ kind: 'done', generation: 2, converged: false });
    const applied = () => rig.events.events.filter((e) => e.kind === 'enact.applied' && e.generation === 2).map((e) => e.endpoint);
    expect(applied().sort()).toEqual(['api.az2.example.test.', 'api.region.example.test.']);
    expect((await liveOf(rig.provider, AZ1)).fence?.generation).toBe(1);
    expect(await enactor.tick()).toEqual({ kind: 'done', generation: 2, converged: true });
    expect(applied()[2]).toBe('api.az1.example.test.');
    expect((await liveOf(rig.provider, AZ1)).fence?.generation).toBe(2);
  });
});

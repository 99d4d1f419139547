import { describe, expect, it } from 'vitest';
import { endpointName, generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { coreRig } from '../../support/core-rig.js';
import { smallFleet } from '../../support/fleet.js';

describe('Planner', () => {
  it('writes generation 1, then a new generation only when the content changes', async () => {
    const rig = coreRig(smallFleet());
    expect(await rig.planner.tick()).toEqual({ kind: 'created', generation: 1 });
    expect(await rig.planner.tick()).toEqual({ kind: 'unchanged', generation: 1 });
    rig.unhealthy.add(loadBalancerId('lb-a1'));
    expect(await rig.planner.tick()).toEqual({ kind: 'created', generation: 2 });
    expect(await rig.planner.tick()).toEqual({ kind: 'unchanged', generation: 2 });
    const listed = await rig.store.list();
    expect(listed.ok && listed.value.map((g) => g.generation)).toEqual([1, 2]);
  });

  it('two Planners racing never create the same generation twice', async () => {
    const rig = coreRig(smallFleet());
    const other = rig.secondPlanner('planner-2');
    const results = await Promise.all([rig.planner.tick(), other.tick(), rig.planner.tick(), other.tick()]);
    const created = results.filter((r) => r.kind === 'created').map((r) => (r.kind === 'created' ? r.generation : 0));
    expect(new Set(created).size).toBe(created.length);
    const listed = await rig.store.list();
    expect(listed.ok && listed.value.length).toBe(created.length);
  });

  it('renumbers above a live fence that is higher than the store, and records that it did', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    rig.provider.setFence(endpointName('api.az1.example.test.'), { generation: generation(40), digest: '00', by: 'restored-backup' });
    const result = await rig.planner.tick();
    expect(result).toEqual({ kind: 'created', generation: 41 });
    expect(rig.events.kinds()).toContain('plan.renumbered');
    expect(await rig.planner.tick()).toEqual({ kind: 'unchanged', generation: 41 });
  });

  it('reports the store as unavailable and creates nothing', async () => {
    const rig = coreRig(smallFleet());
    rig.store.setAvailable(false);
    expect((await rig.planner.tick()).kind).toBe('store-unavailable');
    expect(rig.events.kinds()).toContain('store.unavailable');
    rig.store.setAvailable(true);
    expect(await rig.planner.tick()).toEqual({ kind: 'created', generation: 1 });
  });

  it('records guard decisions as events with their reason', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2']) rig.unhealthy.add(loadBalancerId(id));
    await rig.planner.tick();
    const neverEmpty = rig.events.events.filter((e) => e.kind === 'guard.never-empty');
    expect(neverEmpty.length).toBeGreaterThan(0);
    expect(neverEmpty[0]!.reason).toMatch(/look unhealthy; keeping the last published set/);
  });
});

describe('Planner numbering after deletions', () => {
  it('numbers above a deleted newest generation instead of failing forever', async () => {
    const rig = coreRig(smallFleet());
    await rig.planner.tick();
    rig.unhealthy.add(loadBalancerId('lb-a1'));
    await rig.planner.tick();
    await rig.store.delete(generation(2)); // deleted by hand before any Enactor applied it
    rig.unhealthy.add(loadBalancerId('lb-b1'));
    expect(await rig.planner.tick()).toEqual({ kind: 'created', generation: 3 });
  });
});

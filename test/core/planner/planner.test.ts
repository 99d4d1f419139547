import { describe, expect, it } from 'vitest';
import type { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { endpointName, generation, loadBalancerId, providerId, type LoadBalancerId } from '../../../src/core/model/ids.js';
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

  it('reads right whether a provider answers in the order asked (the reading kept is updated in place) or not (it is replaced)', async () => {
    const rig = coreRig(smallFleet());
    let reverse = true;
    const provider = Object.create(rig.provider) as MemoryDnsProvider;
    provider.readEndpoints = async (names) => {
      const read = await rig.provider.readEndpoints(names);
      return reverse && read.ok ? { ...read, value: [...read.value].reverse() } : read;
    };
    Object.defineProperty(provider, 'id', { value: providerId('memory') });
    const health = { view: () => new Map<LoadBalancerId, boolean>(), unhealthySinceMs: () => undefined };
    const planner = rig.assembly.planner({ holder: 'in-place', clock: rig.clock, events: rig.events, store: rig.store, providers: [provider], health, controls: rig.controls });
    expect(await planner.tick()).toEqual({ kind: 'created', generation: 1 });
    rig.provider.setFence(endpointName('api.az1.example.test.'), { generation: generation(40), digest: '00', by: 'restored-backup' });
    rig.clock.now += 60_000;
    expect(await planner.tick()).toEqual({ kind: 'created', generation: 41 });
    reverse = false;
    rig.provider.setFence(endpointName('api.az1.example.test.'), { generation: generation(30), digest: '00', by: 'restored-backup' });
    rig.provider.setFence(endpointName('api.az2.example.test.'), { generation: generation(90), digest: '00', by: 'restored-backup' });
    rig.clock.now += 60_000;
    expect(await planner.tick()).toEqual({ kind: 'created', generation: 91 });
    rig.provider.setFence(endpointName('api.az2.example.test.'), { generation: generation(20), digest: '00', by: 'restored-backup' });
    rig.clock.now += 60_000;
    expect(await planner.tick()).toEqual({ kind: 'unchanged', generation: 91 });
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

import type { GenerationInfo } from '../../../src/core/ports/plan-store.js';
import { describe, expect, it } from 'vitest';
import { deletableGenerations } from '../../../src/core/cleaner/cleaner.js';
import { generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { coreRig } from '../../support/core-rig.js';
import { smallFleet } from '../../support/fleet.js';

const settings = { generationsRetainedMin: 3, retentionMs: 1000, deletionsPerTickMax: 100 };
const stored = (count: number, createdAtMs = 0) => Array.from({ length: count }, (_, i) => ({ generation: generation(i + 1), digest: 'd', createdAtMs }));

/** Ages as the Cleaner measures them: here, time since creation. */
function aged(infos: readonly GenerationInfo[], nowMs: number) {
  return infos.map((g) => ({ ...g, ageMs: nowMs - g.createdAtMs }));
}

describe('deletableGenerations', () => {
  const cases = [
    { name: 'keeps everything at or above the lowest live fence', lowestLive: 4, now: 10_000, expected: [1, 2, 3] },
    { name: 'keeps the newest K even below the live fence', lowestLive: 10, now: 10_000, expected: [1, 2, 3, 4, 5, 6, 7] },
    { name: 'keeps generations younger than retention', lowestLive: 10, now: 500, expected: [] },
    { name: 'no fence of ours live anywhere: only count and retention protect', lowestLive: null, now: 10_000, expected: [1, 2, 3, 4, 5, 6, 7] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(deletableGenerations(aged(stored(10), c.now), c.lowestLive === null ? null : generation(c.lowestLive), settings)).toEqual(c.expected);
    });
  }
  it('is bounded per tick', () => {
    expect(deletableGenerations(aged(stored(10), 10_000), generation(10), { ...settings, deletionsPerTickMax: 2 })).toEqual([1, 2]);
  });
});

describe('Cleaner', () => {
  it('deletes old generations and never one that is live', async () => {
    const rig = coreRig(smallFleet());
    const enactor = rig.enactor('az1');
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2']) {
      rig.unhealthy.clear();
      rig.unhealthy.add(loadBalancerId(id));
      await rig.planner.tick();
      await enactor.tick();
    }
    const result = await rig.cleaner().tick();
    expect(result.kind === 'cleaned' && result.deleted).toEqual([1, 2]);
    const listed = await rig.store.list();
    expect(listed.ok && listed.value.map((g) => g.generation)).toEqual([3, 4]);
  });

  it('deletes nothing while a managed name has no fence on a provider: an Enactor may be about to write an old generation there', async () => {
    const rig = coreRig(smallFleet());
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1']) {
      rig.unhealthy.clear();
      rig.unhealthy.add(loadBalancerId(id));
      await rig.planner.tick();
    }
    // Nothing written yet (an Enactor holding generation 1 is slow): no fence of ours anywhere.
    const result = await rig.cleaner().tick();
    expect(result.kind).toBe('skipped');
    expect(result.kind === 'skipped' && result.reason).toMatch(/has no fence on memory yet/);
    const listed = await rig.store.list();
    expect(listed.ok && listed.value.map((g) => g.generation)).toEqual([1, 2, 3]);
  });

  it('deleting every stored generation, even wrongly, changes no DNS answer', async () => {
    const rig = coreRig(smallFleet());
    const enactor = rig.enactor('az1');
    await rig.planner.tick();
    await enactor.tick();
    const names = smallFleet().endpoints.map((e) => e.name);
    const before = await rig.provider.readEndpoints(names);
    const listed = await rig.store.list();
    for (const g of listed.ok ? listed.value : []) await rig.store.delete(g.generation);
    await enactor.tick();
    await rig.enactor('az2').tick();
    expect(await rig.provider.readEndpoints(names)).toEqual(before);
  });
});

/**
 * Seeds the explorer once found failing with every fault family on (`--all-faults`), kept as
 * named, seeded regressions: each reproduces with `dnsplane sim run --seed N --protocol fenced
 * --all-faults`, and each failed before the fix its name gives.
 */
import { describe, expect, it } from 'vitest';
import { randomConfig } from '../../src/sim/explore/random-config.js';
import { runSimulation } from '../../src/sim/world/run.js';

const FINDINGS: readonly { readonly seed: number; readonly finding: string }[] = [
  { seed: 257, finding: 'a standby Planner that started after the store was wiped led within its first window and granted a fresh velocity share (fixed by the warm-up)' },
  { seed: 456, finding: 'a restarted standby took the lease within a window of a store restore and removed past the limit (warm-up)' },
  { seed: 481, finding: 'a standby sampled what was served between two generations and never saw a peak the leader published briefly (fixed by following every stored generation)' },
  { seed: 843, finding: 'a wiped then restored store left a Planner a velocity history without the capacity served at the window\'s start' },
  { seed: 845, finding: 'a Planner restarted within a window after a restore to an empty backup removed past the limit' },
  { seed: 1033, finding: 'a peak published and replaced between two standby reads was missed on takeover' },
  { seed: 1108, finding: 'a Planner that took the lease after a restore removed 14% against a 10% limit' },
  { seed: 1260, finding: 'an override read late ran past its end by the read delay (fixed by the age when first seen), and a write sent under it landed after it ended' },
  { seed: 1285, finding: 'after a wipe and a restore, a drop of 38.7% against 34% on takeover' },
  { seed: 1939, finding: 'a Cleaner that listed before a wipe deleted a generation already gone, which the simulator counted as deleting a live one (the checker now sees only real deletions)' },
  { seed: 2424, finding: 'a Cleaner paused across an Enactor\'s first write read no fence anywhere and deleted the generation that then went live (it now deletes nothing while a name has no fence)' },
  { seed: 1286, finding: 'after a wipe and a restore to an empty backup, 12.5% against 10% on takeover' },
];

describe('explorer findings with every fault on (fenced)', () => {
  for (const { seed, finding } of FINDINGS) {
    it(`seed ${seed}: ${finding} — no more`, async () => {
      const result = await runSimulation(randomConfig(seed, { protocol: 'fenced', allFaults: true }));
      const reproduce = `dnsplane sim run --seed ${seed} --protocol fenced --all-faults`;
      expect(result.violations.map((v) => `${v.invariant} ${v.detail}`), reproduce).toEqual([]);
      expect(result.crashes, reproduce).toEqual([]);
      expect(result.converged, reproduce).toBe(true);
    }, 60_000);
  }
});

/**
 * The answer watcher's "absent": with more addresses than an answer carries, one answer without
 * the watched address proves nothing (at × 32, 24 of 32 addresses are left out of each answer),
 * so the bench asks for a run of answers without it, long enough that chance alone makes such a
 * run at most ABSENT_BY_CHANCE_MAX of the time.
 */
import { describe, expect, it } from 'vitest';
import { ABSENT_BY_CHANCE_MAX, absentRunFor, absentRunInFleet } from '../../bench/answer-watcher-client.js';
import { syntheticFleet } from '../../bench/fleet.js';

describe('absentRunFor', () => {
  it('is one answer when every answer carries every address', () => {
    expect(absentRunFor({ weight: 1, totalWeight: 8, addresses: 8, answersMax: 8 })).toBe(1);
    expect(absentRunFor({ weight: 1, totalWeight: 3, addresses: 3, answersMax: 8 })).toBe(1);
  });

  it('makes a run by chance at most ABSENT_BY_CHANCE_MAX likely, and no longer than needed', () => {
    for (const [weight, totalWeight] of [[1, 32], [4, 128], [1, 128], [7, 100]] as const) {
      const present = (8 * weight) / totalWeight;
      const run = absentRunFor({ weight, totalWeight, addresses: 32, answersMax: 8 });
      expect((1 - present) ** run).toBeLessThanOrEqual(ABSENT_BY_CHANCE_MAX);
      expect((1 - present) ** (run - 1)).toBeGreaterThan(ABSENT_BY_CHANCE_MAX);
    }
  });

  it('reads weights and answersMax from the bench fleet: × 8 needs one answer, × 32 a run', () => {
    for (const [perEndpoint, expectRun] of [[8, false], [32, true]] as const) {
      const fleet = syntheticFleet(1000, perEndpoint);
      const endpoint = fleet.endpoints[0]!;
      const run = absentRunInFleet(fleet, endpoint, endpoint.select.ids![0]!);
      expect(run > 1).toBe(expectRun);
    }
  });
});

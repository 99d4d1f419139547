import { describe, expect, it } from 'vitest';
import { CheckerSuite } from '../../src/sim/checkers/checker-suite.js';
import type { DnsObservation } from '../../src/sim/checkers/types.js';
import { explore } from '../../src/sim/explore/explorer.js';

const seed = 99;

function obs(atMs: number, endpoint: string, generation: number, addressCount: number, capacity = addressCount): DnsObservation {
  return { atMs, provider: 'p', endpoint, generation, addressCount, capacity };
}

describe('checkers (fed by hand)', () => {
  it('NeverEmpty flags an empty answer once per episode and measures empty time', () => {
    const suite = new CheckerSuite({ seed, velocityLimit: null });
    suite.observeDns(obs(0, 'a.', 1, 2));
    suite.observeDns(obs(100, 'a.', 2, 0));
    suite.observeDns(obs(150, 'a.', 2, 0));
    suite.observeDns(obs(300, 'a.', 3, 1));
    expect(suite.violations().map((v) => [v.invariant, v.atMs, v.seed])).toEqual([['NeverEmpty', 100, seed]]);
    expect(suite.neverEmpty.emptyAnswerMs(1_000)).toBe(200);
  });

  it('NoRegression flags a generation going back', () => {
    const suite = new CheckerSuite({ seed, velocityLimit: null });
    suite.observeDns(obs(0, 'a.', 5, 1));
    suite.observeDns(obs(10, 'a.', 5, 1));
    expect(suite.violations()).toEqual([]);
    suite.observeDns(obs(20, 'a.', 4, 1));
    expect(suite.violations().map((v) => v.invariant)).toEqual(['NoRegression']);
  });

  it('CleanerSafety flags deleting a live generation, not an old one', () => {
    const suite = new CheckerSuite({ seed, velocityLimit: null });
    suite.observeDns(obs(0, 'a.', 5, 1));
    suite.observeDeletion({ atMs: 1, generation: 4, by: 'cleaner' });
    expect(suite.violations()).toEqual([]);
    suite.observeDeletion({ atMs: 2, generation: 5, by: 'cleaner' });
    suite.observeDeletion({ atMs: 3, generation: 5, by: 'cleaner', provider: 'p', endpoint: 'b.' });
    expect(suite.violations().map((v) => [v.invariant, v.atMs])).toEqual([['CleanerSafety', 2]]);
  });

  it('Velocity measures without a limit and flags above one, except under an override', () => {
    const measuring = new CheckerSuite({ seed, velocityLimit: null });
    measuring.observeDns(obs(0, 'a.', 1, 4, 40));
    measuring.observeDns(obs(1_000, 'a.', 2, 1, 10));
    expect(measuring.violations()).toEqual([]);
    expect(measuring.velocity.largestRemovedShare).toBeCloseTo(0.75);

    const limited = new CheckerSuite({ seed, velocityLimit: { windowMs: 60_000, removedShareMax: 0.5 }, velocityOverrides: [{ endpoint: 'b.', fromMs: 0, toMs: 5_000 }] });
    limited.observeDns(obs(0, 'a.', 1, 4, 40));
    limited.observeDns(obs(1_000, 'a.', 2, 3, 30));
    expect(limited.violations()).toEqual([]);
    limited.observeDns(obs(2_000, 'a.', 3, 1, 10));
    limited.observeDns(obs(0, 'b.', 1, 4, 40));
    limited.observeDns(obs(1_000, 'b.', 2, 1, 10));
    expect(limited.violations().map((v) => [v.invariant, v.endpoint])).toEqual([['Velocity', 'a.']]);
    // Outside the window the capacity may fall again.
    limited.observeDns(obs(200_000, 'a.', 4, 1, 5));
    expect(limited.violations()).toHaveLength(1);
  });

  it('Velocity takes the last of the writes landing at one instant as what was served then', () => {
    const limited = new CheckerSuite({ seed, velocityLimit: { windowMs: 60_000, removedShareMax: 0.34 } });
    limited.observeDns(obs(0, 'a.', 1, 3, 12));
    // A late write raised the name and the next replaced it at the same instant: nobody got 16.
    limited.observeDns(obs(1_000, 'a.', 3, 4, 16));
    limited.observeDns(obs(1_000, 'a.', 8, 3, 12));
    limited.observeDns(obs(2_000, 'a.', 9, 2, 8));
    expect(limited.violations()).toEqual([]);
    // Served for a millisecond, it was served: 16 → 8 is then 50%.
    limited.observeDns(obs(3_000, 'b.', 3, 4, 16));
    limited.observeDns(obs(3_001, 'b.', 8, 3, 12));
    limited.observeDns(obs(4_000, 'b.', 9, 2, 8));
    expect(limited.violations().map((v) => [v.invariant, v.endpoint])).toEqual([['Velocity', 'b.']]);
  });

  it('Convergence flags an endpoint not on the newest generation', () => {
    const suite = new CheckerSuite({ seed, velocityLimit: null });
    suite.observeDns(obs(0, 'a.', 3, 1));
    suite.observeDns(obs(0, 'b.', 2, 1));
    expect(suite.checkConvergence({ atMs: 10, newestGeneration: 3, providers: ['p'], endpoints: ['a.', 'b.'], boundMs: 10 })).toBe(false);
    expect(suite.violations().map((v) => [v.invariant, v.endpoint])).toEqual([['Convergence', 'b.']]);
  });
});

describe('a deliberately broken Enactor is caught', () => {
  it('the production Enactor behind a provider that drops the fence prerequisite regresses generations', async () => {
    const report = await explore({ protocol: 'fenced', seedFirst: 1, seeds: 60, jobs: 1, skipFence: true, stopAfterFailures: 1 });
    expect(report.failures.length, 'sabotaged runs must fail').toBeGreaterThan(0);
    const invariants = new Set(report.failures.flatMap((f) => f.violations.map((v) => v.invariant)));
    expect(invariants.has('NoRegression')).toBe(true);
    const failure = report.failures[0]!;
    expect(failure.violations[0]!.seed).toBe(failure.seed);
  });

  it('the same seeds with the fence intact find nothing', async () => {
    const report = await explore({ protocol: 'fenced', seedFirst: 1, seeds: 60, jobs: 1 });
    expect(report.failures).toEqual([]);
    expect(report.unconverged).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { explore } from '../../src/sim/explore/explorer.js';
import { randomConfig } from '../../src/sim/explore/random-config.js';
import { runSimulation } from '../../src/sim/world/run.js';

describe('explorer', () => {
  it('finds the legacy race on its own from random schedules, well within 60 s', async () => {
    const report = await explore({ protocol: 'legacy', seedFirst: 1, seeds: 200, jobs: 1, stopAfterFailures: 1, wallBudgetMs: 60_000 });
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.firstFailureWallMs!).toBeLessThan(60_000);
    const failure = report.failures[0]!;
    expect(failure.traceTail.some((line) => line.includes('VIOLATION'))).toBe(true);
    // The failing seed reproduces exactly.
    const again = await runSimulation(randomConfig(failure.seed, { protocol: 'legacy' }));
    expect(again.traceHash).toBe(failure.traceHash);
  });

  it('finds the empty answer (NeverEmpty) in the legacy protocol, not only regressions', async () => {
    const report = await explore({ protocol: 'legacy', seedFirst: 1, seeds: 400, jobs: 1 });
    const invariants = new Set(report.failures.flatMap((f) => f.violations.map((v) => v.invariant)));
    expect(invariants.has('NeverEmpty'), `invariants found: ${[...invariants].join(', ')}`).toBe(true);
  });

  it('finds no violation in the fenced protocol over the same seeds', async () => {
    const report = await explore({ protocol: 'fenced', seedFirst: 1, seeds: 400, jobs: 1 });
    expect(report.failures.map((f) => `--seed ${f.seed}: ${f.violations[0]?.detail ?? f.crashes[0]}`)).toEqual([]);
    expect(report.seedsRun).toBe(400);
    expect(report.emptyAnswerMs).toBe(0);
    expect(report.unconverged).toBe(0);
  }, 120_000);
});

/**
 * Postconditions of the Cleaner's pure rule, `deletableGenerations(stored, lowestLive, settings)`,
 * over arbitrary stores (any order, any ages), live fences (or none of ours live: null) and
 * settings. Each property names the one rule it checks, so a failure says which promise broke.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deletableGenerations, type AgedGeneration, type CleanerSettings } from '../../src/core/cleaner/cleaner.js';
import { generation, type Generation } from '../../src/core/model/ids.js';
import { configureProperties } from './fc-settings.js';

configureProperties();

const RUNS = 500;

interface Case {
  readonly stored: readonly AgedGeneration[];
  /** null: no fence of ours is live anywhere. */
  readonly lowestLive: Generation | null;
  readonly settings: CleanerSettings;
}

/** Stored generations are unique (the store's key); the list may come in any order. */
const storedArb: fc.Arbitrary<AgedGeneration[]> = fc.uniqueArray(
  fc.record({
    generation: fc.integer({ min: 1, max: 60 }).map(generation),
    digest: fc.stringMatching(/^[0-9a-f]{16}$/),
    createdAtMs: fc.integer({ min: 0, max: 10_000_000 }),
    // Ages measured by the Cleaner; 0 for a generation it has just seen.
    ageMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })),
  }),
  { selector: (g) => g.generation, maxLength: 40 },
);

const settingsArb: fc.Arbitrary<CleanerSettings> = fc.record({
  generationsRetainedMin: fc.integer({ min: 0, max: 12 }),
  retentionMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })),
  deletionsPerTickMax: fc.integer({ min: 0, max: 50 }),
});

const caseArb: fc.Arbitrary<Case> = fc.record({
  stored: storedArb,
  lowestLive: fc.option(fc.integer({ min: 1, max: 70 }).map(generation), { freq: 5 }),
  settings: settingsArb,
});

function run(c: Case): Generation[] {
  return deletableGenerations(c.stored, c.lowestLive, c.settings);
}

function newestK(c: Case): Set<number> {
  const newestFirst = [...c.stored].map((g) => g.generation).sort((a, b) => b - a);
  return new Set(newestFirst.slice(0, c.settings.generationsRetainedMin));
}

function eligible(c: Case, info: AgedGeneration): boolean {
  return (c.lowestLive === null || info.generation < c.lowestLive) && !newestK(c).has(info.generation) && info.ageMs >= c.settings.retentionMs;
}

describe('deletableGenerations postconditions', () => {
  it('never deletes a generation at or above the lowest live fence', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const lowestLive = c.lowestLive;
      if (lowestLive === null) return;
      for (const g of run(c)) expect(g).toBeLessThan(lowestLive);
    }), { numRuns: RUNS });
  });

  it('never deletes one of the newest K stored generations', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const kept = newestK(c);
      for (const g of run(c)) expect(kept.has(g)).toBe(false);
    }), { numRuns: RUNS });
  });

  it('never deletes a generation younger than the retention', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const ageOf = new Map(c.stored.map((g) => [g.generation, g.ageMs]));
      for (const g of run(c)) expect(ageOf.get(g)!).toBeGreaterThanOrEqual(c.settings.retentionMs);
    }), { numRuns: RUNS });
  });

  it('deletes at most deletionsPerTickMax, each a stored generation, none twice', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const doomed = run(c);
      expect(doomed.length).toBeLessThanOrEqual(c.settings.deletionsPerTickMax);
      expect(new Set(doomed).size).toBe(doomed.length);
      const stored = new Set(c.stored.map((g) => g.generation));
      for (const g of doomed) expect(stored.has(g)).toBe(true);
    }), { numRuns: RUNS });
  });

  it('below its per-tick bound it deletes every eligible generation (nothing deletable is left behind)', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const doomed = run(c);
      if (doomed.length >= c.settings.deletionsPerTickMax) return;
      const expected = c.stored.filter((g) => eligible(c, g)).map((g) => g.generation);
      expect([...doomed].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    }), { numRuns: RUNS });
  });

  it('is deterministic, leaves its input alone, and below its bound does not depend on the listing order', () => {
    fc.assert(fc.property(caseArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray([...c.stored], { minLength: c.stored.length }))), ([c, shuffled]) => {
      const before = JSON.stringify(c.stored);
      const first = run(c);
      expect(run(c)).toEqual(first);
      expect(JSON.stringify(c.stored)).toBe(before);
      if (first.length >= c.settings.deletionsPerTickMax) return;
      const other = deletableGenerations(shuffled, c.lowestLive, c.settings);
      expect([...other].sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
    }), { numRuns: RUNS });
  });
});

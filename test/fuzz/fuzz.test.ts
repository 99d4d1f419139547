/**
 * The short, bounded fuzz pass CI runs (a fixed seed, a fixed number of inputs per target); the
 * long runs are `npm run fuzz -- --minutes N` (run.ts). See targets.ts for what each checks.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzInput } from './mutate.js';
import { corpus, fuzzConfigLoader, fuzzWireParser, updateTarget } from './targets.js';

const SEED = Number(process.env['FC_SEED'] ?? 20_261_202);
const RUNS = 3_000;

describe('fuzz pass (fast-check over the corpus, bounded)', () => {
  it('wire parser', () => {
    fc.assert(fc.property(fuzzInput(corpus('wire')), (input) => { fuzzWireParser(input); }), { seed: SEED, numRuns: RUNS });
  }, 60_000);

  it('update handler (the whole packet path, inputs re-signed by each key)', () => {
    const target = updateTarget();
    fc.assert(fc.property(fuzzInput(corpus('wire')), fc.constantFrom(0 as const, 1 as const, 2 as const), (input, key) => { target(input, key); }), { seed: SEED, numRuns: RUNS });
  }, 60_000);

  it('config loader', () => {
    fc.assert(fc.property(fuzzInput(corpus('config'), 3000), (input) => { fuzzConfigLoader(input); }), { seed: SEED, numRuns: 150 });
  }, 60_000);
});

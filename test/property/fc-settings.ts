/**
 * One seed for every property in this folder, so a CI run is reproducible. fast-check prints the
 * seed and the shrunk counterexample of a failure; `FC_SEED=<n> npx vitest run test/property`
 * explores other seeds (and reproduces a failure reported with that seed).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_260_101;

export const PROPERTY_SEED = seedFromEnvironment();

function seedFromEnvironment(): number {
  const text = process.env['FC_SEED'];
  if (text === undefined || text === '') return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${text}'`);
  return seed;
}

/** Call once at the top of each property file; each assertion then names its own run count. */
export function configureProperties(): void {
  fc.configureGlobal({ seed: PROPERTY_SEED });
}

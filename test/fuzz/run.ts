/**
 * Long fuzz runs: `npm run fuzz -- --minutes N [--target wire-parser|update-handler|config-loader]`.
 * Each target gets N minutes (default 1) of fresh seeds; prints executions per target. A failing
 * input is shrunk by fast-check and written to test/fuzz/findings/ (turn it into a regression
 * test, and a corpus seed); the run then exits 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzInput } from './mutate.js';
import { corpus, fuzzConfigLoader, fuzzWireParser, updateTarget } from './targets.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const at = args.indexOf(`--${name}`); return at < 0 ? undefined : args[at + 1]; };
const minutes = Number(option('minutes') ?? 1);
const only = option('target');
const BATCH = 5_000;

const update = updateTarget();
const keys = fc.constantFrom(0 as const, 1 as const, 2 as const);
const TARGETS = {
  'wire-parser': fc.property(fuzzInput(corpus('wire')), (input: Uint8Array) => { fuzzWireParser(input); }),
  'update-handler': fc.property(fc.tuple(fuzzInput(corpus('wire')), keys), ([input, key]: [Uint8Array, 0 | 1 | 2]) => { update(input, key); }),
  'config-loader': fc.property(fuzzInput(corpus('config'), 3000), (input: Uint8Array) => { fuzzConfigLoader(input); }),
};

let failed = false;
for (const [name, property] of Object.entries(TARGETS)) {
  if (only !== undefined && only !== name) continue;
  const until = Date.now() + minutes * 60_000;
  let executions = 0;
  while (Date.now() < until) {
    const result = fc.check(property as fc.IRawProperty<[unknown], false>, { numRuns: BATCH, seed: Date.now() & 0x7fffffff });
    executions += result.numRuns;
    if (result.failed) {
      const dir = new URL('./findings/', import.meta.url).pathname;
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}-${Date.now()}.bin`);
      const input = result.counterexample?.[0];
      writeFileSync(file, input instanceof Uint8Array ? input : Array.isArray(input) && input[0] instanceof Uint8Array ? input[0] : new Uint8Array());
      process.stdout.write(`${name}: FAILED after ${executions} executions (seed ${result.seed}): ${String(result.errorInstance)}; input written to ${file}\n`);
      failed = true;
      break;
    }
  }
  if (!failed) process.stdout.write(`${name}: ${executions} executions, 0 failures (${minutes} min)\n`);
}
process.exit(failed ? 1 : 0);

/**
 * Convergence: once faults stop, every endpoint on every provider serves the newest plan within a
 * stated bound. The run calls `check` at the end of its liveness phase (faults healed at
 * `healedAtMs`, bound = end - healedAtMs) with the newest stored generation and the endpoints that
 * plan contains; anything not serving it by then is a violation.
 */
import type { LiveTable } from './live-table.js';
import type { Violation } from './types.js';

export interface ConvergenceExpectation {
  readonly atMs: number;
  readonly newestGeneration: number;
  readonly providers: readonly string[];
  readonly endpoints: readonly string[];
  readonly boundMs: number;
}

export function checkConvergence(seed: number, live: LiveTable, expected: ConvergenceExpectation): Violation[] {
  const found: Violation[] = [];
  for (const provider of expected.providers) {
    for (const endpoint of expected.endpoints) {
      const o = live.get(provider, endpoint);
      const generation = o?.generation ?? 0;
      if (generation === expected.newestGeneration && (o?.addressCount ?? 0) > 0) continue;
      found.push({
        invariant: 'Convergence', endpoint, atMs: expected.atMs, seed,
        detail: `${endpoint} on ${provider} serves generation ${generation} (${o?.addressCount ?? 0} addresses), not the newest ${expected.newestGeneration}, ${expected.boundMs} ms after faults stopped`,
      });
    }
  }
  return found;
}

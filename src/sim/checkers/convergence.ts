/**
 * Convergence: once faults stop, every endpoint on every provider serves the newest plan within a
 * stated bound — its generation in a fence of ours and, where the observer sees content, exactly
 * the plan's addresses and TTL (a name whose fence is right but whose records were edited by hand
 * has not converged). The run calls it at the end of its liveness phase.
 */
import type { LiveTable } from './live-table.js';
import type { Violation } from './types.js';

/** What a provider should serve for one endpoint of the newest plan. */
export interface ExpectedContent {
  readonly addresses: readonly string[];
  readonly ttlSeconds: number | null;
}

export interface ConvergenceExpectation {
  readonly atMs: number;
  readonly newestGeneration: number;
  readonly providers: readonly string[];
  readonly endpoints: readonly string[];
  readonly boundMs: number;
  /** Per provider and endpoint (`provider|endpoint`), the content the newest plan materialises to. */
  readonly content?: ReadonlyMap<string, ExpectedContent>;
}

export function checkConvergence(seed: number, live: LiveTable, expected: ConvergenceExpectation): Violation[] {
  const found: Violation[] = [];
  for (const provider of expected.providers) {
    for (const endpoint of expected.endpoints) {
      const problem = convergenceProblem(live, expected, provider, endpoint);
      if (problem === null) continue;
      found.push({ invariant: 'Convergence', endpoint, atMs: expected.atMs, seed, detail: `${endpoint} on ${provider} ${problem}, ${expected.boundMs} ms after faults stopped` });
    }
  }
  return found;
}

function convergenceProblem(live: LiveTable, expected: ConvergenceExpectation, provider: string, endpoint: string): string | null {
  const o = live.get(provider, endpoint);
  const generation = o?.generation ?? 0;
  if (generation !== expected.newestGeneration || (o?.fence ?? 'ours') !== 'ours' || (o?.addressCount ?? 0) === 0) {
    return `serves generation ${generation} (fence ${o?.fence ?? 'absent'}, ${o?.addressCount ?? 0} addresses), not the newest ${expected.newestGeneration}`;
  }
  const want = expected.content?.get(`${provider}|${endpoint}`);
  if (want === undefined || o?.addresses === undefined) return null;
  if (want.addresses.join(',') !== o.addresses.join(',')) return `serves [${o.addresses.join(', ')}], the newest plan [${want.addresses.join(', ')}]`;
  if (want.ttlSeconds !== (o.ttlSeconds ?? null)) return `serves TTL ${String(o.ttlSeconds)}, the newest plan ${String(want.ttlSeconds)}`;
  return null;
}

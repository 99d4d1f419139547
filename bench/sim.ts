/**
 * Simulator benchmark (wired into `npm run bench` by the lead): the incident replay's wall time
 * (15.5 simulated hours: the DNS race to 03:30 plus the cascade to 14:30) and the explorer's
 * throughput over `seeds` fenced seeds on `jobs` worker threads.
 */
import { explore } from '../src/sim/explore/explorer.js';
import { INCIDENT_DEFAULT_SEED, replayIncident } from '../src/sim/scenarios/incident-replay.js';

export interface SimBenchOptions {
  /** Fenced seeds to explore (the acceptance run uses 100,000; CI may use fewer). */
  readonly seeds?: number;
  /** Worker threads (workers are used when running from compiled JavaScript). */
  readonly jobs?: number;
}

export interface SimBenchResult {
  readonly replayWallMs: number;
  readonly exploreSeedsPerSecond: number;
  readonly seeds: number;
  readonly failingSeeds: number;
}

export async function benchSimulator(options: SimBenchOptions = {}): Promise<SimBenchResult> {
  const startedAt = performance.now();
  await replayIncident({ protocol: 'legacy', mitigations: new Set(), seed: INCIDENT_DEFAULT_SEED });
  const replayWallMs = performance.now() - startedAt;
  const report = await explore({ protocol: 'fenced', seedFirst: 1, seeds: options.seeds ?? 2_000, jobs: options.jobs ?? 2 });
  return { replayWallMs: Math.round(replayWallMs), exploreSeedsPerSecond: Number(report.seedsPerSecond.toFixed(1)), seeds: report.seedsRun, failingSeeds: report.failures.length };
}

/** Runs a range of seeds in this thread and condenses each failing run to what a report needs. */
import type { Violation } from '../checkers/types.js';
import type { Protocol } from '../world/config.js';
import { runSimulation } from '../world/run.js';
import { randomConfig } from './random-config.js';

export interface SeedRange {
  readonly protocol: Protocol;
  readonly seedFirst: number;
  readonly count: number;
  readonly skipFence: boolean;
  readonly allFaults: boolean;
}

export interface SeedFailure {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly crashes: readonly string[];
  /** The last trace lines before the run stopped: the events that led to the violation. */
  readonly traceTail: readonly string[];
  readonly traceHash: string;
}

export interface RangeOutcome {
  readonly runs: number;
  readonly failures: readonly SeedFailure[];
  readonly emptyAnswerMs: number;
  readonly unconverged: number;
}

/** Trace lines kept per failure: enough to see the race, short enough to print. */
export const FAILURE_TRACE_LINES = 25;

export async function exploreSeeds(range: SeedRange, shouldStop: () => boolean = () => false): Promise<RangeOutcome> {
  const failures: SeedFailure[] = [];
  let runs = 0;
  let emptyAnswerMs = 0;
  let unconverged = 0;
  for (let seed = range.seedFirst; seed < range.seedFirst + range.count; seed++) {
    if (shouldStop()) break;
    const result = await runSimulation(randomConfig(seed, { protocol: range.protocol, skipFence: range.skipFence, allFaults: range.allFaults }));
    runs++;
    emptyAnswerMs += result.emptyAnswerMs;
    if (!result.converged) unconverged++;
    if (result.violations.length === 0 && result.crashes.length === 0) continue;
    failures.push({ seed, violations: result.violations, crashes: result.crashes, traceTail: result.traceTail.slice(-FAILURE_TRACE_LINES), traceHash: result.traceHash });
  }
  return { runs, failures, emptyAnswerMs, unconverged };
}

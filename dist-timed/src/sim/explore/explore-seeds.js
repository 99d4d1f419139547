import { runSimulation } from '../world/run.js';
import { randomConfig } from './random-config.js';
/** Trace lines kept per failure: enough to see the race, short enough to print. */
export const FAILURE_TRACE_LINES = 25;
export async function exploreSeeds(range, shouldStop = () => false) {
    const failures = [];
    let runs = 0;
    let emptyAnswerMs = 0;
    let unconverged = 0;
    for (let seed = range.seedFirst; seed < range.seedFirst + range.count; seed++) {
        if (shouldStop())
            break;
        const result = await runSimulation(randomConfig(seed, { protocol: range.protocol, skipFence: range.skipFence, allFaults: range.allFaults }));
        runs++;
        emptyAnswerMs += result.emptyAnswerMs;
        if (!result.converged)
            unconverged++;
        if (result.violations.length === 0 && result.crashes.length === 0)
            continue;
        failures.push({ seed, violations: result.violations, crashes: result.crashes, traceTail: result.traceTail.slice(-FAILURE_TRACE_LINES), traceHash: result.traceHash });
    }
    return { runs, failures, emptyAnswerMs, unconverged };
}
//# sourceMappingURL=explore-seeds.js.map
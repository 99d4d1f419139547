/**
 * Simulator benchmark (`npm run bench -- sim`): the incident replay's wall time (15.5 simulated
 * hours: the DNS race to 03:30 plus the cascade to 14:30) and the explorer on the production
 * configuration with every fault family on in every seed, on `jobs` worker threads: seeds/s and
 * violations. The acceptance run is 100,000 seeds (`DNSPLANE_BENCH_SIM_SEEDS=100000`); the default
 * is short so that the whole bench stays under a few minutes. The same explorer then runs on an
 * Enactor that skips the fence and on the legacy protocol: it must find both on its own.
 */
import { explore } from '../src/sim/explore/explorer.js';
import { INCIDENT_DEFAULT_SEED, replayIncident } from '../src/sim/scenarios/incident-replay.js';
export const SIM_BENCH_SEEDS_DEFAULT = 500;
/** Seeds per detection run: enough that finding nothing would be a real miss, short enough for the bench. */
export const DETECTION_SEEDS = 200;
async function detect(target, jobs) {
    const report = target === 'legacy race'
        ? await explore({ protocol: 'legacy', seedFirst: 1, seeds: DETECTION_SEEDS, jobs })
        : await explore({ protocol: 'fenced', seedFirst: 1, seeds: DETECTION_SEEDS, jobs, skipFence: true });
    const invariants = [...new Set(report.failures.flatMap((f) => f.violations.map((v) => v.invariant)))].sort();
    return { target, seeds: report.seedsRun, failingSeeds: report.failures.length, firstSeed: report.failures[0]?.seed ?? null, invariants };
}
export async function benchSimulator(options = {}) {
    const startedAt = performance.now();
    await replayIncident({ protocol: 'legacy', mitigations: new Set(), seed: INCIDENT_DEFAULT_SEED });
    const replayWallMs = performance.now() - startedAt;
    const seedsAsked = options.seeds ?? SIM_BENCH_SEEDS_DEFAULT;
    const report = await explore({
        protocol: 'fenced', seedFirst: 1, seeds: seedsAsked, jobs: options.jobs ?? 2, allFaults: true,
        ...(options.wallBudgetMs === undefined ? {} : { wallBudgetMs: options.wallBudgetMs }),
    });
    const invariants = {};
    for (const failure of report.failures) {
        for (const v of failure.violations)
            invariants[v.invariant] = (invariants[v.invariant] ?? 0) + 1;
        if (failure.crashes.length > 0)
            invariants['crash'] = (invariants['crash'] ?? 0) + failure.crashes.length;
    }
    return {
        replayWallMs: Math.round(replayWallMs), exploreSeedsPerSecond: Number(report.seedsPerSecond.toFixed(1)), seeds: report.seedsRun, seedsAsked,
        failingSeeds: report.failures.length, violations: report.failures.reduce((n, f) => n + f.violations.length, 0),
        failingSeedList: report.failures.slice(0, 20).map((f) => f.seed), invariants,
        detection: [await detect('fence-skipping Enactor', options.jobs ?? 2), await detect('legacy race', options.jobs ?? 2)],
    };
}
//# sourceMappingURL=sim.js.map
/**
 * The explorer: random schedules of a random fleet, one per seed, checked by every checker.
 * Seeds are cut into chunks handed to `jobs` worker threads (when running from compiled JavaScript;
 * from TypeScript sources, e.g. under vitest, it runs in this thread). A failing seed is reported
 * with its violations and the tail of its trace; `dnsplane sim run --seed N` replays it exactly.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exploreSeeds } from './explore-seeds.js';
const CHUNK_SEEDS_MAX = 100;
export async function explore(request) {
    const startedAt = performance.now();
    const chunks = chunkSeeds(request);
    const workerUrl = new URL('./explore-worker.js', import.meta.url);
    const useWorkers = request.jobs > 1 && existsSync(fileURLToPath(workerUrl));
    const state = new ExploreState(request, startedAt);
    if (useWorkers)
        await runOnWorkers(workerUrl, chunks, Math.min(request.jobs, chunks.length), state);
    else
        for (const chunk of chunks) {
            if (state.shouldStop())
                break;
            state.add(await exploreSeeds(chunk, () => state.shouldStop()));
        }
    const wallMs = performance.now() - startedAt;
    return {
        protocol: request.protocol, seedFirst: request.seedFirst, seedsRun: state.runs,
        failures: [...state.failures].sort((a, b) => a.seed - b.seed), emptyAnswerMs: state.emptyAnswerMs, unconverged: state.unconverged,
        wallMs, seedsPerSecond: wallMs > 0 ? (state.runs * 1000) / wallMs : 0, workers: useWorkers ? Math.min(request.jobs, chunks.length) : 1,
        firstFailureWallMs: state.firstFailureWallMs,
    };
}
class ExploreState {
    request;
    startedAt;
    runs = 0;
    emptyAnswerMs = 0;
    unconverged = 0;
    firstFailureWallMs = null;
    failures = [];
    constructor(request, startedAt) {
        this.request = request;
        this.startedAt = startedAt;
    }
    add(outcome) {
        this.runs += outcome.runs;
        this.emptyAnswerMs += outcome.emptyAnswerMs;
        this.unconverged += outcome.unconverged;
        this.failures.push(...outcome.failures);
        if (this.firstFailureWallMs === null && outcome.failures.length > 0)
            this.firstFailureWallMs = performance.now() - this.startedAt;
        this.request.onProgress?.(this.runs, this.request.seeds);
    }
    shouldStop() {
        const stopAfter = this.request.stopAfterFailures ?? 0;
        if (stopAfter > 0 && this.failures.length >= stopAfter)
            return true;
        return this.request.wallBudgetMs !== undefined && performance.now() - this.startedAt > this.request.wallBudgetMs;
    }
}
function chunkSeeds(request) {
    const chunks = [];
    const size = Math.max(1, Math.min(CHUNK_SEEDS_MAX, Math.ceil(request.seeds / Math.max(1, request.jobs * 4))));
    for (let first = request.seedFirst; first < request.seedFirst + request.seeds; first += size) {
        const count = Math.min(size, request.seedFirst + request.seeds - first);
        chunks.push({ protocol: request.protocol, seedFirst: first, count, skipFence: request.skipFence ?? false, allFaults: request.allFaults ?? false });
    }
    return chunks;
}
/**
 * Chunks one worker thread runs before it is replaced by a fresh one: a run leaves a little
 * behind in its thread (about 0.1 MB a seed was measured), and 100,000 seeds in one thread ran it
 * out of heap. A fresh thread costs well under a chunk's time.
 */
export const CHUNKS_PER_WORKER_MAX = 10;
async function runOnWorkers(url, chunks, workerCount, state) {
    let next = 0;
    const live = new Set();
    const lane = async () => {
        while (next < chunks.length && !state.shouldStop()) {
            const worker = new Worker(url);
            live.add(worker);
            try {
                await new Promise((resolve, reject) => {
                    let ran = 0;
                    const handOut = () => {
                        if (next >= chunks.length || state.shouldStop() || ran >= CHUNKS_PER_WORKER_MAX) {
                            resolve();
                            return;
                        }
                        ran++;
                        worker.postMessage(chunks[next++]);
                    };
                    worker.on('message', (outcome) => { state.add(outcome); handOut(); });
                    worker.on('error', reject);
                    handOut();
                });
            }
            finally {
                live.delete(worker);
                await worker.terminate();
            }
        }
    };
    try {
        await Promise.all(Array.from({ length: workerCount }, lane));
    }
    finally {
        await Promise.all([...live].map((w) => w.terminate()));
    }
}
//# sourceMappingURL=explorer.js.map
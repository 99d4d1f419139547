/**
 * PlanStore benchmark: how long SqlitePlanStore takes to create and to load large plans
 * (10,000 and 100,000 endpoints × 8 addresses), and how big they are on disk.
 *
 *   npm run -s build && node dist/bench/store-plans.js            # table, then one JSON line
 *
 * `benchStorePlans()` returns the same figures for bench/run.ts to include in `npm run bench`.
 * Measured per size (median of `repetitions`):
 * - create: the first generation (every endpoint row written), then generations in which 1
 *   endpoint or 1% of the endpoints changed: diff against the writer's previous plan + one
 *   IMMEDIATE transaction writing the changed rows + fsync (synchronous=FULL);
 * - latest (cold): a fresh connection reading every row of the newest generation, recomputing
 *   every endpoint digest and checking the plan digest;
 * - latest (next): a long-lived connection reading the next generation: only the endpoint rows
 *   that changed since the one it holds (the usual case for an Enactor);
 * - latest (cached): the same connection again, nothing new written: one indexed query;
 * - group commit: BURST_CREATES one-endpoint generations issued together (not awaited one by
 *   one): wall time per create, and how many transactions (fsyncs) they took.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqlitePlanStore } from '../src/adapters/store-sqlite/sqlite-plan-store.js';
import { encodePlanBody } from '../src/adapters/store-sqlite/plan-codec.js';
import { endpointName, generation, loadBalancerId } from '../src/core/model/ids.js';
import { canonicalEndpoint, makePlan, planContentDigest } from '../src/core/model/plan.js';
const LOAD_BALANCERS_IN_FLEET = 1_000;
const ADDRESSES_PER_ENDPOINT = 8;
const ONE_CHANGED_PER_ROUND = 5;
export const BURST_CREATES = 8;
/** A synthetic regional plan: each endpoint spreads over 8 of 1,000 load balancers with varied weights. */
export function syntheticPlan(endpointCount, g) {
    const endpoints = [];
    for (let i = 0; i < endpointCount; i++) {
        const addresses = [];
        for (let k = 0; k < ADDRESSES_PER_ENDPOINT; k++) {
            const lb = (i * 7 + k * 131) % LOAD_BALANCERS_IN_FLEET;
            addresses.push({ loadBalancer: loadBalancerId(`lb-${lb}`), family: 'A', address: `10.${lb >> 8}.${lb & 255}.${1 + k}`, weight: 50 + ((lb + g) % 100) });
        }
        endpoints.push({ name: endpointName(`svc-${i}.cell-${i % 64}.us-east-1.example.test.`), ttlSeconds: 5, answersMax: 8, addresses });
    }
    return makePlan({ generation: generation(g), createdAtMs: 1_700_000_000_000 + g, endpoints, note: `bench ${endpointCount}` });
}
/** The next generation: the same plan with the weights of every hundredth endpoint changed. */
export function nextSyntheticPlan(previous) {
    return changedPlan(previous, (i, g) => i % 100 === g % 100, 'bench: 1% changed');
}
/** The next generation with the weights of one endpoint changed. */
export function oneChangedPlan(previous) {
    return changedPlan(previous, (i, g) => i === (g * 7919) % previous.endpoints.length, 'bench: 1 changed');
}
function changedPlan(previous, changes, note) {
    const g = previous.generation + 1;
    // Unchanged endpoints are the same objects, as the Planner hands them over.
    const endpoints = previous.endpoints.map((e, i) => (changes(i, g)
        ? canonicalEndpoint({ ...e, addresses: e.addresses.map((a) => ({ ...a, weight: a.weight + 1 })) })
        : e));
    return { generation: generation(g), digest: planContentDigest(endpoints), createdAtMs: previous.createdAtMs + 1, endpoints, note };
}
function value(result, what) {
    if (!result.ok)
        throw new Error(`${what}: ${result.code} ${result.message}`);
    return result.value;
}
async function openStore(path) {
    return value(await SqlitePlanStore.open({ path }), `open ${path}`);
}
/** The database file's size once its WAL is checkpointed into it. */
async function fileBytesOf(path) {
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return (await stat(path)).size;
}
/** CPU time of this process (user + system) spent in `operation`: unlike wall time, not inflated by other load, and without the fsync wait. */
async function cpuMs(operation) {
    const before = process.cpuUsage();
    await operation();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
}
async function timedMs(operation) {
    const startedMs = performance.now();
    await operation();
    return performance.now() - startedMs;
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}
async function benchOneSize(dir, endpointCount, repetitions) {
    const path = join(dir, `plans-${endpointCount}.db`);
    const first = syntheticPlan(endpointCount, 1);
    const writer = await openStore(path);
    const follower = await openStore(path);
    const { token } = value(await writer.acquireLease('bench', 3_600_000), 'acquireLease');
    const createFullMs = await timedMs(async () => value(await writer.create(first, token), 'create'));
    value(await follower.latest(), 'latest');
    const fileBytesFirstGeneration = await fileBytesOf(path);
    let previous = first;
    const createOneCpu = [];
    const sample = async (next, create, followed, cpu) => {
        const plan = next(previous);
        let wallMs = 0;
        const usedMs = await cpuMs(async () => { wallMs = await timedMs(async () => value(await writer.create(plan, token), 'create')); });
        create.push(wallMs);
        cpu?.push(usedMs);
        followed.push(await timedMs(async () => value(await follower.latest(), 'latest')));
        previous = plan;
    };
    const createOneMs = [];
    const nextOneMs = [];
    const createPercentMs = [];
    const nextMs = [];
    const coldMs = [];
    const cachedMs = [];
    for (let i = 0; i < repetitions; i++) {
        // Several one-endpoint generations per round: a running Planner makes many, and the first
        // few calls of a function run before V8 optimises it.
        for (let k = 0; k < ONE_CHANGED_PER_ROUND; k++)
            await sample(oneChangedPlan, createOneMs, nextOneMs, createOneCpu);
        await sample(nextSyntheticPlan, createPercentMs, nextMs);
        const reader = await openStore(path);
        coldMs.push(await timedMs(async () => value(await reader.latest(), 'latest')));
        reader.close();
        cachedMs.push(await timedMs(async () => value(await follower.latest(), 'latest')));
    }
    const burst = [];
    for (let k = 0; k < BURST_CREATES; k++)
        burst.push(oneChangedPlan(burst.at(-1) ?? previous));
    const transactionsBefore = writer.groupCommitStats().transactions;
    const burstMs = await timedMs(async () => {
        for (const result of await Promise.all(burst.map((plan) => writer.create(plan, token))))
            value(result, 'create (burst)');
    });
    const createBurstTransactions = writer.groupCommitStats().transactions - transactionsBefore;
    writer.close();
    follower.close();
    const fileBytes = await fileBytesOf(path);
    return {
        endpoints: endpointCount,
        addressesPerEndpoint: ADDRESSES_PER_ENDPOINT,
        bodyBytes: encodePlanBody(first).length,
        fileBytesFirstGeneration,
        fileBytesPerIncrementalGeneration: Math.round((fileBytes - fileBytesFirstGeneration) / ((ONE_CHANGED_PER_ROUND + 1) * repetitions)),
        createFullMs,
        createOneMs: median(createOneMs),
        createOneCpuMs: median(createOneCpu),
        createPercentMs: median(createPercentMs),
        latestColdMs: median(coldMs),
        latestNextOneMs: median(nextOneMs),
        latestNextMs: median(nextMs),
        latestCachedMs: median(cachedMs),
        createBurstPerPlanMs: burstMs / BURST_CREATES,
        createBurstTransactions,
    };
}
export async function benchStorePlans(sizes = [10_000, 100_000], repetitions = 3) {
    const dir = await mkdtemp(join(tmpdir(), 'dnsplane-bench-store-'));
    try {
        const results = [];
        for (const size of sizes)
            results.push(await benchOneSize(dir, size, repetitions));
        return results;
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}
export function formatStoreBench(results) {
    const header = `endpoints × addrs   file KiB (first / per gen)   create ms (all / 1 (CPU) / 1%)   latest ms (cold / next 1 / next 1% / cached)   ${BURST_CREATES} together: ms per create (transactions)`;
    const rows = results.map((r) => [
        `${r.endpoints} × ${r.addressesPerEndpoint}`.padEnd(18),
        `${(r.fileBytesFirstGeneration / 1024).toFixed(0)} / ${(r.fileBytesPerIncrementalGeneration / 1024).toFixed(1)}`.padStart(27),
        `${r.createFullMs.toFixed(0)} / ${r.createOneMs.toFixed(1)} (${r.createOneCpuMs.toFixed(1)}) / ${r.createPercentMs.toFixed(1)}`.padStart(32),
        `${r.latestColdMs.toFixed(0)} / ${r.latestNextOneMs.toFixed(1)} / ${r.latestNextMs.toFixed(1)} / ${r.latestCachedMs.toFixed(3)}`.padStart(44),
        `${r.createBurstPerPlanMs.toFixed(1)} (${r.createBurstTransactions})`.padStart(20),
    ].join(' '));
    return [header, ...rows].join('\n');
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    // Sizes from the command line (node dist/bench/store-plans.js 100000), default 10,000 and 100,000.
    const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const results = await benchStorePlans(sizes.length > 0 ? sizes : undefined);
    console.log(formatStoreBench(results));
    console.log(JSON.stringify({ bench: 'store-plans', results }));
}
//# sourceMappingURL=store-plans.js.map
/**
 * PlanStore benchmark: how long SqlitePlanStore takes to create and to load large plans
 * (10,000 and 100,000 endpoints × 8 addresses), and how big they are on disk.
 *
 *   npm run -s build && node dist/bench/store-plans.js            # table, then one JSON line
 *
 * `benchStorePlans()` returns the same figures for bench/run.ts to include in `npm run bench`.
 * Measured per size (median of `repetitions`):
 * - create: canonical check + encode + one IMMEDIATE transaction + fsync (synchronous=FULL);
 * - latest (cold): a fresh connection reading and decoding the row, recomputing every endpoint
 *   digest and checking the plan digest;
 * - latest (next): a long-lived connection reading the next generation, in which 1% of the
 *   endpoints changed (the usual case for an Enactor: unchanged endpoints are compared with the
 *   cached plan instead of hashed again);
 * - latest (cached): the same connection again, nothing new written: one indexed query.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqlitePlanStore } from '../src/adapters/store-sqlite/sqlite-plan-store.js';
import { encodePlanBody } from '../src/adapters/store-sqlite/plan-codec.js';
import { endpointName, generation, loadBalancerId } from '../src/core/model/ids.js';
import { canonicalEndpoint, makePlan, planContentDigest, type EndpointContent, type Plan } from '../src/core/model/plan.js';
import type { Result } from '../src/core/ports/result.js';

export interface StoreBenchResult {
  readonly endpoints: number;
  readonly addressesPerEndpoint: number;
  readonly bodyBytes: number;
  readonly fileBytesPerGeneration: number;
  readonly createMs: number;
  readonly latestColdMs: number;
  readonly latestNextMs: number;
  readonly latestCachedMs: number;
}

const LOAD_BALANCERS_IN_FLEET = 1_000;
const ADDRESSES_PER_ENDPOINT = 8;

/** A synthetic regional plan: each endpoint spreads over 8 of 1,000 load balancers with varied weights. */
export function syntheticPlan(endpointCount: number, g: number): Plan {
  const endpoints: EndpointContent[] = [];
  for (let i = 0; i < endpointCount; i++) {
    const addresses = [];
    for (let k = 0; k < ADDRESSES_PER_ENDPOINT; k++) {
      const lb = (i * 7 + k * 131) % LOAD_BALANCERS_IN_FLEET;
      addresses.push({ loadBalancer: loadBalancerId(`lb-${lb}`), family: 'A' as const, address: `10.${lb >> 8}.${lb & 255}.${1 + k}`, weight: 50 + ((lb + g) % 100) });
    }
    endpoints.push({ name: endpointName(`svc-${i}.cell-${i % 64}.us-east-1.example.test.`), ttlSeconds: 5, answersMax: 8, addresses });
  }
  return makePlan({ generation: generation(g), createdAtMs: 1_700_000_000_000 + g, endpoints, note: `bench ${endpointCount}` });
}

/** The next generation: the same plan with the weights of every hundredth endpoint changed. */
export function nextSyntheticPlan(previous: Plan): Plan {
  const g = previous.generation + 1;
  const endpoints = previous.endpoints.map((e, i) => (i % 100 === g % 100
    ? canonicalEndpoint({ ...e, addresses: e.addresses.map((a) => ({ ...a, weight: a.weight + 1 })) })
    : e));
  return { generation: generation(g), digest: planContentDigest(endpoints), createdAtMs: previous.createdAtMs + 1, endpoints, note: 'bench: 1% changed' };
}

function value<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.code} ${result.message}`);
  return result.value;
}

async function openStore(path: string): Promise<SqlitePlanStore> {
  return value(await SqlitePlanStore.open({ path }), `open ${path}`);
}

async function timedMs(operation: () => Promise<unknown>): Promise<number> {
  const startedMs = performance.now();
  await operation();
  return performance.now() - startedMs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchOneSize(dir: string, endpointCount: number, repetitions: number): Promise<StoreBenchResult> {
  const path = join(dir, `plans-${endpointCount}.db`);
  const plans = [syntheticPlan(endpointCount, 1)];
  while (plans.length < repetitions + 1) plans.push(nextSyntheticPlan(plans[plans.length - 1]!));
  const writer = await openStore(path);
  const follower = await openStore(path);
  const { token } = value(await writer.acquireLease('bench', 3_600_000), 'acquireLease');
  const createMs: number[] = [];
  const coldMs: number[] = [];
  const nextMs: number[] = [];
  const cachedMs: number[] = [];
  for (const [i, plan] of plans.entries()) {
    createMs.push(await timedMs(async () => value(await writer.create(plan, token), 'create')));
    const reader = await openStore(path);
    coldMs.push(await timedMs(async () => value(await reader.latest(), 'latest')));
    reader.close();
    // The follower has the previous generation cached (except before the first one).
    const followed = await timedMs(async () => value(await follower.latest(), 'latest'));
    if (i > 0) nextMs.push(followed);
    cachedMs.push(await timedMs(async () => value(await follower.latest(), 'latest')));
  }
  writer.close();
  follower.close();
  const fileBytes = (await stat(path)).size;
  return {
    endpoints: endpointCount,
    addressesPerEndpoint: ADDRESSES_PER_ENDPOINT,
    bodyBytes: encodePlanBody(plans[0]!).length,
    fileBytesPerGeneration: Math.round(fileBytes / plans.length),
    createMs: median(createMs),
    latestColdMs: median(coldMs),
    latestNextMs: median(nextMs),
    latestCachedMs: median(cachedMs),
  };
}

export async function benchStorePlans(sizes: readonly number[] = [10_000, 100_000], repetitions = 3): Promise<StoreBenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dnsplane-bench-store-'));
  try {
    const results: StoreBenchResult[] = [];
    for (const size of sizes) results.push(await benchOneSize(dir, size, repetitions));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatStoreBench(results: readonly StoreBenchResult[]): string {
  const header = 'endpoints × addrs   body KiB   file KiB/gen   create ms   latest cold ms   latest next ms   latest cached ms';
  const rows = results.map((r) => [
    `${r.endpoints} × ${r.addressesPerEndpoint}`.padEnd(18),
    (r.bodyBytes / 1024).toFixed(0).padStart(9),
    (r.fileBytesPerGeneration / 1024).toFixed(0).padStart(14),
    r.createMs.toFixed(1).padStart(11),
    r.latestColdMs.toFixed(1).padStart(16),
    r.latestNextMs.toFixed(1).padStart(16),
    r.latestCachedMs.toFixed(3).padStart(18),
  ].join(' '));
  return [header, ...rows].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchStorePlans();
  console.log(formatStoreBench(results));
  console.log(JSON.stringify({ bench: 'store-plans', results }));
}

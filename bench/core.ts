import { ControlPlaneAssembly } from '../src/app/assembly.js';
/**
 * Core benchmarks (issue 2):
 * - plan computation, full and incremental (one load balancer's health changes), against a
 *   reference in the same run: JSON round trip of the same fleet, so ratios survive noisy machines;
 * - time from a health change to the new answer served by the embedded server (2 workers, as
 *   `dnsplane up` runs it) over UDP, beyond
 *   detection time (Planner tick → store → Enactor tick → zone → answer), p50/p99;
 * - peak RSS of a whole `dnsplane up` process serving the fleet.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedDnsProvider } from '../src/adapters/dns-embedded/embedded-dns-provider.js';
import { systemClock } from '../src/adapters/clock-system/system-clock.js';
import { systemRandom } from '../src/adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../src/adapters/store-sqlite/sqlite-plan-store.js';
import { enactorId, generation, providerId, type LoadBalancerId } from '../src/core/model/ids.js';
import { makePlan } from '../src/core/model/plan.js';
import { PlanComputer } from '../src/core/planner/compute-plan.js';
import type { DecisionEvent } from '../src/core/ports/events.js';
import { startEmbeddedDns } from '../src/dns-server/server.js';
import { syntheticConfigText, syntheticFleet } from './fleet.js';
import { absentRunInFleet, startAnswerWatcher } from './answer-watcher-client.js';
import { waitUpConverged } from './up-status.js';

export interface PlanBenchResult {
  readonly endpoints: number;
  readonly fullMs: number;
  readonly incrementalMs: number;
  readonly referenceJsonRoundTripMs: number;
  readonly fullToReferenceRatio: number;
}

export function benchPlanComputation(endpoints: number, perEndpoint = 8, repetitions = 5): PlanBenchResult {
  const fleet = syntheticFleet(endpoints, perEndpoint);
  const reference = median(repeat(repetitions, () => time(() => JSON.parse(JSON.stringify(fleet)) as unknown)));
  const full = median(repeat(repetitions, () => time(() => new PlanComputer(fleet, { minCapacityShare: 0.25 }).compute(new Map(), null))));
  const computer = new PlanComputer(fleet, { minCapacityShare: 0.25 });
  let previous = makePlan({ generation: generation(1), createdAtMs: 0, endpoints: computer.compute(new Map(), null).endpoints, note: '' });
  const incremental = median(repeat(repetitions * 4, (i) => {
    const health = new Map<LoadBalancerId, boolean>([[fleet.loadBalancers[i % fleet.loadBalancers.length]!.id, false]]);
    const started = performance.now();
    const computed = computer.compute(health, previous);
    const elapsed = performance.now() - started;
    previous = makePlan({ generation: generation(i + 2), createdAtMs: 0, endpoints: computed.endpoints, note: '' });
    return elapsed;
  }));
  return { endpoints, fullMs: full, incrementalMs: incremental, referenceJsonRoundTripMs: reference, fullToReferenceRatio: full / reference };
}

export interface ChangeToAnswerResult {
  readonly endpoints: number;
  readonly changes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Velocity, fail-open and zone failover off: the benchmark measures the write path alone. */
const BENCH_SAFETY_OFF = { panicThreshold: 1, velocity: null, minZones: 1, zoneUnhealthyShare: 1 } as const;

/** Health change → new answer served, through the real store, Enactor, zone and UDP server. */
export async function benchChangeToAnswer(endpoints: number, changes = 40, perEndpoint = 8): Promise<ChangeToAnswerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-bench-'));
  const fleet = syntheticFleet(endpoints, perEndpoint);
  const dns = await startEmbeddedDns({ origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 }, dataDir: join(dir, 'zone'), tsigKeys: [], random: systemRandom, workers: 2 });
  const store = await SqlitePlanStore.open({ path: join(dir, 'plans.db') });
  if (!store.ok) throw new Error(store.message);
  const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
  const events = { record: (_event: DecisionEvent): void => undefined };
  const unhealthy = new Set<LoadBalancerId>();
  // The one assembly, with safety off by name: this measures the protocol's path, not the guards.
  const assembly = new ControlPlaneAssembly({
    fleet, checks: [], enactors: [enactorId('bench')], health: { intervalMs: 1000, timeoutMs: 500, healthyThreshold: 1, unhealthyThreshold: 1 },
    // Every tick reads what is served (up reads it every 5 s, and before every write).
    planner: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 0, createAttemptsMax: 3, leaseTtlMs: 3_600_000, intervalMs: 1000 },
    enactor: { enactAttemptsMax: 3, backoffBaseMs: 10, backoffMaxMs: 100, reconcileIntervalMs: 3_600_000, intervalMs: 250 },
    cleaner: { generationsRetainedMin: 10, retentionMs: 600_000, deletionsPerTickMax: 1000, intervalMs: 60_000 },
    safety: BENCH_SAFETY_OFF,
  });
  const controls = { current: () => [], refresh: async () => undefined };
  const health = { view: () => new Map([...unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
  const planner = assembly.planner({ holder: 'bench', clock: systemClock, events, store: store.value, providers: [provider], health, controls });
  const enactor = assembly.enactor(enactorId('bench'), { clock: systemClock, random: systemRandom, events, store: store.value, providers: [provider], controls });
  await planner.tick();
  await enactor.tick();
  // One quiet round, as `up` has between changes: the Planner's periodic read of what is served
  // (the first after the fleet's first sync reads every name afresh) and the Enactor's next pass
  // over the plan. The samples are the steady state, not the first read after start-up.
  await planner.tick();
  await enactor.tick();
  const watcher = startAnswerWatcher(dns.port);
  const samples: number[] = [];
  for (let i = 0; i < changes; i++) {
    const lb = fleet.loadBalancers[(i * 37) % fleet.loadBalancers.length]!;
    const target = fleet.endpoints.find((e) => e.select.ids?.includes(lb.id))!;
    const wasHealthy = !unhealthy.has(lb.id);
    if (wasHealthy) unhealthy.add(lb.id);
    else unhealthy.delete(lb.id);
    const startedAtMs = performance.timeOrigin + performance.now();
    // The answer is watched from another process while the Planner and the Enactor work here.
    const seen = watcher.watch(target.name, lb.ipv4!, wasHealthy ? 'absent' : 'present', absentRunInFleet(fleet, target, lb.id));
    await planner.tick();
    await enactor.tick();
    const servedAfterMs = (await seen) - startedAtMs;
    samples.push(servedAfterMs);
  }
  watcher.close();
  store.value.close();
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
  samples.sort((a, b) => a - b);
  return { endpoints, changes, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), maxMs: samples[samples.length - 1]! };
}


export interface ProcessRssResult {
  readonly endpoints: number;
  readonly convergedMs: number;
  readonly peakRssMiB: number;
}

const UP_CONVERGE_WAIT_MS = 300_000;
const UP_STATUS_POLL_MS = 500;

/** Starts `dnsplane up` on a synthetic fleet, waits until every endpoint is live, reads its peak RSS. */
export async function benchUpProcessRss(endpoints: number, perEndpoint = 8): Promise<ProcessRssResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-rss-'));
  const config = join(dir, 'fleet.yaml');
  writeFileSync(config, syntheticConfigText(endpoints, perEndpoint, dir, '127.0.0.1:0', '127.0.0.1:0'));
  const bin = new URL('../../bin/dnsplane.js', import.meta.url).pathname;
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'up', '--config', config, '--data-dir', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  try {
    const convergedMs = await waitUpConverged({
      dataDir: dir, endpoints, startedMs: started, waitMs: UP_CONVERGE_WAIT_MS, pollMs: UP_STATUS_POLL_MS,
      exited: () => (child.exitCode === null ? null : `exited ${child.exitCode}`), stderr: () => stderr,
    });
    const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return { endpoints, convergedMs, peakRssMiB: peak ? Number(peak[1]) / 1024 : Number.NaN };
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function repeat(count: number, run: (index: number) => number): number[] {
  return Array.from({ length: count }, (_, i) => run(i));
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * One point of the scaling curves, in a process of its own (bench/scale.ts starts it, bounded, and
 * stops its whole process group when the bound passes):
 *
 *   node dist/bench/scale-point.js ENDPOINTS PER_ENDPOINT CHANGES
 *
 * Prints one JSON line, a ScalePoint:
 * - change → answer: a health change of one load balancer until the embedded server (2 workers,
 *   as `dnsplane up` runs it) answers the new records over UDP, through the real Planner, SQLite
 *   plan store and Enactor of the one assembly (safety off, as in bench/core.ts), p50/p99/max;
 * - memory per component: RSS and V8 heap after a full GC, measured as each part is built in
 *   turn (fleet model; DNS server primary, empty (its worker processes are not counted); plan store; the first plan,
 *   computed and stored, held by the Planner and the store's cache; the zone filled by the
 *   Enactor, with its copy of the converged plan), and the total;
 * - `dnsplane up`: a real process on the same fleet, time until every endpoint is live at the
 *   newest generation (asked of its API with the token it generated), and its peak RSS (VmHWM).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { systemClock } from '../src/adapters/clock-system/system-clock.js';
import { EmbeddedDnsProvider } from '../src/adapters/dns-embedded/embedded-dns-provider.js';
import { systemRandom } from '../src/adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../src/adapters/store-sqlite/sqlite-plan-store.js';
import { ControlPlaneAssembly } from '../src/app/assembly.js';
import { enactorId, providerId, type LoadBalancerId } from '../src/core/model/ids.js';
import { startEmbeddedDns } from '../src/dns-server/server.js';
import { syntheticConfigText, syntheticFleet } from './fleet.js';
import { absentRunInFleet, startAnswerWatcher } from './answer-watcher-client.js';
import { waitUpConverged } from './up-status.js';

export interface ComponentMemory {
  readonly component: string;
  /** Growth of the process's RSS while this part was built (after a full GC). */
  readonly rssMiB: number;
  /** Growth of the V8 heap (objects the part holds). */
  readonly heapMiB: number;
}

export interface ScalePoint {
  readonly endpoints: number;
  readonly perEndpoint: number;
  readonly changes: number;
  /**
   * Changes whose answer never showed within the watcher's polls (the never-empty guard keeps a
   * name's last address when all of its load balancers are down): not in the percentiles.
   */
  readonly changesNotSeen: number;
  readonly changeToAnswerP50Ms: number;
  readonly changeToAnswerP99Ms: number;
  readonly changeToAnswerMaxMs: number;
  /** The first Planner tick and Enactor tick on an empty store and zone (in-process). */
  readonly initialPlanMs: number;
  readonly initialEnactMs: number;
  readonly memory: readonly ComponentMemory[];
  readonly inProcessRssMiB: number;
  /** `dnsplane up` on the same fleet. */
  readonly upConvergedMs: number;
  readonly upPeakRssMiB: number;
}

/** Velocity, fail-open and zone failover off: the point measures the write path alone (as bench/core.ts). */
const SAFETY_OFF = { panicThreshold: 1, velocity: null, minZones: 1, zoneUnhealthyShare: 1 } as const;
const MIB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function memoryNow(): { rss: number; heap: number } {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

class MemoryLedger {
  readonly components: ComponentMemory[] = [];
  private last = memoryNow();

  mark(component: string): void {
    const now = memoryNow();
    this.components.push({ component, rssMiB: (now.rss - this.last.rss) / MIB, heapMiB: (now.heap - this.last.heap) / MIB });
    this.last = now;
  }
}

async function changeToAnswer(endpoints: number, perEndpoint: number, changes: number): Promise<Omit<ScalePoint, 'upConvergedMs' | 'upPeakRssMiB'>> {
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-scale-'));
  const ledger = new MemoryLedger();
  const fleet = syntheticFleet(endpoints, perEndpoint);
  ledger.mark('fleet model (config)');
  const dns = await startEmbeddedDns({ origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 }, dataDir: join(dir, 'zone'), tsigKeys: [], random: systemRandom, workers: 2 });
  ledger.mark('DNS server primary, empty zone (its 2 workers are processes of their own, not counted)');
  const store = await SqlitePlanStore.open({ path: join(dir, 'plans.db') });
  if (!store.ok) throw new Error(store.message);
  ledger.mark('plan store, empty');
  const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
  const events = { record: (): void => undefined };
  const unhealthy = new Set<LoadBalancerId>();
  const assembly = new ControlPlaneAssembly({
    fleet, checks: [], enactors: [enactorId('bench')], health: { intervalMs: 1000, timeoutMs: 500, healthyThreshold: 1, unhealthyThreshold: 1 },
    planner: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 3_600_000, createAttemptsMax: 3, leaseTtlMs: 3_600_000, intervalMs: 1000 },
    enactor: { enactAttemptsMax: 3, backoffBaseMs: 10, backoffMaxMs: 100, reconcileIntervalMs: 3_600_000, intervalMs: 250 },
    cleaner: { generationsRetainedMin: 10, retentionMs: 600_000, deletionsPerTickMax: 1000, intervalMs: 60_000 },
    safety: SAFETY_OFF,
  });
  const controls = { current: () => [], refresh: async () => undefined };
  const health = { view: () => new Map([...unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
  const planner = assembly.planner({ holder: 'bench', clock: systemClock, events, store: store.value, providers: [provider], health, controls });
  const enactor = assembly.enactor(enactorId('bench'), { clock: systemClock, random: systemRandom, events, store: store.value, providers: [provider], controls });
  let started = performance.now();
  await planner.tick();
  const initialPlanMs = performance.now() - started;
  ledger.mark('first plan: Planner state + plan store (rows written, latest cached)');
  started = performance.now();
  await enactor.tick();
  const initialEnactMs = performance.now() - started;
  ledger.mark('zone filled by the Enactor (primary copy) + Enactor state');
  const watcher = startAnswerWatcher(dns.port);
  const samples: number[] = [];
  let notSeen = 0;
  for (let i = 0; i < changes; i++) {
    const lb = fleet.loadBalancers[(i * 37) % fleet.loadBalancers.length]!;
    const target = fleet.endpoints.find((e) => e.select.ids?.includes(lb.id));
    if (target === undefined) continue;
    const wasHealthy = !unhealthy.has(lb.id);
    if (wasHealthy) unhealthy.add(lb.id);
    else unhealthy.delete(lb.id);
    const startedAtMs = performance.timeOrigin + performance.now();
    const seen = watcher.watch(target.name, lb.ipv4!, wasHealthy ? 'absent' : 'present', absentRunInFleet(fleet, target, lb.id));
    await planner.tick();
    await enactor.tick();
    const servedAfterMs = (await seen) - startedAtMs;
    if (Number.isFinite(servedAfterMs)) samples.push(servedAfterMs);
    else notSeen++;
  }
  const inProcessRssMiB = process.memoryUsage().rss / MIB;
  watcher.close();
  store.value.close();
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
  samples.sort((a, b) => a - b);
  return {
    endpoints, perEndpoint, changes: samples.length, changesNotSeen: notSeen,
    changeToAnswerP50Ms: percentile(samples, 0.5), changeToAnswerP99Ms: percentile(samples, 0.99), changeToAnswerMaxMs: samples[samples.length - 1] ?? Number.NaN,
    initialPlanMs, initialEnactMs, memory: ledger.components, inProcessRssMiB,
  };
}


const UP_CONVERGE_WAIT_MS = 600_000;
const UP_STATUS_POLL_MS = 500;

/** Starts `dnsplane up` on the synthetic fleet, waits until every endpoint is live, reads its peak RSS. */
async function upConvergence(endpoints: number, perEndpoint: number): Promise<{ convergedMs: number; peakRssMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-scale-up-'));
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
    return { convergedMs, peakRssMiB: peak ? Number(peak[1]) / 1024 : Number.NaN };
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const [endpointsText, perEndpointText, changesText] = process.argv.slice(2);
const endpoints = Number(endpointsText);
const perEndpoint = Number(perEndpointText);
const inProcess = await changeToAnswer(endpoints, perEndpoint, Number(changesText));
const up = await upConvergence(endpoints, perEndpoint);
const point: ScalePoint = { ...inProcess, upConvergedMs: up.convergedMs, upPeakRssMiB: up.peakRssMiB };
console.log(JSON.stringify(point));
process.exit(0);

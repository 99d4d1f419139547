/**
 * The composition root: wires adapters into the core and runs its loops in one process
 * (`dnsplane up`, ARCHITECTURE §5 "Embedded"). Start order matters for static stability: the
 * DNS server loads its persisted zone and answers before the store, the health checker or the
 * Planner have done anything.
 *
 * Two lifetimes: what lives as long as the process (the DNS server, the event log, the operator
 * controls store) and the control plane built from the configuration (store, providers, health,
 * Planner, Enactors, Cleaner, the live-state cache), which a reload (SIGHUP) replaces as a whole:
 * the new one is built first, so a configuration that cannot be started leaves the running one.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { systemClock } from '../adapters/clock-system/system-clock.js';
import { SystemProber } from '../adapters/probe-system/system-prober.js';
import { systemRandom } from '../adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../adapters/store-sqlite/sqlite-plan-store.js';
import { SqliteControlStore } from '../adapters/store-sqlite/sqlite-control-store.js';
import type { HealthMonitor } from '../core/health/health-monitor.js';
import type { Plan } from '../core/model/plan.js';
import type { Generation } from '../core/model/ids.js';
import type { Planner, PlannerPreview } from '../core/planner/planner.js';
import type { Enactor } from '../core/enactor/enactor.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { GenerationInfo } from '../core/ports/plan-store.js';
import type { Prober } from '../core/ports/prober.js';
import { ControlPlaneAssembly, isBrokenInvariant, type ControlPlaneTasks } from './assembly.js';
import { digestText } from '../core/model/digest.js';
import { controlPlaneSettings } from './config/control-plane.js';
import { startEmbeddedDns, type EmbeddedDns } from '../dns-server/server.js';
import { embeddedDnsSettings } from './roles/dns-server-role.js';
import type { EventQuery, StoredEvent } from '../adapters/events-memory/event-log.js';
import { SqliteEventLog } from '../adapters/store-sqlite/sqlite-event-log.js';
import { failure, ok, type Result } from '../core/ports/result.js';
import type { DnsplaneConfig } from './config/index.js';
import type { DemoFleet } from './demo-fleet.js';
import { EventHub } from './events.js';
import { timerScheduler } from './periodic.js';
import { buildDeploymentProviders, embeddedProviderOf } from './providers.js';
import { buildStatus, type StatusOptions, type StatusReport } from './status.js';
import { FailoverTracker } from './failover-tracker.js';
import { LiveStateCache, type ProviderLiveState } from './live-state.js';
import { OperatorControls } from './operator-controls.js';
import { RuntimeMetrics, type MetricsSources } from './metrics.js';
import { describeConfigChanges, restartOnlyChanges } from './config-changes.js';

export interface RuntimeOptions {
  readonly config: DnsplaneConfig;
  readonly dataDir: string;
  readonly log: (line: string) => void;
  readonly demo?: DemoFleet;
  /** The prober of each vantage point (zone); default: a SystemProber each. Tests cut one zone off through it. */
  readonly proberFor?: (zone: string) => Prober;
}

export interface Readiness {
  readonly ready: boolean;
  readonly store: { readonly reachable: boolean; readonly error?: string };
  readonly providers: readonly { readonly id: string; readonly reachable: boolean; readonly downSinceMs: number | null; readonly error?: string }[];
  readonly controlPlaneHalted: string | null;
}

export type ReloadOutcome =
  | { readonly kind: 'applied'; readonly changes: readonly string[]; readonly needRestart: readonly string[] }
  | { readonly kind: 'unchanged'; readonly needRestart: readonly string[] }
  | { readonly kind: 'refused'; readonly reason: string };

export interface Runtime {
  /** The configuration in force (a reload replaces it). */
  readonly config: DnsplaneConfig;
  readonly dns: EmbeddedDns;
  readonly events: EventHub;
  readonly demo: DemoFleet | undefined;
  /** Overrides and freezes (HTTP API: /controls). */
  readonly controls: OperatorControls;
  /** The Prometheus registry behind GET /metrics. */
  readonly metrics: RuntimeMetrics;
  /** The durable audit history of decisions. */
  history(query: EventQuery): Promise<Result<readonly StoredEvent[]>>;
  status(options?: StatusOptions): Promise<StatusReport>;
  /** What each provider served at its last read (the cache behind status). */
  live(): readonly ProviderLiveState[];
  /** The DNS providers in force (their materialisation: what a plan looks like served). */
  providers(): readonly DnsProvider[];
  /** Stored generations, ascending. */
  listPlans(): Promise<Result<readonly GenerationInfo[]>>;
  getPlan(generation: Generation): Promise<Result<Plan | null>>;
  /** The Planner's own next attempt against what is served now, without the write. */
  previewNextPlan(): Promise<Result<PlannerPreview>>;
  /** Providers and store reachable (GET /readyz); the process being alive is /healthz. */
  readiness(): Promise<Readiness>;
  /** Replaces the control plane with one built from `config`; on any failure the running one stays. */
  reload(config: DnsplaneConfig): Promise<ReloadOutcome>;
  /** Finishes the transactions in flight, then closes everything. */
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override readonly name = 'StartupError';
  /** 2: the configuration cannot be started as given (an address taken or impossible); 1: anything else. */
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
  }
}

/** What lives as long as the process. */
interface ProcessParts {
  readonly options: RuntimeOptions;
  readonly dns: EmbeddedDns;
  readonly events: EventHub;
  readonly controlStore: SqliteControlStore;
  readonly metrics: RuntimeMetrics;
  readonly halt: (name: string, error: unknown) => void;
}

interface PlaneTasks extends ControlPlaneTasks {
  readonly planner: Planner;
  readonly enactors: readonly Enactor[];
}

/** What a configuration builds; replaced whole on reload. */
interface ControlPlane {
  readonly config: DnsplaneConfig;
  readonly store: SqlitePlanStore;
  readonly providers: readonly DnsProvider[];
  readonly assembly: ControlPlaneAssembly;
  readonly health: HealthMonitor;
  readonly controls: OperatorControls;
  readonly tracker: FailoverTracker;
  readonly live: LiveStateCache;
  readonly schedule: PlaneTasks;
  /** Stops the loops (the transactions in flight finish), then closes the store and providers. */
  close(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, log } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const dns = await startDns(config, join(options.dataDir, 'zone'), log);
  const cleanups: (() => Promise<void> | void)[] = [() => dns.close()];
  const fail = async (message: string): Promise<never> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    throw new StartupError(message);
  };
  const controlStore = await SqliteControlStore.open({ path: join(options.dataDir, 'controls.db') });
  if (!controlStore.ok) return fail(`cannot open the operator controls store: ${controlStore.message}`);
  cleanups.push(() => controlStore.value.close());
  const events = new EventHub(log);
  // The audit history: every decision, durable, queryable after the fact (GET /history).
  const eventLog = await SqliteEventLog.open({ path: join(options.dataDir, 'events.db') });
  if (!eventLog.ok) return fail(`cannot open the audit log: ${eventLog.message}`);
  cleanups.push(async () => { await eventLog.value.close(); });
  events.addSink(eventLog.value);
  const metrics = new RuntimeMetrics(dns);
  events.addSink(metrics);

  let halted: string | null = null;
  let plane: ControlPlane | null = null;
  const halt = (name: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    if (!isBrokenInvariant(error)) {
      log(JSON.stringify({ level: 'error', component: name, error: message }));
      return;
    }
    // A broken invariant is a bug: the control plane must stop writing DNS from a wrong state.
    // The answer path does not depend on it (static stability): DNS and the API keep serving
    // what is live, and status shows why nothing changes any more.
    if (halted !== null) return;
    halted = `${name}: ${message}`;
    log(JSON.stringify({ level: 'fatal', component: name, error: message, msg: 'control plane halted; DNS keeps answering what is live' }));
    events.record({ atMs: systemClock.nowMs(), kind: 'control-plane.halted', actor: name, reason: `broken invariant: ${message}; control plane halted, DNS keeps answering` });
    void plane?.schedule.stop();
  };
  const parts: ProcessParts = { options, dns, events, controlStore: controlStore.value, metrics, halt };
  // The failover tracker belongs to the plane in force: events reach whichever one that is.
  events.addSink({ record: (event) => plane?.tracker.record(event) });
  // What status shows follows each write at once, not at the cache's next interval.
  events.addSink({ record: (event) => { if (LIVE_CHANGING_EVENTS.has(event.kind)) plane?.live.refreshAfterWrite(); } });
  const built = await buildControlPlane(config, parts, null);
  if (!built.ok) return fail(built.message);
  plane = built.value;
  metrics.attach(() => metricsSourcesOf(plane!, () => halted !== null));
  plane.schedule.start();
  log(JSON.stringify({ level: 'info', msg: 'dnsplane up', zone: config.zone, dns: `${config.dns.listen.host}:${dns.port}`, enactors: config.enactors, loadBalancers: config.fleet.loadBalancers.length, endpoints: config.fleet.endpoints.length }));

  let stopping: Promise<void> | null = null;
  let reloading: Promise<ReloadOutcome> | null = null;
  const current = (): ControlPlane => plane!;
  return {
    get config() { return current().config; },
    get controls() { return current().controls; },
    dns, events, demo: options.demo, metrics,
    history: (query) => eventLog.value.query(query),
    status: (options) => {
      const p = current();
      return buildStatus({
        config: p.config, live: p.live, enactors: p.schedule.enactors, health: p.health, planner: p.schedule.planner, store: p.store, events,
        lastPlannerResult: () => p.schedule.lastPlannerResult(), safety: { controls: p.controls, tracker: p.tracker }, halted: () => halted,
      }, options);
    },
    live: () => current().live.snapshot(),
    providers: () => current().providers,
    listPlans: () => current().store.list(),
    getPlan: (generation) => current().store.get(generation),
    previewNextPlan: () => previewOn(current()),
    readiness: () => readinessOf(current(), halted),
    reload: (next) => {
      // One reload at a time; a SIGHUP during a reload waits for it.
      const run = async (): Promise<ReloadOutcome> => {
        if (stopping !== null) return { kind: 'refused', reason: 'stopping' };
        const outcome = await reloadPlane(current(), next, parts);
        if (outcome.plane !== null) plane = outcome.plane;
        return outcome.outcome;
      };
      reloading = (reloading ?? Promise.resolve(null)).then(run, run);
      return reloading;
    },
    stop: () => {
      stopping ??= (async () => {
        await reloading;
        await current().close();
        for (const cleanup of cleanups.reverse()) await cleanup();
        await options.demo?.close();
      })();
      return stopping;
    },
  };
}

async function buildControlPlane(config: DnsplaneConfig, parts: ProcessParts, previous: ControlPlane | null): Promise<Result<ControlPlane>> {
  const { options, dns, events } = parts;
  const storeOpened = await SqlitePlanStore.open({ path: config.store.path });
  if (!storeOpened.ok) return failure(storeOpened.code, `cannot open the plan store ${config.store.path}: ${storeOpened.message}`, false);
  const store = storeOpened.value;
  // Route 53 sizes its one change batch per write by the largest answer a name may have.
  const built = buildDeploymentProviders(config.providers, embeddedProviderOf(dns), process.env, Math.max(1, ...config.fleet.endpoints.map((e) => e.answersMax)));
  if (!built.ok) {
    store.close();
    return failure(built.code, `cannot set up DNS providers: ${built.message}`, false);
  }
  const providers = built.value.providers.map((provider) => parts.metrics.timed(provider));
  const assembly = new ControlPlaneAssembly(controlPlaneSettings(config));
  // Health state survives a reload that does not change health checking: a load balancer that is
  // down stays down, instead of starting over as "not checked yet".
  const health = previous !== null && sameHealthChecking(previous.config, config)
    ? previous.health
    : assembly.health({ clock: systemClock, events, random: systemRandom, proberFor: (zone) => options.proberFor?.(zone) ?? new SystemProber() });
  let kickPlanner = (): void => undefined;
  const controls = new OperatorControls(parts.controlStore, systemClock, events, new Set(config.fleet.endpoints.map((e) => e.name)), () => kickPlanner(), config.http.controlsMax);
  await controls.refresh();
  const planner = assembly.planner({ holder: plannerHolder(options.dataDir), clock: systemClock, events, store, providers, health, controls });
  const tracker = new FailoverTracker(config.fleet, providers[0]!, health, systemClock);
  const enactors = config.enactors.map((id) => assembly.enactor(id, { clock: systemClock, random: systemRandom, events, store, providers, controls }));
  const cleaner = assembly.cleaner({ clock: systemClock, events, store, providers });
  const tasks = assembly.schedule(timerScheduler, { health, planner, controls, enactors, cleaner, afterEnactorTick: () => tracker.observe() }, parts.halt);
  kickPlanner = () => tasks.kickPlanner();
  const live = new LiveStateCache(providers, config.fleet.endpoints.map((e) => e.name), systemClock);
  let started = false;
  let closing: Promise<void> | null = null;
  const schedule: PlaneTasks = {
    ...tasks, planner, enactors,
    start: () => {
      started = true;
      live.start();
      tasks.start();
    },
  };
  return ok({
    config, store, providers, assembly, health, controls, tracker, live, schedule,
    close: () => {
      closing ??= (async () => {
        live.stop();
        if (started) await tasks.stop();
        built.value.close();
        store.close();
      })();
      return closing;
    },
  });
}

async function reloadPlane(running: ControlPlane, next: DnsplaneConfig, parts: ProcessParts): Promise<{ outcome: ReloadOutcome; plane: ControlPlane | null }> {
  const restartOnly = restartOnlyChanges(running.config, next);
  if (restartOnly.some((c) => c.startsWith('zone'))) {
    return { outcome: { kind: 'refused', reason: `${restartOnly.join('; ')}: the zone is served by the running DNS server; restart to change it` }, plane: null };
  }
  // What only a restart can change keeps its running value; the rest is applied.
  const effective: DnsplaneConfig = { ...next, dns: running.config.dns, http: { ...next.http, listen: running.config.http.listen } };
  const changes = describeConfigChanges(running.config, effective);
  if (changes.length === 0) return { outcome: { kind: 'unchanged', needRestart: restartOnly }, plane: null };
  const built = await buildControlPlane(effective, parts, running);
  if (!built.ok) return { outcome: { kind: 'refused', reason: built.message }, plane: null };
  // The old loops finish their transactions in flight before the new ones start: two Planners of
  // one process never run at once (the lease would fence one out anyway).
  await running.close();
  // The Enactors' key may write the endpoints of the configuration in force, and no others.
  parts.dns.setManagedNames(effective.fleet.endpoints.map((endpoint) => String(endpoint.name)));
  built.value.schedule.start();
  return { outcome: { kind: 'applied', changes, needRestart: restartOnly }, plane: built.value };
}

function metricsSourcesOf(plane: ControlPlane, halted: () => boolean): MetricsSources {
  return {
    endpointNames: plane.config.fleet.endpoints.map((e) => e.name),
    live: () => plane.live.snapshot(),
    latestPlan: () => plane.store.latest(),
    decisions: () => plane.schedule.planner.currentDecisions(),
    health: () => plane.health,
    controls: () => plane.controls.active(),
    enactors: () => plane.schedule.enactors.map((e) => e.status()),
    halted,
    nowMs: () => systemClock.nowMs(),
  };
}

function sameHealthChecking(a: DnsplaneConfig, b: DnsplaneConfig): boolean {
  return JSON.stringify([a.checks, a.health, a.enactors]) === JSON.stringify([b.checks, b.health, b.enactors]);
}

/** A Planner of its own (so the running one's state is untouched) over the running store, providers, health and controls; it never writes. */
async function previewOn(plane: ControlPlane): Promise<Result<PlannerPreview>> {
  const planner = plane.assembly.planner({
    holder: 'dnsplane-plan (preview)', clock: systemClock, events: { record: () => undefined }, store: plane.store,
    providers: plane.providers, health: plane.health, controls: plane.controls,
  });
  try {
    return ok(await planner.preview());
  } catch (error) {
    return failure('preview', error instanceof Error ? error.message : String(error), false);
  }
}

const READINESS_STORE_WAIT_MS = 500;

/** The Enactors' events after which a provider serves something else. */
const LIVE_CHANGING_EVENTS: ReadonlySet<string> = new Set(['enact.applied', 'enact.repaired', 'enact.empty-repaired', 'enact.adopted']);

async function readinessOf(plane: ControlPlane, halted: string | null): Promise<Readiness> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<Result<null>>((resolve) => {
    timer = setTimeout(() => resolve(failure('timeout', `no answer within ${READINESS_STORE_WAIT_MS} ms`, true)), READINESS_STORE_WAIT_MS);
  });
  const latest = await Promise.race([plane.store.latest(), waited]).finally(() => clearTimeout(timer));
  const providers = plane.live.snapshot().map((s) => ({ id: s.provider, reachable: s.reachable, downSinceMs: s.downSinceMs, ...(s.reachable ? {} : { error: s.lastError }) }));
  const store = latest.ok ? { reachable: true } : { reachable: false, error: latest.message };
  return { ready: store.reachable && providers.every((p) => p.reachable) && halted === null, store, providers, controlPlaneHalted: halted };
}

/** The server's log lines go through the process's log: one stream, with ISO times, filtered by --log-level. */
async function startDns(config: DnsplaneConfig, zoneDir: string, log: (line: string) => void): Promise<EmbeddedDns> {
  try {
    return await startEmbeddedDns({ ...embeddedDnsSettings(config), origin: config.zone, listen: config.dns.listen, dataDir: zoneDir, log });
  } catch (error) {
    throw new StartupError(`cannot start the DNS server on ${config.dns.listen.host}:${config.dns.listen.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Who holds the Planner lease: this host and data directory. A process restarted on the same data
 * dir (after a crash, a kill -9) is the same Planner and renews its own lease at once instead of
 * waiting for it to expire; two processes cannot share a data dir (the zone's journal is locked),
 * and any other Planner on the store has another name and is fenced out.
 */
function plannerHolder(dataDir: string): string {
  const holder = `planner@${hostname()}:${resolve(dataDir)}`;
  // The store takes holders of up to 256 characters: a deep path is named by its digest.
  return holder.length <= PLANNER_HOLDER_CHARS_MAX ? holder : `planner@${hostname().slice(0, 64)}:${digestText(resolve(dataDir))}`;
}

const PLANNER_HOLDER_CHARS_MAX = 256;

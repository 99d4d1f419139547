/**
 * The composition root: wires adapters into the core and runs its loops in one process
 * (`dnsplane up`, ARCHITECTURE §5 "Embedded"). Start order matters for static stability: the
 * DNS server loads its persisted zone and answers before the store, the health checker or the
 * Planner have done anything.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../adapters/clock-system/system-clock.js';
import { SystemProber } from '../adapters/probe-system/system-prober.js';
import { systemRandom } from '../adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../adapters/store-sqlite/sqlite-plan-store.js';
import { SqliteControlStore } from '../adapters/store-sqlite/sqlite-control-store.js';
import { Cleaner } from '../core/cleaner/cleaner.js';
import { Enactor } from '../core/enactor/enactor.js';
import { HealthMonitor } from '../core/health/health-monitor.js';
import { AssertionFailure } from '../core/model/assert.js';
import { Planner, type PlannerTickResult } from '../core/planner/planner.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { Prober } from '../core/ports/prober.js';
import { tsigKey } from '../dns-wire/index.js';
import { startEmbeddedDns, type EmbeddedDns } from '../dns-server/server.js';
import type { EventQuery, StoredEvent } from '../adapters/events-memory/event-log.js';
import { SqliteEventLog } from '../adapters/store-sqlite/sqlite-event-log.js';
import type { Result } from '../core/ports/result.js';
import type { DnsplaneConfig } from './config/index.js';
import type { DemoFleet } from './demo-fleet.js';
import { EventHub } from './events.js';
import { PeriodicTask } from './periodic.js';
import { buildDeploymentProviders } from './providers.js';
import { buildStatus, type StatusReport } from './status.js';
import { FailoverTracker } from './failover-tracker.js';
import { OperatorControls } from './operator-controls.js';

export interface RuntimeOptions {
  readonly config: DnsplaneConfig;
  readonly dataDir: string;
  readonly log: (line: string) => void;
  readonly demo?: DemoFleet;
  /** The prober of each vantage point (zone); default: a SystemProber each. Tests cut one zone off through it. */
  readonly proberFor?: (zone: string) => Prober;
}

export interface Runtime {
  readonly config: DnsplaneConfig;
  readonly dns: EmbeddedDns;
  readonly events: EventHub;
  readonly demo: DemoFleet | undefined;
  /** Overrides and freezes (HTTP API: /controls). */
  readonly controls: OperatorControls;
  /** The durable audit history of decisions. */
  history(query: EventQuery): Promise<Result<readonly StoredEvent[]>>;
  status(): Promise<StatusReport>;
  /** Finishes the transactions in flight, then closes everything. */
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, log } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const dns = await startDns(config, join(options.dataDir, 'zone'));
  const store = await SqlitePlanStore.open({ path: config.store.path });
  if (!store.ok) {
    await dns.close();
    throw new StartupError(`cannot open the plan store ${config.store.path}: ${store.message}`);
  }
  const built = buildDeploymentProviders(config.providers, dns);
  if (!built.ok) {
    store.value.close();
    await dns.close();
    throw new StartupError(`cannot set up DNS providers: ${built.message}`);
  }
  const controlStore = await SqliteControlStore.open({ path: join(options.dataDir, 'controls.db') });
  if (!controlStore.ok) {
    built.value.close();
    store.value.close();
    await dns.close();
    throw new StartupError(`cannot open the operator controls store: ${controlStore.message}`);
  }
  const events = new EventHub(log);
  // The audit history: every decision, durable, queryable after the fact (GET /history).
  const eventLog = await SqliteEventLog.open({ path: join(options.dataDir, 'events.db') });
  if (!eventLog.ok) {
    controlStore.value.close();
    built.value.close();
    store.value.close();
    await dns.close();
    throw new StartupError(`cannot open the audit log: ${eventLog.message}`);
  }
  events.addSink(eventLog.value);
  const providers: readonly DnsProvider[] = built.value.providers;
  // One prober per vantage point (by default, per Enactor zone): a quorum of zones judges health.
  const vantagePoints = (config.health.vantagePoints ?? config.enactors).map((zone) => ({ zone, prober: options.proberFor?.(zone) ?? new SystemProber() }));
  const health = new HealthMonitor(config.checks, vantagePoints, systemClock, events, config.health, systemRandom);
  let kickPlanner = (): void => undefined;
  const controls = new OperatorControls(controlStore.value, systemClock, events, new Set(config.fleet.endpoints.map((e) => e.name)), () => kickPlanner());
  await controls.refresh();
  const planner = new Planner({
    fleet: config.fleet, store: store.value, providers, clock: systemClock, events,
    health: () => health.view(), settings: { ...config.planner, safety: config.safety },
    unhealthySinceMs: (id) => health.unhealthySinceMs(id), controls: () => controls.current(),
  });
  const tracker = new FailoverTracker(config.fleet, providers[0]!, health, systemClock);
  events.addSink(tracker);
  const enactors = config.enactors.map((id) => new Enactor({
    id, store: store.value, providers, clock: systemClock, random: systemRandom, events, settings: config.enactor,
  }));
  const cleaner = new Cleaner({
    store: store.value, providers, endpoints: config.fleet.endpoints.map((e) => e.name), clock: systemClock, events, settings: config.cleaner,
  });

  const onError = (name: string, error: unknown): void => {
    if (error instanceof AssertionFailure) {
      // A broken invariant is a bug: crash rather than keep writing DNS from a wrong state.
      log(JSON.stringify({ level: 'fatal', component: name, error: error.message }));
      process.exit(70);
    }
    log(JSON.stringify({ level: 'error', component: name, error: error instanceof Error ? error.message : String(error) }));
  };
  let lastPlannerResult: PlannerTickResult | null = null;
  const enactorTasks = enactors.map((enactor) => new PeriodicTask(`enactor ${enactor.id}`, config.enactor.intervalMs, async () => {
    await enactor.tick();
    await tracker.observe();
  }, onError));
  const plannerTask = new PeriodicTask('planner', config.planner.intervalMs, async () => {
    await controls.refresh();
    lastPlannerResult = await planner.tick();
    if (lastPlannerResult.kind === 'created') for (const task of enactorTasks) task.kick();
  }, onError);
  let healthyCount = -1;
  const healthTask = new PeriodicTask('health', Math.max(50, Math.floor(config.health.intervalMs / 10)), async () => {
    await health.runDue();
    // Kick the Planner when the healthy set changed, instead of waiting for its interval.
    const count = [...health.view().values()].filter((h) => h).length;
    if (count !== healthyCount) {
      healthyCount = count;
      plannerTask.kick();
    }
  }, onError);
  kickPlanner = () => plannerTask.kick();
  const cleanerTask = new PeriodicTask('cleaner', config.cleaner.intervalMs, () => cleaner.tick(), onError);
  const tasks = [healthTask, plannerTask, ...enactorTasks, cleanerTask];
  for (const task of tasks) task.start();
  log(JSON.stringify({ level: 'info', msg: 'dnsplane up', zone: config.zone, dns: `${config.dns.listen.host}:${dns.port}`, enactors: config.enactors, loadBalancers: config.fleet.loadBalancers.length, endpoints: config.fleet.endpoints.length }));

  let stopping: Promise<void> | null = null;
  return {
    config, dns, events, demo: options.demo, controls,
    history: (query) => eventLog.value.query(query),
    status: () => buildStatus({
      config, providers, enactors, health, planner, store: store.value, events, lastPlannerResult: () => lastPlannerResult, safety: { controls, tracker },
    }),
    stop: () => {
      stopping ??= (async () => {
        for (const enactor of enactors) enactor.requestStop();
        await Promise.all(tasks.map((task) => task.stop()));
        built.value.close();
        controlStore.value.close();
        store.value.close();
        await eventLog.value.close();
        await dns.close();
        await options.demo?.close();
      })();
      return stopping;
    },
  };
}

async function startDns(config: DnsplaneConfig, zoneDir: string): Promise<EmbeddedDns> {
  const tsig = config.dns.tsig;
  const keys = tsig ? [tsigKey(tsig.name, tsig.algorithm, tsig.secret)] : [];
  try {
    return await startEmbeddedDns({ origin: config.zone, listen: config.dns.listen, dataDir: zoneDir, tsigKeys: keys, random: systemRandom, workers: config.dns.workers });
  } catch (error) {
    throw new StartupError(`cannot start the DNS server on ${config.dns.listen.host}:${config.dns.listen.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

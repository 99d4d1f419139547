/**
 * The composition root: wires adapters into the core and runs its loops in one process
 * (`dnsplane up`, ARCHITECTURE §5 "Embedded"). Start order matters for static stability: the
 * DNS server loads its persisted zone and answers before the store, the health checker or the
 * Planner have done anything.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { systemClock } from '../adapters/clock-system/system-clock.js';
import { SystemProber } from '../adapters/probe-system/system-prober.js';
import { systemRandom } from '../adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../adapters/store-sqlite/sqlite-plan-store.js';
import { SqliteControlStore } from '../adapters/store-sqlite/sqlite-control-store.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { Prober } from '../core/ports/prober.js';
import { ControlPlaneAssembly, isBrokenInvariant } from './assembly.js';
import { digestText } from '../core/model/digest.js';
import { controlPlaneSettings } from './config/control-plane.js';
import { tsigKey } from '../dns-wire/index.js';
import { startEmbeddedDns, type EmbeddedDns } from '../dns-server/server.js';
import type { EventQuery, StoredEvent } from '../adapters/events-memory/event-log.js';
import { SqliteEventLog } from '../adapters/store-sqlite/sqlite-event-log.js';
import type { Result } from '../core/ports/result.js';
import type { DnsplaneConfig } from './config/index.js';
import type { DemoFleet } from './demo-fleet.js';
import { EventHub } from './events.js';
import { timerScheduler } from './periodic.js';
import { buildDeploymentProviders, embeddedProviderOf } from './providers.js';
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
  const storeOpened = await SqlitePlanStore.open({ path: config.store.path });
  if (!storeOpened.ok) {
    await dns.close();
    throw new StartupError(`cannot open the plan store ${config.store.path}: ${storeOpened.message}`);
  }
  // Route 53 sizes its one change batch per write by the largest answer a name may have.
  const built = buildDeploymentProviders(config.providers, embeddedProviderOf(dns), process.env, Math.max(1, ...config.fleet.endpoints.map((e) => e.answersMax)));
  if (!built.ok) {
    storeOpened.value.close();
    await dns.close();
    throw new StartupError(`cannot set up DNS providers: ${built.message}`);
  }
  const controlStore = await SqliteControlStore.open({ path: join(options.dataDir, 'controls.db') });
  if (!controlStore.ok) {
    built.value.close();
    storeOpened.value.close();
    await dns.close();
    throw new StartupError(`cannot open the operator controls store: ${controlStore.message}`);
  }
  const events = new EventHub(log);
  // The audit history: every decision, durable, queryable after the fact (GET /history).
  const eventLog = await SqliteEventLog.open({ path: join(options.dataDir, 'events.db') });
  if (!eventLog.ok) {
    controlStore.value.close();
    built.value.close();
    storeOpened.value.close();
    await dns.close();
    throw new StartupError(`cannot open the audit log: ${eventLog.message}`);
  }
  events.addSink(eventLog.value);
  const providers: readonly DnsProvider[] = built.value.providers;
  const assembly = new ControlPlaneAssembly(controlPlaneSettings(config));
  const health = assembly.health({ clock: systemClock, events, random: systemRandom, proberFor: (zone) => options.proberFor?.(zone) ?? new SystemProber() });
  let kickPlanner = (): void => undefined;
  const controls = new OperatorControls(controlStore.value, systemClock, events, new Set(config.fleet.endpoints.map((e) => e.name)), () => kickPlanner());
  await controls.refresh();
  const store = storeOpened.value;
  const planner = assembly.planner({ holder: plannerHolder(options.dataDir), clock: systemClock, events, store, providers, health, controls });
  const tracker = new FailoverTracker(config.fleet, providers[0]!, health, systemClock);
  events.addSink(tracker);
  const enactors = config.enactors.map((id) => assembly.enactor(id, { clock: systemClock, random: systemRandom, events, store, providers, controls }));
  const cleaner = assembly.cleaner({ clock: systemClock, events, store, providers });
  let halted: string | null = null;
  const onError = (name: string, error: unknown): void => {
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
    void schedule.stop();
  };
  const schedule = assembly.schedule(timerScheduler, { health, planner, controls, enactors, cleaner, afterEnactorTick: () => tracker.observe() }, onError);
  kickPlanner = () => schedule.kickPlanner();
  schedule.start();
  log(JSON.stringify({ level: 'info', msg: 'dnsplane up', zone: config.zone, dns: `${config.dns.listen.host}:${dns.port}`, enactors: config.enactors, loadBalancers: config.fleet.loadBalancers.length, endpoints: config.fleet.endpoints.length }));

  let stopping: Promise<void> | null = null;
  return {
    config, dns, events, demo: options.demo, controls,
    history: (query) => eventLog.value.query(query),
    status: () => buildStatus({
      config, providers, enactors, health, planner, store, events, lastPlannerResult: () => schedule.lastPlannerResult(), safety: { controls, tracker }, halted: () => halted,
    }),
    stop: () => {
      stopping ??= (async () => {
        await schedule.stop();
        built.value.close();
        controlStore.value.close();
        store.close();
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

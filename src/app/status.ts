/**
 * The status report: what `dnsplane status` prints and GET /status returns. It is assembled
 * from live sources — the providers' fences and records, the Enactors' counters, health — so it
 * tells the truth even when the Planner or the store is down.
 */
import type { Enactor, EnactorStatus } from '../core/enactor/enactor.js';
import type { HealthMonitor } from '../core/health/health-monitor.js';
import type { Planner, PlannerTickResult } from '../core/planner/planner.js';
import type { DecisionEvent } from '../core/ports/events.js';
import type { PlanStore } from '../core/ports/plan-store.js';
import type { Plan } from '../core/model/plan.js';
import { failure, type Result } from '../core/ports/result.js';
import type { DnsplaneConfig } from './config/index.js';
import type { EventHub } from './events.js';
import { syncProgressOf, type LiveStateCache, type ProviderLiveState, type ProviderSyncProgress } from './live-state.js';
import type { LiveEndpoint } from '../core/ports/dns-provider.js';
import { buildSafetyStatus, type SafetyStatus, type SafetyStatusSources } from './safety-status.js';

export const STATUS_EVENTS_MAX = 50;
/** The store is local (SQLite) or a quorum away (etcd): status waits this long for it, then says so. */
export const STATUS_STORE_WAIT_MS = 500;

export interface EndpointStatus {
  readonly name: string;
  /** Per provider id: the live fence and the addresses. */
  readonly providers: Readonly<Record<string, { readonly generation: number; readonly by: string; readonly addresses: readonly string[]; readonly error?: string; readonly stale?: boolean }>>;
}

/** Per provider: reachable now, or down since when (the addresses above are then its last good read). */
export type ProviderStatus = Omit<ProviderLiveState, 'endpoints'>;

export interface StatusReport {
  readonly zone: string;
  readonly region: string;
  readonly store: { readonly latestGeneration: number | null; readonly latestCreatedAtMs: number | null; readonly error?: string };
  readonly planner: { readonly lastTick: PlannerTickResult | null; readonly guardDecisions: readonly { endpoint: string; guard: string; reason: string }[] };
  /** Every managed name; empty when the report was asked for without them (`?endpoints=none`). */
  readonly endpoints: readonly EndpointStatus[];
  /** Per provider, how many names serve the newest stored generation or a newer one (empty: no plan yet). */
  readonly sync: readonly ProviderSyncProgress[];
  readonly providers: readonly ProviderStatus[];
  readonly enactors: readonly EnactorStatus[];
  readonly loadBalancers: readonly {
    readonly id: string; readonly healthy: boolean; readonly checked: boolean; readonly detail: string; readonly changedAtMs: number | null;
    /** Flap damping: held in its published state (`healthy`) while the checks' verdict is `verdict`. */
    readonly held: boolean; readonly heldUntilMs: number | null; readonly verdict: boolean;
    readonly vantagePoints: Readonly<Record<string, { readonly healthy: boolean; readonly detail: string }>>;
  }[];
  /** Fail-open, velocity, holds, operator controls, routing and measured RTO. */
  readonly safety: SafetyStatus;
  /** What needs a person now: fences that are not ours, divergent generations, refused writes, empty names. */
  readonly alarms: readonly StatusAlarm[];
  /** null: running; otherwise why the control plane halted (DNS keeps answering what is live). */
  readonly controlPlaneHalted: string | null;
  readonly events: readonly DecisionEvent[];
}

export interface StatusAlarm {
  readonly provider: string;
  readonly endpoint: string;
  readonly kind: 'foreign-fence' | 'divergent' | 'refused' | 'newer' | 'empty';
  readonly detail: string;
  /** Who raised it: an Enactor id, or 'status' for what this report read itself. */
  readonly by: string;
}

export interface StatusSources {
  readonly config: DnsplaneConfig;
  readonly live: LiveStateCache;
  readonly enactors: readonly Enactor[];
  readonly health: HealthMonitor;
  readonly planner: Planner;
  readonly store: PlanStore;
  readonly events: EventHub;
  readonly lastPlannerResult: () => PlannerTickResult | null;
  readonly safety: Omit<SafetyStatusSources, 'config' | 'health' | 'planner'>;
  readonly halted: () => string | null;
}

/** What a report carries: every name (the default), or only the per-provider counts (cheap at 100,000 names). */
export interface StatusOptions {
  readonly endpoints: 'all' | 'none';
}

export async function buildStatus(sources: StatusSources, options: StatusOptions = { endpoints: 'all' }): Promise<StatusReport> {
  const latest = await latestWithin(sources.store, STATUS_STORE_WAIT_MS);
  const live = sources.live.snapshot();
  const names = managedNames(sources.config.fleet);
  const { endpoints, empty } = liveReport(names, live, options.endpoints);
  const enactors = sources.enactors.map((e) => e.status());
  const newest = latest.ok ? latest.value?.generation ?? null : null;
  return {
    zone: sources.config.zone,
    region: sources.config.region,
    store: latest.ok
      ? { latestGeneration: latest.value?.generation ?? null, latestCreatedAtMs: latest.value?.createdAtMs ?? null }
      : { latestGeneration: null, latestCreatedAtMs: null, error: latest.message },
    planner: {
      lastTick: sources.lastPlannerResult(),
      guardDecisions: sources.planner.currentDecisions().map((d) => ({ endpoint: d.endpoint, guard: d.guard, reason: d.family === null ? d.reason : `${d.family}: ${d.reason}` })),
    },
    endpoints,
    sync: newest === null ? [] : syncProgressOf(live, names.length, newest),
    providers: live.map(({ endpoints: _endpoints, ...state }) => state),
    enactors,
    alarms: alarmsOf(enactors, empty),
    controlPlaneHalted: sources.halted(),
    loadBalancers: loadBalancerStatuses(sources),
    safety: buildSafetyStatus({ ...sources.safety, config: sources.config, health: sources.health, planner: sources.planner }),
    events: sources.events.latest(STATUS_EVENTS_MAX),
  };
}

/** The managed names in config order, once per fleet: the live report's caches know them by identity. */
const namesOfFleet = new WeakMap<DnsplaneConfig['fleet'], readonly string[]>();

function managedNames(fleet: DnsplaneConfig['fleet']): readonly string[] {
  const known = namesOfFleet.get(fleet);
  if (known !== undefined) return known;
  const names = fleet.endpoints.map((e) => e.name as string);
  namesOfFleet.set(fleet, names);
  return names;
}

function latestWithin(store: PlanStore, waitMs: number): Promise<Result<Plan | null>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Result<Plan | null>>((resolve) => {
    timer = setTimeout(() => resolve(failure('timeout', `the plan store did not answer within ${waitMs} ms`, true)), waitMs);
  });
  return Promise.race([store.latest(), timeout]).finally(() => clearTimeout(timer));
}

/** What the live-state cache says per managed name (unless left out), and the names answering with no address. */
export function liveReport(names: readonly string[], live: readonly ProviderLiveState[], detail: StatusOptions['endpoints']): { endpoints: EndpointStatus[]; empty: StatusAlarm[] } {
  const reads = live.map((state) => new ReadByName(state.endpoints));
  return { endpoints: detail === 'all' ? endpointStatuses(names, live, reads) : [], empty: emptyNameAlarms(names, live, reads) };
}

/** From the live-state cache: a provider that is down shows its last good read, marked stale, with since when. */
function endpointStatuses(names: readonly string[], live: readonly ProviderLiveState[], reads: readonly ReadByName[]): EndpointStatus[] {
  const byName = new Map<string, Record<string, EndpointStatus['providers'][string]>>(names.map((n) => [n, {}]));
  for (const [index, state] of live.entries()) {
    const down = state.reachable ? undefined : downText(state);
    const read = reads[index]!;
    for (const [position, name] of names.entries()) {
      const endpoint = read.get(name, position);
      const problem = endpoint?.fenceMalformed === undefined ? down : `malformed fence: ${endpoint.fenceMalformed}`;
      byName.get(name)![state.provider] = {
        generation: endpoint?.fence?.generation ?? 0,
        by: endpoint?.fence?.by ?? '',
        addresses: endpoint?.addresses.map((a) => a.address) ?? [],
        ...(problem === undefined ? {} : { error: problem }),
        ...(down !== undefined && endpoint !== undefined ? { stale: true } : {}),
      };
    }
  }
  return names.map((name) => ({ name, providers: byName.get(name)! }));
}

/**
 * One provider's read, looked up by name. The live-state cache asks for the managed names in
 * the config's order and providers answer in the order asked, so the endpoint at a name's
 * position is almost always it: a map by name is built only when one is not (a report of
 * 100,000 names built one on every poll).
 */
class ReadByName {
  private byName: Map<string, LiveEndpoint> | null = null;

  constructor(private readonly endpoints: readonly LiveEndpoint[]) {}

  get(name: string, position: number): LiveEndpoint | undefined {
    const atPosition = this.endpoints[position];
    if (atPosition?.name === name) return atPosition;
    this.byName ??= new Map(this.endpoints.map((e) => [e.name as string, e]));
    return this.byName.get(name);
  }
}

function downText(state: ProviderLiveState): string {
  const since = state.downSinceMs === null ? 'not read yet' : `unreachable since ${new Date(state.downSinceMs).toISOString()}`;
  const last = state.lastOkAtMs === null ? '' : `; showing the read of ${new Date(state.lastOkAtMs).toISOString()}`;
  return `provider ${state.provider} ${since}: ${state.lastError}${last}`;
}

/**
 * The Enactors' alarms (one per provider and name), plus the names this report found answering
 * with no address. The empty-name alarms are one per provider and name already, and their keys
 * never meet the Enactors': they are appended, not merged (during a first sync of 100,000 names
 * nearly every name is one, on every poll).
 */
function alarmsOf(enactors: readonly EnactorStatus[], empty: readonly StatusAlarm[]): StatusAlarm[] {
  const alarms = new Map<string, StatusAlarm>();
  for (const enactor of enactors) {
    for (const alarm of enactor.alarms) alarms.set(`${alarm.provider}|${alarm.endpoint}`, { ...alarm, by: enactor.id });
  }
  return [...alarms.values(), ...empty];
}

/** Each provider state's empty-name alarms, with the names they were found among: a state is replaced, never changed, by a new read. */
const emptyOfState = new WeakMap<ProviderLiveState, { readonly names: readonly string[]; readonly alarms: readonly StatusAlarm[] }>();

/** Names a reachable provider answers with no address (a malformed fence is its own problem; a provider that is down shows a stale read). */
function emptyNameAlarms(names: readonly string[], live: readonly ProviderLiveState[], reads: readonly ReadByName[]): StatusAlarm[] {
  const alarms: StatusAlarm[] = [];
  for (const [index, state] of live.entries()) {
    if (!state.reachable) continue;
    const known = emptyOfState.get(state);
    if (known !== undefined && known.names === names) {
      alarms.push(...known.alarms);
      continue;
    }
    const found: StatusAlarm[] = [];
    for (const [position, name] of names.entries()) {
      const endpoint = reads[index]!.get(name, position);
      if (endpoint?.fenceMalformed !== undefined || (endpoint?.addresses.length ?? 0) > 0) continue;
      found.push({ provider: state.provider, endpoint: name, kind: 'empty', detail: 'answers with no address', by: 'status' });
    }
    emptyOfState.set(state, { names, alarms: found });
    alarms.push(...found);
  }
  return alarms;
}

function loadBalancerStatuses(sources: StatusSources): StatusReport['loadBalancers'] {
  const details = sources.health.details();
  return sources.config.fleet.loadBalancers.map((lb) => {
    const state = details.get(lb.id);
    return {
      id: lb.id,
      healthy: state?.healthy ?? true,
      checked: state !== undefined,
      detail: state?.lastDetail ?? '',
      changedAtMs: state ? state.changedAtMs : null,
      held: state?.held ?? false,
      heldUntilMs: state?.heldUntilMs ?? null,
      verdict: state?.verdict ?? true,
      vantagePoints: state?.vantagePoints ?? {},
    };
  });
}

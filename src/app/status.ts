/**
 * The status report: what `dnsplane status` prints and GET /status returns. It is assembled
 * from live sources — the providers' fences and records, the Enactors' counters, health — so it
 * tells the truth even when the Planner or the store is down.
 */
import type { Enactor, EnactorStatus } from '../core/enactor/enactor.js';
import type { HealthMonitor } from '../core/health/health-monitor.js';
import type { Planner, PlannerTickResult } from '../core/planner/planner.js';
import type { DecisionEvent } from '../core/ports/events.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { PlanStore } from '../core/ports/plan-store.js';
import type { DnsplaneConfig } from './config/index.js';
import type { EventHub } from './events.js';
import { buildSafetyStatus, type SafetyStatus, type SafetyStatusSources } from './safety-status.js';

export const STATUS_EVENTS_MAX = 50;

export interface EndpointStatus {
  readonly name: string;
  /** Per provider id: the live fence and the addresses. */
  readonly providers: Readonly<Record<string, { readonly generation: number; readonly by: string; readonly addresses: readonly string[]; readonly error?: string }>>;
}

export interface StatusReport {
  readonly zone: string;
  readonly region: string;
  readonly store: { readonly latestGeneration: number | null; readonly latestCreatedAtMs: number | null; readonly error?: string };
  readonly planner: { readonly lastTick: PlannerTickResult | null; readonly guardDecisions: readonly { endpoint: string; guard: string; reason: string }[] };
  readonly endpoints: readonly EndpointStatus[];
  readonly enactors: readonly EnactorStatus[];
  readonly loadBalancers: readonly {
    readonly id: string; readonly healthy: boolean; readonly checked: boolean; readonly detail: string; readonly changedAtMs: number | null;
    /** Flap damping: held in its published state (`healthy`) while the checks' verdict is `verdict`. */
    readonly held: boolean; readonly heldUntilMs: number | null; readonly verdict: boolean;
    readonly vantagePoints: Readonly<Record<string, { readonly healthy: boolean; readonly detail: string }>>;
  }[];
  /** Fail-open, velocity, holds, operator controls, routing and measured RTO (issue 5). */
  readonly safety: SafetyStatus;
  readonly events: readonly DecisionEvent[];
}

export interface StatusSources {
  readonly config: DnsplaneConfig;
  readonly providers: readonly DnsProvider[];
  readonly enactors: readonly Enactor[];
  readonly health: HealthMonitor;
  readonly planner: Planner;
  readonly store: PlanStore;
  readonly events: EventHub;
  readonly lastPlannerResult: () => PlannerTickResult | null;
  readonly safety: Omit<SafetyStatusSources, 'config' | 'health' | 'planner'>;
}

export async function buildStatus(sources: StatusSources): Promise<StatusReport> {
  const latest = await sources.store.latest();
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
    endpoints: await endpointStatuses(sources),
    enactors: sources.enactors.map((e) => e.status()),
    loadBalancers: loadBalancerStatuses(sources),
    safety: buildSafetyStatus({ ...sources.safety, config: sources.config, health: sources.health, planner: sources.planner }),
    events: sources.events.latest(STATUS_EVENTS_MAX),
  };
}

async function endpointStatuses(sources: StatusSources): Promise<EndpointStatus[]> {
  const names = sources.config.fleet.endpoints.map((e) => e.name);
  const byName = new Map<string, Record<string, EndpointStatus['providers'][string]>>(names.map((n) => [n, {}]));
  for (const provider of sources.providers) {
    const live = await provider.readEndpoints(names);
    if (!live.ok) {
      for (const name of names) byName.get(name)![provider.id] = { generation: 0, by: '', addresses: [], error: live.message };
      continue;
    }
    for (const endpoint of live.value) {
      byName.get(endpoint.name)![provider.id] = {
        generation: endpoint.fence?.generation ?? 0,
        by: endpoint.fence?.by ?? '',
        addresses: endpoint.addresses.map((a) => a.address),
        ...(endpoint.fenceMalformed === undefined ? {} : { error: `malformed fence: ${endpoint.fenceMalformed}` }),
      };
    }
  }
  return names.map((name) => ({ name, providers: byName.get(name)! }));
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

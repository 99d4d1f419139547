/**
 * What the dashboard shows, in one answer (GET /dashboard/state), assembled from the running
 * process. Every part is read from caches the process already keeps — live answers from the
 * live-state cache behind /status, the timeline from the audit log or, failing that, from the
 * decisions in memory — and each part that cannot be read is replaced by its last good value with
 * its age, so the page keeps working while the Planner, the store or a provider is down.
 */
import type { Runtime } from '../../app/runtime.js';
import type { StatusReport } from '../../app/status.js';
import type { DecisionEvent } from '../../core/ports/events.js';
import { alarmsOf, type DashboardAlarm } from './alarms.js';

/** Decisions on the timeline: enough for the last few generations of a busy fleet. */
export const TIMELINE_EVENTS_MAX = 300;
/** The page waits this long for a status report, then shows the last one (marked with its age). */
export const STATUS_WAIT_MS = 1500;

export interface ZoneHealth {
  readonly zone: string;
  readonly loadBalancers: readonly {
    readonly id: string; readonly addresses: readonly string[]; readonly healthy: boolean; readonly held: boolean;
    readonly checked: boolean; readonly detail: string;
    readonly vantagePoints: Readonly<Record<string, { readonly healthy: boolean; readonly detail: string }>>;
  }[];
}

export interface DashboardState {
  readonly atMs: number;
  /** The newest status report, and when it was read; its age is atMs − statusAtMs. */
  readonly status: StatusReport | null;
  readonly statusAtMs: number | null;
  /** Why the report is not current (null: it is). */
  readonly statusError: string | null;
  readonly zones: readonly ZoneHealth[];
  readonly timeline: { readonly events: readonly (DecisionEvent & { readonly id?: number })[]; readonly source: 'audit-log' | 'memory'; readonly error: string | null };
  readonly alarms: readonly DashboardAlarm[];
  readonly demo: readonly { readonly id: string; readonly running: boolean }[] | null;
}

export class DashboardStateSource {
  private lastStatus: { report: StatusReport; atMs: number } | null = null;

  constructor(private readonly runtime: () => Runtime, private readonly nowMs: () => number = Date.now) {}

  async read(): Promise<DashboardState> {
    const runtime = this.runtime();
    const [status, timeline] = await Promise.all([this.readStatus(runtime), readTimeline(runtime)]);
    const report = this.lastStatus?.report ?? null;
    return {
      atMs: this.nowMs(),
      status: report,
      statusAtMs: this.lastStatus?.atMs ?? null,
      statusError: status,
      zones: report === null ? [] : zonesOf(runtime, report),
      timeline,
      alarms: alarmsOf(report, status),
      demo: runtime.demo?.list().map((lb) => ({ id: lb.id, running: lb.running })) ?? null,
    };
  }

  /** Refreshes the cached report; returns why it could not (null: fresh). */
  private async readStatus(runtime: Runtime): Promise<string | null> {
    const read = await withinMs(runtime.status(), STATUS_WAIT_MS);
    if (read.ok) {
      this.lastStatus = { report: read.value, atMs: this.nowMs() };
      return null;
    }
    return read.error;
  }
}

async function readTimeline(runtime: Runtime): Promise<DashboardState['timeline']> {
  const durable = await withinMs(runtime.history({ limit: TIMELINE_EVENTS_MAX, order: 'newest-first' }), STATUS_WAIT_MS);
  if (durable.ok && durable.value.ok) return { events: [...durable.value.value].reverse(), source: 'audit-log', error: null };
  const error = durable.ok ? (durable.value.ok ? null : durable.value.message) : durable.error;
  // The decisions kept in memory: the same events, fewer of them, readable while the disk is not.
  return { events: runtime.events.latest(TIMELINE_EVENTS_MAX), source: 'memory', error };
}

/** Load balancers grouped by availability zone, in config order, with their health. */
function zonesOf(runtime: Runtime, report: StatusReport): ZoneHealth[] {
  const health = new Map(report.loadBalancers.map((lb) => [lb.id, lb]));
  const zones = new Map<string, ZoneHealth['loadBalancers'][number][]>();
  for (const spec of runtime.config.fleet.loadBalancers) {
    const lb = health.get(spec.id);
    const entry = {
      id: spec.id, addresses: [spec.ipv4, spec.ipv6].filter((a): a is string => a !== undefined),
      healthy: lb?.healthy ?? false, held: lb?.held ?? false, checked: lb?.checked ?? false, detail: lb?.detail ?? 'not checked yet',
      vantagePoints: lb?.vantagePoints ?? {},
    };
    zones.set(spec.az, [...(zones.get(spec.az) ?? []), entry]);
  }
  return [...zones].map(([zone, loadBalancers]) => ({ zone, loadBalancers }));
}

type Timed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

async function withinMs<T>(work: Promise<T>, waitMs: number): Promise<Timed<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${waitMs} ms` }), waitMs);
  });
  const answer = work.then((value): Timed<T> => ({ ok: true, value }), (error: unknown): Timed<T> => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

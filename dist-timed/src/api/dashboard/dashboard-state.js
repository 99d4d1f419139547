import { alarmsOf } from './alarms.js';
/** Decisions on the timeline: enough for the last few generations of a busy fleet. */
export const TIMELINE_EVENTS_MAX = 300;
/** The page waits this long for a status report, then shows the last one (marked with its age). */
export const STATUS_WAIT_MS = 1500;
export class DashboardStateSource {
    runtime;
    nowMs;
    lastStatus = null;
    constructor(runtime, nowMs = Date.now) {
        this.runtime = runtime;
        this.nowMs = nowMs;
    }
    async read() {
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
    async readStatus(runtime) {
        const read = await withinMs(runtime.status(), STATUS_WAIT_MS);
        if (read.ok) {
            this.lastStatus = { report: read.value, atMs: this.nowMs() };
            return null;
        }
        return read.error;
    }
}
async function readTimeline(runtime) {
    const durable = await withinMs(runtime.history({ limit: TIMELINE_EVENTS_MAX, order: 'newest-first' }), STATUS_WAIT_MS);
    if (durable.ok && durable.value.ok)
        return { events: [...durable.value.value].reverse(), source: 'audit-log', error: null };
    const error = durable.ok ? (durable.value.ok ? null : durable.value.message) : durable.error;
    // The decisions kept in memory: the same events, fewer of them, readable while the disk is not.
    return { events: runtime.events.latest(TIMELINE_EVENTS_MAX), source: 'memory', error };
}
/** Load balancers grouped by availability zone, in config order, with their health. */
function zonesOf(runtime, report) {
    const health = new Map(report.loadBalancers.map((lb) => [lb.id, lb]));
    const zones = new Map();
    for (const spec of runtime.config.fleet.loadBalancers) {
        const lb = health.get(spec.id);
        const entry = {
            id: spec.id, addresses: [spec.ipv4, spec.ipv6].filter((a) => a !== undefined),
            healthy: lb?.healthy ?? false, held: lb?.held ?? false, checked: lb?.checked ?? false, detail: lb?.detail ?? 'not checked yet',
            vantagePoints: lb?.vantagePoints ?? {},
        };
        zones.set(spec.az, [...(zones.get(spec.az) ?? []), entry]);
    }
    return [...zones].map(([zone, loadBalancers]) => ({ zone, loadBalancers }));
}
async function withinMs(work, waitMs) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${waitMs} ms` }), waitMs);
    });
    const answer = work.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    try {
        return await Promise.race([answer, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
//# sourceMappingURL=dashboard-state.js.map
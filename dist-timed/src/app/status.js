import { failure } from '../core/ports/result.js';
import { buildSafetyStatus } from './safety-status.js';
export const STATUS_EVENTS_MAX = 50;
/** The store is local (SQLite) or a quorum away (etcd): status waits this long for it, then says so. */
export const STATUS_STORE_WAIT_MS = 500;
export async function buildStatus(sources) {
    const latest = await latestWithin(sources.store, STATUS_STORE_WAIT_MS);
    const live = sources.live.snapshot();
    const endpoints = endpointStatuses(sources.config, live);
    const enactors = sources.enactors.map((e) => e.status());
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
        providers: live.map(({ endpoints: _endpoints, ...state }) => state),
        enactors,
        alarms: alarmsOf(endpoints, enactors),
        controlPlaneHalted: sources.halted(),
        loadBalancers: loadBalancerStatuses(sources),
        safety: buildSafetyStatus({ ...sources.safety, config: sources.config, health: sources.health, planner: sources.planner }),
        events: sources.events.latest(STATUS_EVENTS_MAX),
    };
}
function latestWithin(store, waitMs) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(failure('timeout', `the plan store did not answer within ${waitMs} ms`, true)), waitMs);
    });
    return Promise.race([store.latest(), timeout]).finally(() => clearTimeout(timer));
}
/** From the live-state cache: a provider that is down shows its last good read, marked stale, with since when. */
function endpointStatuses(config, live) {
    const names = config.fleet.endpoints.map((e) => e.name);
    const byName = new Map(names.map((n) => [n, {}]));
    for (const state of live) {
        const down = state.reachable ? undefined : downText(state);
        const read = new Map(state.endpoints.map((e) => [e.name, e]));
        for (const name of names) {
            const endpoint = read.get(name);
            const problem = endpoint?.fenceMalformed === undefined ? down : `malformed fence: ${endpoint.fenceMalformed}`;
            byName.get(name)[state.provider] = {
                generation: endpoint?.fence?.generation ?? 0,
                by: endpoint?.fence?.by ?? '',
                addresses: endpoint?.addresses.map((a) => a.address) ?? [],
                ...(problem === undefined ? {} : { error: problem }),
                ...(down !== undefined && endpoint !== undefined ? { stale: true } : {}),
            };
        }
    }
    return names.map((name) => ({ name, providers: byName.get(name) }));
}
function downText(state) {
    const since = state.downSinceMs === null ? 'not read yet' : `unreachable since ${new Date(state.downSinceMs).toISOString()}`;
    const last = state.lastOkAtMs === null ? '' : `; showing the read of ${new Date(state.lastOkAtMs).toISOString()}`;
    return `provider ${state.provider} ${since}: ${state.lastError}${last}`;
}
/** The Enactors' alarms (one per provider and name), plus any name this report found answering with no address. */
function alarmsOf(endpoints, enactors) {
    const alarms = new Map();
    for (const enactor of enactors) {
        for (const alarm of enactor.alarms)
            alarms.set(`${alarm.provider}|${alarm.endpoint}`, { ...alarm, by: enactor.id });
    }
    for (const endpoint of endpoints) {
        for (const [provider, live] of Object.entries(endpoint.providers)) {
            if (live.error === undefined && live.stale !== true && live.addresses.length === 0) {
                alarms.set(`${provider}|${endpoint.name}|empty`, { provider, endpoint: endpoint.name, kind: 'empty', detail: 'answers with no address', by: 'status' });
            }
        }
    }
    return [...alarms.values()];
}
function loadBalancerStatuses(sources) {
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
//# sourceMappingURL=status.js.map
/**
 * Prometheus metrics of a running dnsplane (GET /metrics; every metric is documented in
 * docs/operations.md with example alert rules). Three sources, so nothing is counted twice:
 *
 *   decision events ──► counters (decisions by kind, guard decisions, conflicts, errors, deferrals)
 *   provider calls  ──► histograms (apply and read latency per provider; a decorator on each provider)
 *   a scrape        ──► gauges read from the state in force (live generations from the live-state
 *                       cache, plan age, health, controls, alarms) — no provider is queried by a scrape
 *
 * Per-endpoint series stop at METRICS_ENDPOINT_SERIES_MAX endpoints (a fleet of 200,000 names would
 * swamp a Prometheus); the per-provider aggregates (endpoints behind, largest lag) cover them all.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ALL_ENDPOINTS } from '../core/safety/operator-controls.js';
export const METRICS_ENDPOINT_SERIES_MAX = 1000;
const PLAN_READ_WAIT_MS = 500;
const LATENCY_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export class RuntimeMetrics {
    registry = new Registry();
    sources = null;
    /** What a scrape computes before rendering (prom-client collects metrics concurrently: no ordering between collect callbacks). */
    fills = [];
    decisionsTotal;
    guardDecisionsTotal;
    conflictsTotal;
    errorsTotal;
    velocityDeferralsTotal;
    failOpenTotal;
    applySeconds;
    readSeconds;
    constructor(dns) {
        const registers = [this.registry];
        collectDefaultMetrics({ register: this.registry });
        this.decisionsTotal = new Counter({ name: 'dnsplane_decisions_total', help: 'Decision events recorded, by kind (the audit log counted)', labelNames: ['kind'], registers });
        this.guardDecisionsTotal = new Counter({ name: 'dnsplane_guard_decisions_total', help: 'Guard decisions recorded (a guard changed or held a plan), by guard', labelNames: ['guard'], registers });
        this.conflictsTotal = new Counter({ name: 'dnsplane_enact_conflicts_total', help: 'Fenced writes that lost the compare-and-swap to another writer', labelNames: ['enactor', 'provider'], registers });
        this.errorsTotal = new Counter({ name: 'dnsplane_enact_errors_total', help: 'Enactor writes or reads that failed', labelNames: ['enactor', 'provider'], registers });
        this.velocityDeferralsTotal = new Counter({ name: 'dnsplane_velocity_deferrals_total', help: 'Removals deferred by velocity control', registers });
        this.failOpenTotal = new Counter({ name: 'dnsplane_fail_open_total', help: 'Fail-open decisions (too much looked unhealthy at once: health was ignored)', registers });
        this.applySeconds = new Histogram({ name: 'dnsplane_provider_apply_seconds', help: 'Latency of one fenced write transaction, by provider and outcome', labelNames: ['provider', 'outcome'], buckets: LATENCY_BUCKETS_S, registers });
        this.readSeconds = new Histogram({ name: 'dnsplane_provider_read_seconds', help: 'Latency of one read of the managed names, by provider and outcome', labelNames: ['provider', 'outcome'], buckets: LATENCY_BUCKETS_S, registers });
        this.scrapeGauges(dns);
    }
    /** The control plane a scrape reads; set once it is built. */
    attach(sources) {
        this.sources = sources;
    }
    record(event) {
        this.decisionsTotal.inc({ kind: event.kind });
        if (event.kind.startsWith('guard.'))
            this.guardDecisionsTotal.inc({ guard: event.kind.slice('guard.'.length) });
        if (event.kind === 'guard.velocity')
            this.velocityDeferralsTotal.inc();
        if (event.kind === 'guard.fail-open')
            this.failOpenTotal.inc();
        if (event.kind === 'enact.conflict')
            this.conflictsTotal.inc({ enactor: event.actor, provider: event.provider ?? '' });
        if (event.kind === 'enact.error')
            this.errorsTotal.inc({ enactor: event.actor, provider: event.provider ?? '' });
    }
    /** The provider, with its calls timed. Behaviour is unchanged: same results, same errors. */
    timed(provider) {
        const apply = this.applySeconds;
        const read = this.readSeconds;
        return {
            id: provider.id,
            writesPerTransactionMax: provider.writesPerTransactionMax,
            materialise: (records) => provider.materialise(records),
            readEndpoints: async (names) => {
                const stop = read.startTimer({ provider: provider.id });
                const result = await provider.readEndpoints(names);
                stop({ outcome: result.ok ? 'ok' : result.code });
                return result;
            },
            applyFenced: async (writes) => {
                const stop = apply.startTimer({ provider: provider.id });
                const result = await provider.applyFenced(writes);
                stop({ outcome: result.ok ? 'ok' : result.code });
                return result;
            },
        };
    }
    /** Fills every gauge from the sources in force, then renders: one consistent read per scrape. */
    async text() {
        for (const fill of this.fills)
            await fill();
        return this.registry.metrics();
    }
    get contentType() {
        return this.registry.contentType;
    }
    scrapeGauges(dns) {
        const registers = [this.registry];
        const current = () => this.sources?.() ?? null;
        const newest = new Gauge({ name: 'dnsplane_plan_newest_generation', help: 'Newest stored plan generation (0: none)', registers });
        const liveGeneration = new Gauge({ name: 'dnsplane_live_generation', help: 'Generation live on an endpoint, per provider (fence record; 0: none)', labelNames: ['endpoint', 'provider'], registers });
        const lag = new Gauge({ name: 'dnsplane_live_generation_lag', help: 'Generations the live one is behind the newest stored plan, per endpoint and provider', labelNames: ['endpoint', 'provider'], registers });
        const behind = new Gauge({ name: 'dnsplane_endpoints_behind', help: 'Endpoints whose live generation is older than the newest plan, per provider (all endpoints)', labelNames: ['provider'], registers });
        const lagMax = new Gauge({ name: 'dnsplane_live_generation_lag_max', help: 'Largest lag behind the newest plan over all endpoints, per provider', labelNames: ['provider'], registers });
        const planAge = new Gauge({ name: 'dnsplane_plan_age_seconds', help: 'Seconds since the newest stored plan was created', registers });
        const storeUp = new Gauge({ name: 'dnsplane_store_up', help: '1 when the plan store answered this scrape', registers });
        const providerUp = new Gauge({ name: 'dnsplane_provider_up', help: '1 when the last read of the provider succeeded', labelNames: ['provider'], registers });
        const providerDown = new Gauge({ name: 'dnsplane_provider_down_seconds', help: 'Seconds the provider has been unreachable (0: reachable)', labelNames: ['provider'], registers });
        // The collect of one gauge fills the whole family above it, from one read of the sources.
        this.fills.push(async () => {
            for (const gauge of [liveGeneration, lag, behind, lagMax, newest, planAge, storeUp, providerUp, providerDown])
                gauge.reset();
            const sources = current();
            if (sources === null)
                return;
            const latest = await withinMs(sources.latestPlan(), PLAN_READ_WAIT_MS);
            storeUp.set(latest?.ok === true ? 1 : 0);
            const plan = latest?.ok === true ? latest.value : null;
            newest.set(plan?.generation ?? 0);
            if (plan !== null)
                planAge.set(Math.max(0, (sources.nowMs() - plan.createdAtMs) / 1000));
            const listed = new Set(sources.endpointNames.slice(0, METRICS_ENDPOINT_SERIES_MAX));
            for (const state of sources.live()) {
                providerUp.set({ provider: state.provider }, state.reachable ? 1 : 0);
                providerDown.set({ provider: state.provider }, state.downSinceMs === null ? 0 : Math.max(0, (sources.nowMs() - state.downSinceMs) / 1000));
                let behindCount = 0;
                let worst = 0;
                for (const endpoint of state.endpoints) {
                    const generation = endpoint.fence?.generation ?? 0;
                    const behindBy = plan === null ? 0 : Math.max(0, plan.generation - generation);
                    if (behindBy > 0)
                        behindCount++;
                    worst = Math.max(worst, behindBy);
                    if (!listed.has(endpoint.name))
                        continue;
                    liveGeneration.set({ endpoint: endpoint.name, provider: state.provider }, generation);
                    lag.set({ endpoint: endpoint.name, provider: state.provider }, behindBy);
                }
                behind.set({ provider: state.provider }, behindCount);
                lagMax.set({ provider: state.provider }, worst);
            }
        });
        this.healthGauges(current);
        this.controlGauges(current);
        new Counter({
            name: 'dnsplane_dns_handler_errors_total', help: 'DNS requests answered SERVFAIL because a handler threw (all answering processes)', registers,
            collect() { this.reset(); this.inc(dns.stats().handlerErrors); },
        });
        this.dnsServerCounters(dns);
    }
    /** The embedded server's own counts (every worker included), read at scrape time. */
    dnsServerCounters(dns) {
        const registers = [this.registry];
        new Counter({
            name: 'dnsplane_dns_queries_total', help: 'Replies to DNS queries by rcode, UDP and TCP, before rate limiting (all answering processes)', labelNames: ['rcode'], registers,
            collect() {
                this.reset();
                for (const [rcode, count] of Object.entries(dns.stats().queriesByRcode))
                    this.inc({ rcode }, count);
            },
        });
        new Counter({
            name: 'dnsplane_dns_rate_limited_total', help: 'UDP replies withheld by response rate limiting: dropped, or slipped (sent truncated)', labelNames: ['action'], registers,
            collect() {
                this.reset();
                const limited = dns.stats().rateLimited;
                this.inc({ action: 'dropped' }, limited.dropped);
                this.inc({ action: 'slipped' }, limited.slipped);
            },
        });
        new Counter({
            name: 'dnsplane_dns_updates_refused_total', help: 'Signed DNS UPDATEs refused by the per-key update policy or the per-message bound', registers,
            collect() { this.reset(); this.inc(dns.stats().updatesRefused); },
        });
    }
    healthGauges(current) {
        const registers = [this.registry];
        const healthy = new Gauge({ name: 'dnsplane_load_balancer_healthy', help: 'Published health of a load balancer (1 healthy, 0 unhealthy), after thresholds, quorum and damping', labelNames: ['load_balancer'], registers });
        const held = new Gauge({ name: 'dnsplane_load_balancer_held', help: '1 while flap damping holds a load balancer in its published state', labelNames: ['load_balancer'], registers });
        const byState = new Gauge({ name: 'dnsplane_load_balancers', help: 'Load balancers by published health state', labelNames: ['state'], registers });
        this.fills.push(async () => {
            for (const gauge of [healthy, held, byState])
                gauge.reset();
            const sources = current();
            if (sources === null)
                return;
            const counts = { healthy: 0, unhealthy: 0, held: 0 };
            for (const [id, detail] of sources.health().details()) {
                healthy.set({ load_balancer: id }, detail.healthy ? 1 : 0);
                held.set({ load_balancer: id }, detail.held ? 1 : 0);
                counts[detail.healthy ? 'healthy' : 'unhealthy']++;
                if (detail.held)
                    counts.held++;
            }
            for (const [state, count] of Object.entries(counts))
                byState.set({ state }, count);
        });
    }
    controlGauges(current) {
        const registers = [this.registry];
        const holding = new Gauge({ name: 'dnsplane_guards_holding', help: 'Guard decisions in force in the last plan computation, by guard', labelNames: ['guard'], registers });
        const failOpen = new Gauge({ name: 'dnsplane_fail_open_active', help: 'Endpoints (per address family) planned fail-open now: health is being ignored', registers });
        const frozen = new Gauge({ name: 'dnsplane_frozen_endpoints', help: 'Endpoints frozen in place now (a freeze of * counts every endpoint)', registers });
        const controls = new Gauge({ name: 'dnsplane_operator_controls', help: 'Operator controls in force, by kind', labelNames: ['kind'], registers });
        const alarms = new Gauge({ name: 'dnsplane_alarms', help: 'Alarms raised by the Enactors (foreign or malformed fence, divergent, refused, newer), by kind', labelNames: ['kind'], registers });
        const halted = new Gauge({ name: 'dnsplane_control_plane_halted', help: '1 when a broken invariant halted the control plane (DNS keeps answering what is live)', registers });
        this.fills.push(async () => {
            for (const gauge of [holding, failOpen, frozen, controls, alarms, halted])
                gauge.reset();
            const sources = current();
            if (sources === null)
                return;
            const guards = new Map();
            for (const decision of sources.decisions())
                guards.set(decision.guard, (guards.get(decision.guard) ?? 0) + 1);
            for (const [guard, count] of guards)
                holding.set({ guard }, count);
            failOpen.set(guards.get('fail-open') ?? 0);
            const nowMs = sources.nowMs();
            const inForce = sources.controls().filter((c) => c.expiresAtMs === null || c.expiresAtMs > nowMs);
            const freezes = inForce.filter((c) => c.kind === 'freeze');
            frozen.set(freezes.some((c) => c.target === ALL_ENDPOINTS) ? sources.endpointNames.length : new Set(freezes.map((c) => c.target)).size);
            for (const kind of ['velocity-override', 'failback', 'freeze', 'adopt'])
                controls.set({ kind }, inForce.filter((c) => c.kind === kind).length);
            const byKind = new Map();
            for (const enactor of sources.enactors())
                for (const alarm of enactor.alarms)
                    byKind.set(alarm.kind, (byKind.get(alarm.kind) ?? 0) + 1);
            for (const kind of ['foreign-fence', 'divergent', 'refused', 'newer'])
                alarms.set({ kind }, byKind.get(kind) ?? 0);
            halted.set(sources.halted() ? 1 : 0);
        });
    }
}
async function withinMs(promise, waitMs) {
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), waitMs); });
    try {
        return await Promise.race([promise, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
//# sourceMappingURL=metrics.js.map
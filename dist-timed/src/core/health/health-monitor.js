/**
 * Probes every checked load balancer when its interval is due, from every vantage point, and
 * turns the results into the health the Planner sees:
 *
 *   probe results ─► per vantage point: thresholds (health-state.ts)
 *                 ─► quorum of vantage points (vantage-quorum.ts)     = the verdict
 *                 ─► flap damping / hold-down (flap-damping.ts)        = the published state
 *
 * The caller (app/ loop or simulator) calls `runDue()` often; the monitor decides what is due from
 * the injected clock (and jitter from the injected Random), so it runs unchanged under virtual time.
 * Every time it keeps (due times, streaks, hold-downs) is monotonic: a wall-clock step changes nothing.
 */
import { assert } from '../model/assert.js';
import { DEFAULT_FLAP_SETTINGS, applyVerdict, heldUntilMs, initialDamped } from './flap-damping.js';
import { applyProbe, initialHealth } from './health-state.js';
import { majorityQuorum, quorumVerdict } from './vantage-quorum.js';
export const DEFAULT_VANTAGE_ZONE = 'local';
export class HealthMonitor {
    checked;
    clock;
    events;
    settings;
    random;
    states = new Map();
    vantagePoints;
    quorum;
    flap;
    /** `probers`: one Prober (a single vantage point) or one per vantage point. */
    constructor(checked, probers, clock, events, settings, random) {
        this.checked = checked;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
        this.random = random;
        this.vantagePoints = isVantageList(probers) ? probers : [{ zone: DEFAULT_VANTAGE_ZONE, prober: probers }];
        assert(this.vantagePoints.length >= 1, 'at least one vantage point');
        assert(new Set(this.vantagePoints.map((v) => v.zone)).size === this.vantagePoints.length, 'vantage point zones must be unique');
        this.quorum = settings.quorum ?? majorityQuorum(this.vantagePoints.length);
        assert(this.quorum >= 1 && this.quorum <= this.vantagePoints.length, `quorum ${this.quorum} must be within 1..${this.vantagePoints.length}`);
        this.flap = {
            holdDownMs: settings.holdDownMs ?? DEFAULT_FLAP_SETTINGS.holdDownMs,
            flapTransitionsMax: settings.flapTransitionsMax ?? DEFAULT_FLAP_SETTINGS.flapTransitionsMax,
        };
        const now = clock.monotonicMs();
        for (const lb of checked) {
            const opinions = new Map(this.vantagePoints.map((v) => [v.zone, initialHealth(now)]));
            this.states.set(lb.id, { opinions, damped: initialDamped(now), nextDueAtMs: now, lastProbeAtMs: Number.NEGATIVE_INFINITY, lastSummary: '', failingSinceMs: null });
        }
    }
    /** Probes, concurrently, every load balancer whose interval has elapsed, from every vantage point. */
    async runDue() {
        const now = this.clock.monotonicMs();
        const due = this.checked.filter((lb) => now >= this.states.get(lb.id).nextDueAtMs);
        await Promise.all(due.map((lb) => this.probeRound(lb, now)));
        return due.length;
    }
    async probeRound(lb, startedAtMs) {
        const state = this.states.get(lb.id);
        // Mark the round as started so an overlapping call does not probe it twice.
        state.nextDueAtMs = startedAtMs + this.settings.intervalMs + this.jitterMs();
        state.lastProbeAtMs = startedAtMs;
        const results = await Promise.all(this.vantagePoints.map(async (v) => ({ zone: v.zone, result: await v.prober.probe(lb.target, this.settings.timeoutMs) })));
        for (const { zone, result } of results) {
            state.opinions.set(zone, applyProbe(state.opinions.get(zone), result.healthy, result.detail, startedAtMs, this.settings));
        }
        const anyFailed = results.some((r) => !r.result.healthy);
        if (!anyFailed)
            state.failingSinceMs = null;
        else
            state.failingSinceMs ??= startedAtMs;
        const verdict = quorumVerdict(state.opinions, this.quorum);
        state.lastSummary = verdict.summary;
        const now = this.clock.monotonicMs();
        const before = state.damped;
        const applied = applyVerdict(before, verdict.healthy, now, this.flap);
        state.damped = applied.state;
        this.report(lb.id, before, applied.state, applied.outcome, verdict.summary);
    }
    report(id, before, after, outcome, summary) {
        // Events carry wall time (people read them, history exports them by date); damping runs on monotonic time.
        const record = (kind, reason) => this.events.record({ atMs: this.clock.nowMs(), kind, actor: 'health', reason });
        if (outcome === 'held') {
            record('health.held', `${id} changed state ${after.transitionsAtMs.length} times within ${this.flap.holdDownMs} ms; held ${after.published ? 'healthy' : 'unhealthy'} until stable for ${this.flap.holdDownMs} ms (verdict now ${after.verdict ? 'healthy' : 'unhealthy'}: ${summary})`);
            return;
        }
        if (outcome === 'released') {
            record('health.released', `${id} stable for ${this.flap.holdDownMs} ms; released as ${after.published ? 'healthy' : 'unhealthy'}`);
        }
        if (after.published !== before.published) {
            record('health.transition', `${id} is now ${after.published ? 'healthy' : 'unhealthy'}${summary ? ` (${summary})` : ''}`);
        }
    }
    jitterMs() {
        const jitter = this.settings.jitterMs ?? 0;
        if (jitter <= 0 || this.random === undefined)
            return 0;
        return Math.floor(this.random.nextFloat() * jitter);
    }
    /** The published health: what the Planner plans with. */
    view() {
        const view = new Map();
        for (const [id, state] of this.states)
            view.set(id, state.damped.published);
        return view;
    }
    /** Since when a load balancer has been published unhealthy (undefined: healthy or unchecked). */
    unhealthySinceMs(id) {
        const state = this.states.get(id);
        if (state === undefined || state.damped.published)
            return undefined;
        return state.damped.publishedChangedAtMs;
    }
    /** Start of the current failure streak of a load balancer (null: none failing or unchecked). */
    failingSinceMs(id) {
        return this.states.get(id)?.failingSinceMs ?? null;
    }
    details() {
        const result = new Map();
        for (const [id, state] of this.states)
            result.set(id, this.detailOf(state));
        return result;
    }
    vantageZones() {
        return this.vantagePoints.map((v) => v.zone);
    }
    quorumSize() {
        return this.quorum;
    }
    detailOf(state) {
        // Counters are the first vantage point's: with a single prober, exactly the old single-prober shape.
        const first = state.opinions.get(this.vantagePoints[0].zone);
        const vantagePoints = {};
        for (const [zone, opinion] of state.opinions)
            vantagePoints[zone] = { healthy: opinion.healthy, detail: opinion.lastDetail };
        return {
            healthy: state.damped.published,
            consecutiveSuccesses: first.consecutiveSuccesses,
            consecutiveFailures: first.consecutiveFailures,
            lastDetail: state.lastSummary,
            lastProbeAtMs: state.lastProbeAtMs,
            changedAtMs: state.damped.publishedChangedAtMs,
            verdict: state.damped.verdict,
            held: state.damped.heldSinceMs !== null,
            heldUntilMs: heldUntilMs(state.damped, this.flap),
            failingSinceMs: state.failingSinceMs,
            vantagePoints,
        };
    }
}
function isVantageList(probers) {
    return Array.isArray(probers);
}
//# sourceMappingURL=health-monitor.js.map
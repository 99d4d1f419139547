/**
 * The downstream cascade (ARCHITECTURE §6), a time-stepped model of queues with capacity,
 * timeouts and retries, driven by one input: whether the database's DNS name answers.
 *
 *   database DNS ─► lease manager (renews host leases through the database; expired leases are
 *                   re-established from a queue whose work slows as the queue grows and times
 *                   out past `leaseWorkTimeoutMs`: re-queued, congestive collapse)
 *               ─► compute launches (need hosts with leases; pending launches pile up)
 *               ─► network-state propagation (one item per launched instance; a backlog)
 *               ─► load-balancer health checks (instances without network state fail, then pass:
 *                   flapping; past the checker's capacity, automatic zone failover removes capacity)
 *
 * Operators act at their published times, but only on a problem that is there (throttling and
 * restarts only during a collapse, disabling failover only after it fired). Mitigation switches:
 * admission control by queue size, velocity control on failover, flap damping. Every number is an
 * assumption (CASCADE_ASSUMPTIONS), chosen to reproduce the published order and rough durations.
 */
import { pdt } from '../scenarios/incident-time.js';
export const DOWNSTREAM_MITIGATIONS = ['admission-control', 'velocity-control', 'flap-damping'];
export const CASCADE_ASSUMPTIONS = {
    stepMs: { value: 10_000, why: 'model resolution' },
    hosts: { value: 100_000, why: 'not public ("droplets")' },
    leaseDurationMs: { value: 156 * 60_000, why: 'not public: chosen so the last lease expires about 02:24, as published' },
    negativeCacheTtlMs: { value: 15 * 60_000, why: 'not public: clients cached the empty answer; published 02:25 repair → 02:40 reachable' },
    leaseWorkers: { value: 400, why: 'not public: lease-manager concurrency' },
    leaseWorkBaseMs: { value: 2_000, why: 'not public: one re-establishment on an idle lease manager' },
    leaseQueueKnee: { value: 3_000, why: 'not public: work slows by one base time per this many queued items' },
    leaseWorkTimeoutMs: { value: 60_000, why: 'not public: past this, work times out and is re-queued' },
    leaseAdmissionMax: { value: 25_000, why: 'not public: items admitted at once under admission control / after the operators\' restart' },
    launchDemandPerMin: { value: 1_000, why: 'not public' },
    launchCapacityPerMin: { value: 4_000, why: 'not public' },
    launchThrottledPerMin: { value: 2_400, why: 'not public: operators throttle launches from 04:14 to 11:23' },
    launchPendingMax: { value: 150_000, why: 'not public: beyond this, callers give up' },
    propagationPerMin: { value: 1_470, why: 'not public: network-state items propagated per minute' },
    propagationAdmissionDelayMs: { value: 5 * 60_000, why: 'admission control: launches wait when propagation is this far behind' },
    nlbErrorDelayMs: { value: 8 * 60_000, why: 'not public: new targets whose network state is this late fail checks (connection errors)' },
    noConnectivityDelayMs: { value: 35 * 60_000, why: 'not public: propagation delay at which "new instances start without network" is declared' },
    flappingTargetsMax: { value: 80_000, why: 'not public: flapping targets the health checker can absorb before failover fires' },
    normalDelayMs: { value: 2 * 60_000, why: 'propagation counts as normal again under this delay' },
    operatorThrottleAt: { value: '04:14', why: 'published' },
    operatorDisableFailoverAt: { value: '09:36', why: 'published' },
    operatorRelaxThrottleAt: { value: '11:23', why: 'published' },
    operatorEnableFailoverAt: { value: '14:09', why: 'published' },
};
const A = CASCADE_ASSUMPTIONS;
class CascadeState {
    expiredHosts = 0;
    leaseQueue = 0;
    leaseCollapsed = false;
    operatorAdmission = false;
    launchPending = 0;
    throttled = false;
    propagationBacklog = 0;
    failoverFired = false;
    failoverDisabled = false;
    phases = [];
    seen = new Set();
    phase(component, event, atMs) {
        const key = `${component}|${event}`;
        if (this.seen.has(key))
            return;
        this.seen.add(key);
        this.phases.push({ component, event, atMs });
    }
    once(key) {
        return this.seen.has(key);
    }
}
export function runCascade(input) {
    const state = new CascadeState();
    const samples = [];
    const windows = new WindowTracker();
    const stepMs = A.stepMs.value;
    for (let t = 0; t <= input.endMs; t += stepMs) {
        samples.push(step(state, input, t, stepMs, windows));
    }
    return { samples, phases: state.phases, impactMs: windows.impactMs(), windows: windows.windows() };
}
function emptyAt(input, t) {
    return input.databaseEmpty.some(([from, to]) => t >= from && t < to);
}
/** Clients cache the empty answer: the database is unreachable until the last cached one expires. */
function clientReachable(input, t) {
    return !input.databaseEmpty.some(([from, to]) => t >= from && t < to + A.negativeCacheTtlMs.value);
}
function step(s, input, t, stepMs, windows) {
    const minutes = stepMs / 60_000;
    const dnsEmpty = emptyAt(input, t);
    const reachable = clientReachable(input, t);
    if (dnsEmpty)
        s.phase('dns', 'regional database name answers empty', t);
    if (!dnsEmpty && s.once('dns|regional database name answers empty'))
        s.phase('dns', 'answers again (repaired)', t);
    if (!reachable)
        windows.mark('database', t, stepMs);
    if (reachable && s.once('dns|regional database name answers empty'))
        s.phase('database', 'reachable again (cached empty answers expired)', t);
    operatorActions(s, t);
    leaseManager(s, input, t, stepMs, dnsEmpty);
    const launches = launchesThisStep(s, input, reachable, minutes);
    propagation(s, input, launches, minutes);
    const delayMs = (s.propagationBacklog / A.propagationPerMin.value) * 60_000;
    const nlbErrors = loadBalancers(s, input, t, delayMs);
    if (!reachable || s.expiredHosts > 0 || s.launchPending > A.launchDemandPerMin.value || delayMs > A.normalDelayMs.value || s.throttled)
        windows.mark('compute', t, stepMs);
    else if (s.once('dns|regional database name answers empty'))
        s.phase('compute', 'full recovery', t);
    if (nlbErrors || (s.failoverFired && !s.once('operators|automatic failover re-enabled')))
        windows.mark('loadBalancers', t, stepMs);
    if (delayMs > A.noConnectivityDelayMs.value)
        s.phase('network', 'latency high: new instances start without network', t);
    if (s.once('network|latency high: new instances start without network') && delayMs < A.normalDelayMs.value)
        s.phase('network', 'back to normal', t);
    return {
        atMs: t, databaseReachable: reachable, leasesValid: A.hosts.value - s.expiredHosts, leaseQueue: s.leaseQueue, launchPending: s.launchPending,
        launchesPerMin: launches / minutes, propagationBacklog: s.propagationBacklog, propagationDelayMs: delayMs, nlbErrors, failoverActive: s.failoverFired && !s.failoverDisabled,
    };
}
function operatorActions(s, t) {
    if (t >= pdt(A.operatorThrottleAt.value, 1) && s.leaseCollapsed && !s.operatorAdmission) {
        s.operatorAdmission = true;
        s.throttled = true;
        s.phase('operators', 'work throttled, lease-manager hosts restarted (queues cleared)', t);
    }
    if (t >= pdt(A.operatorDisableFailoverAt.value, 1) && s.failoverFired && !s.failoverDisabled) {
        s.failoverDisabled = true;
        s.phase('operators', 'automatic failover disabled', t);
    }
    if (t >= pdt(A.operatorRelaxThrottleAt.value, 1) && s.throttled) {
        s.throttled = false;
        s.phase('operators', 'throttles relaxed', t);
    }
    if (t >= pdt(A.operatorEnableFailoverAt.value, 1) && s.failoverDisabled && !s.once('operators|automatic failover re-enabled')) {
        s.phase('operators', 'automatic failover re-enabled', t);
    }
}
/** Leases expire while the database is unreachable; the expired are re-established from a queue. */
function leaseManager(s, input, t, stepMs, dnsEmpty) {
    if (dnsEmpty) {
        const expiring = Math.min(A.hosts.value - s.expiredHosts, (A.hosts.value * stepMs) / A.leaseDurationMs.value);
        if (expiring > 0)
            s.phase('lease-manager', 'state checks fail; host leases time out one by one', t);
        s.expiredHosts += expiring;
        s.leaseQueue = s.expiredHosts;
        return;
    }
    if (s.expiredHosts <= 0)
        return;
    const admitted = input.mitigations.has('admission-control') || s.operatorAdmission;
    const inFlight = admitted ? Math.min(s.leaseQueue, A.leaseAdmissionMax.value) : s.leaseQueue;
    const workMs = A.leaseWorkBaseMs.value * (1 + inFlight / A.leaseQueueKnee.value);
    if (workMs > A.leaseWorkTimeoutMs.value) {
        // Every attempt times out and goes back in the queue: busy, and no progress.
        s.leaseCollapsed = true;
        s.phase('lease-manager', 'congestive collapse: re-establishment times out and is re-queued', t);
        return;
    }
    s.phase('lease-manager', 're-establishing leases', t);
    const done = Math.min(s.expiredHosts, (A.leaseWorkers.value * stepMs) / workMs);
    s.expiredHosts -= done;
    s.leaseQueue = s.expiredHosts;
    if (s.expiredHosts < 1) {
        s.expiredHosts = 0;
        s.leaseQueue = 0;
        s.phase('lease-manager', 'all leases re-established', t);
    }
}
function launchesThisStep(s, input, reachable, minutes) {
    s.launchPending = Math.min(A.launchPendingMax.value, s.launchPending + A.launchDemandPerMin.value * minutes);
    if (!reachable)
        return 0;
    const validShare = 1 - s.expiredHosts / A.hosts.value;
    let capacity = (s.throttled ? A.launchThrottledPerMin.value : A.launchCapacityPerMin.value) * validShare * minutes;
    const delayMs = (s.propagationBacklog / A.propagationPerMin.value) * 60_000;
    if (input.mitigations.has('admission-control') && delayMs > A.propagationAdmissionDelayMs.value)
        capacity = Math.min(capacity, A.propagationPerMin.value * minutes);
    const launches = Math.min(s.launchPending, capacity);
    s.launchPending -= launches;
    return launches;
}
function propagation(s, _input, launches, minutes) {
    s.propagationBacklog = Math.max(0, s.propagationBacklog + launches - A.propagationPerMin.value * minutes);
}
/**
 * Targets launched within the propagation delay have no network state yet: they fail health checks
 * and pass later (flapping). Past the checker's capacity, automatic zone failover removes capacity.
 */
function loadBalancers(s, input, t, delayMs) {
    const lateTargets = delayMs > A.nlbErrorDelayMs.value;
    if (lateTargets)
        s.phase('load-balancers', 'connection errors begin (targets without network state)', t);
    const flapping = (s.propagationBacklog * (input.mitigations.has('flap-damping') ? 0.25 : 1));
    if (flapping > A.flappingTargetsMax.value && !s.failoverFired && !input.mitigations.has('velocity-control')) {
        s.failoverFired = true;
        s.phase('load-balancers', 'health checks flap, checker overloads; automatic zone failover removes capacity', t);
    }
    const failoverHurting = s.failoverFired && !s.failoverDisabled;
    return lateTargets || failoverHurting;
}
class WindowTracker {
    spans = new Map();
    mark(component, t, stepMs) {
        const span = this.spans.get(component);
        if (span === undefined)
            this.spans.set(component, [t, t + stepMs]);
        else
            span[1] = t + stepMs;
    }
    impactMs() {
        const length = (k) => { const s = this.spans.get(k); return s === undefined ? 0 : s[1] - s[0]; };
        return { database: length('database'), compute: length('compute'), loadBalancers: length('loadBalancers') };
    }
    windows() {
        const get = (k) => this.spans.get(k) ?? null;
        return { database: get('database'), compute: get('compute'), loadBalancers: get('loadBalancers') };
    }
}
//# sourceMappingURL=cascade-model.js.map
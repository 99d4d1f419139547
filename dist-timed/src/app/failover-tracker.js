import { selectedLoadBalancers } from '../core/model/fleet.js';
export const SWITCHES_KEPT_MAX = 20;
export class FailoverTracker {
    provider;
    health;
    clock;
    routed;
    liveRegions = new Map();
    pending = new Map();
    switches = [];
    constructor(fleet, provider, health, clock) {
        this.provider = provider;
        this.health = health;
        this.clock = clock;
        const byName = new Map(fleet.endpoints.map((e) => [e.name, e]));
        this.routed = fleet.endpoints.filter((e) => e.routing !== undefined).map((e) => ({ name: e.name, regions: regionsOf(e, byName, fleet) }));
    }
    record(event) {
        if ((event.kind !== 'routing.failover' && event.kind !== 'routing.failback') || event.endpoint === undefined)
            return;
        const entry = this.routed.find((r) => r.name === event.endpoint);
        if (entry === undefined)
            return;
        const left = (this.liveRegions.get(entry.name) ?? []).flatMap((name) => entry.regions.filter((r) => r.name === name));
        // Durations on the monotonic clock (health's failure streaks are monotonic); the event's wall time is for display.
        this.pending.set(entry.name, { decidedAtMs: event.atMs, decidedAtMonotonicMs: this.clock.monotonicMs(), reason: event.reason, failureDetectedFromMs: this.firstFailure(left) });
    }
    /** Reads the routed names' live records and records a switch where the serving regions changed. */
    async observe() {
        if (this.routed.length === 0)
            return;
        const live = await this.provider.readEndpoints(this.routed.map((r) => r.name));
        if (!live.ok)
            return;
        const now = this.clock.nowMs();
        const monotonicNow = this.clock.monotonicMs();
        for (const endpoint of live.value) {
            const entry = this.routed.find((r) => r.name === endpoint.name);
            if (entry === undefined || endpoint.addresses.length === 0)
                continue;
            const serving = entry.regions.filter((r) => endpoint.addresses.some((a) => r.addresses.has(`${a.family} ${a.address}`))).map((r) => r.name);
            const before = this.liveRegions.get(entry.name);
            this.liveRegions.set(entry.name, serving);
            if (before === undefined || sameList(before, serving))
                continue;
            const pending = this.pending.get(entry.name);
            this.pending.delete(entry.name);
            this.keep({
                name: entry.name, from: before, to: serving, reason: pending?.reason ?? '',
                failureDetectedFromMs: pending?.failureDetectedFromMs ?? null, decidedAtMs: pending?.decidedAtMs ?? null, liveAtMs: now,
                rtoMs: pending?.failureDetectedFromMs == null ? null : Math.round(monotonicNow - pending.failureDetectedFromMs),
                decisionToLiveMs: pending === undefined ? null : Math.round(monotonicNow - pending.decidedAtMonotonicMs),
            });
        }
    }
    /** Newest last. */
    recentSwitches() {
        return [...this.switches];
    }
    servingRegions(name) {
        return this.liveRegions.get(name);
    }
    keep(change) {
        this.switches.push(change);
        if (this.switches.length > SWITCHES_KEPT_MAX)
            this.switches.splice(0, this.switches.length - SWITCHES_KEPT_MAX);
    }
    firstFailure(regions) {
        let first = null;
        for (const region of regions) {
            for (const lb of region.loadBalancers) {
                const since = this.health.failingSinceMs(lb.id);
                if (since !== null && (first === null || since < first))
                    first = since;
            }
        }
        return first;
    }
}
function regionsOf(spec, byName, fleet) {
    const routing = spec.routing;
    const targets = routing.policy === 'weighted' ? routing.regions : [routing.primary, routing.secondary];
    return targets.map((target) => {
        const loadBalancers = selectedLoadBalancers(fleet, byName.get(target.endpoint));
        const addresses = new Set(loadBalancers.flatMap((lb) => [
            ...(lb.ipv4 === undefined ? [] : [`A ${lb.ipv4}`]), ...(lb.ipv6 === undefined ? [] : [`AAAA ${lb.ipv6}`]),
        ]));
        return { name: target.region, loadBalancers, addresses };
    });
}
function sameList(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}
//# sourceMappingURL=failover-tracker.js.map
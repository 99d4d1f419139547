function capacity(addresses) {
    let sum = 0;
    for (const a of addresses)
        sum += a.weight;
    return sum;
}
function keyOf(a) {
    return `${a.family} ${a.address}`;
}
function minus(from, taken) {
    const keys = new Set(taken.map(keyOf));
    return from.filter((a) => !keys.has(keyOf(a)));
}
function union(a, b) {
    return [...a, ...minus(b, a)];
}
function ids(addresses) {
    return addresses.map((a) => a.loadBalancer).join(', ');
}
function share(value) {
    return `${Math.round(value * 1000) / 10}%`;
}
/**
 * Zone failover: in an endpoint that spans zones, a zone whose unhealthy share of the endpoint's
 * capacity reaches `zoneUnhealthyShare` is unhealthy as a whole and leaves the endpoint, even its
 * load balancers that still pass checks — unless fewer than `minZones` zones would remain. The
 * velocity guard later bounds how fast the removed capacity actually leaves.
 */
export const zoneFailoverGuard = {
    name: 'zone-failover',
    apply(input, addresses) {
        const context = input.context;
        if (context === undefined || input.healthy === undefined)
            return { addresses };
        const zones = zoneShares(input.selected, input.healthy, context);
        if (zones.size < 2)
            return { addresses };
        const failed = [...zones].filter(([, z]) => z.unhealthyShare >= context.safety.zoneUnhealthyShare)
            .sort((a, b) => b[1].unhealthyShare - a[1].unhealthyShare || (a[0] < b[0] ? -1 : 1));
        let kept = addresses;
        const removed = [];
        const refused = [];
        for (const [zone, z] of failed) {
            const inZone = kept.filter((a) => context.azOf(a.loadBalancer) === zone);
            if (inZone.length === 0)
                continue;
            const zonesLeft = new Set(kept.map((a) => context.azOf(a.loadBalancer))).size - 1;
            if (zonesLeft < context.safety.minZones) {
                refused.push(`${zone} (${share(z.unhealthyShare)} unhealthy)`);
                continue;
            }
            kept = minus(kept, inZone);
            removed.push(`${zone} (${share(z.unhealthyShare)} unhealthy; ${ids(inZone)})`);
        }
        if (removed.length > 0) {
            return { addresses: kept, decision: { guard: 'zone-failover', reason: `zone(s) unhealthy as a whole, failed over: ${removed.join('; ')}${refused.length ? `; kept for minZones ${context.safety.minZones}: ${refused.join('; ')}` : ''}` } };
        }
        if (refused.length > 0) {
            return { addresses: kept, decision: { guard: 'min-zones', reason: `zone(s) unhealthy as a whole but kept: fewer than minZones ${context.safety.minZones} would remain: ${refused.join('; ')}` } };
        }
        return { addresses: kept };
    },
};
function zoneShares(selected, healthy, context) {
    const healthyKeys = new Set(healthy.map(keyOf));
    const totals = new Map();
    for (const a of selected) {
        const zone = context.azOf(a.loadBalancer);
        const entry = totals.get(zone) ?? { total: 0, unhealthy: 0 };
        entry.total += a.weight;
        if (!healthyKeys.has(keyOf(a)))
            entry.unhealthy += a.weight;
        totals.set(zone, entry);
    }
    return new Map([...totals].map(([zone, t]) => [zone, { unhealthyShare: t.total === 0 ? 0 : t.unhealthy / t.total }]));
}
/**
 * Fail-open (panic): when the unhealthy share of the endpoint's selected capacity passes
 * `panicThreshold` (strictly: at the default 50%, one of two load balancers failing is not a
 * panic — half the pool is still healthy, as in Envoy, which panics below 50% healthy), so much failing at once is more likely the checker's failure than the fleet's
 * (the 2025 event: checks failed for instances whose network state had not arrived). Keep the last
 * published set (plus any healthy address it lacked) and raise the alarm. With no history,
 * publish every selected address, as Envoy's panic mode routes to all hosts.
 */
export const failOpenGuard = {
    name: 'fail-open',
    apply(input, addresses) {
        const context = input.context;
        if (context === undefined || input.healthy === undefined || input.healthy.length === 0)
            return { addresses };
        const total = capacity(input.selected);
        if (total === 0)
            return { addresses };
        const unhealthyShare = 1 - capacity(input.healthy) / total;
        if (unhealthyShare <= context.safety.panicThreshold)
            return { addresses };
        const base = input.previous.length > 0 ? input.previous : input.selected;
        return {
            addresses: union(base, input.healthy),
            decision: {
                guard: 'fail-open',
                reason: `${share(unhealthyShare)} of ${input.family} capacity looks unhealthy (panic threshold ${share(context.safety.panicThreshold)}): treated as a failure of checking; keeping ${input.previous.length > 0 ? 'the last published set' : 'every selected address (no history)'}`,
            },
        };
    },
};
/**
 * Velocity control: at most `maxShare` of the endpoint's peak capacity within the last window may
 * leave DNS. Removals are taken longest-unhealthy first (addresses removed for zone failover, still
 * passing checks, come last); the first that does not fit waits, with every one after it. Adding
 * capacity is never limited. An operator's velocity override lifts the limit, and says so.
 */
export const velocityGuard = {
    name: 'velocity',
    apply(input, addresses) {
        const context = input.context;
        if (context?.ledger == null || input.endpoint === undefined || input.previous.length === 0)
            return { addresses };
        const removed = minus(input.previous, addresses);
        if (removed.length === 0)
            return { addresses };
        const previousCapacity = capacity(input.previous);
        const floor = context.ledger.floor(input.endpoint, input.family, previousCapacity, context.nowMs);
        if (capacity(addresses) >= floor)
            return { addresses };
        const override = context.controls.velocityOverride(input.endpoint);
        if (override !== undefined) {
            return { addresses, decision: { guard: 'velocity-override', reason: `removing ${removed.length} ${input.family} address(es) (${ids(removed)}) beyond the velocity limit: override by ${override.by}: ${override.reason}` } };
        }
        return deferRemovals(input, addresses, removed, floor, context);
    },
};
function deferRemovals(input, addresses, removed, floor, context) {
    const since = (a) => context.unhealthySinceMs(a.loadBalancer) ?? Number.POSITIVE_INFINITY;
    const ordered = [...removed].sort((a, b) => since(a) - since(b) || (keyOf(a) < keyOf(b) ? -1 : 1));
    let remaining = capacity(addresses) + capacity(removed);
    let allowed = 0;
    while (allowed < ordered.length && remaining - ordered[allowed].weight >= floor) {
        remaining -= ordered[allowed].weight;
        allowed++;
    }
    const deferred = ordered.slice(allowed);
    const velocity = context.safety.velocity;
    return {
        addresses: [...addresses, ...deferred],
        decision: {
            guard: 'velocity',
            reason: `removing ${allowed} of ${ordered.length} ${input.family} address(es); deferring ${deferred.length} (${ids(deferred)}): at most ${share(velocity.maxShare)} of capacity may leave per ${velocity.windowMs} ms (floor ${Math.ceil(floor)})${warmUpNote(context)}`,
        },
    };
}
function warmUpNote(context) {
    const left = context.ledger?.warmUpLeftMs(context.nowMs) ?? 0;
    return left > 0 ? `; warming up: this Planner has not yet watched what is served for a whole window, so nothing leaves for another ${Math.ceil(left)} ms` : '';
}
/**
 * Freeze in place: while an operator freezes the endpoint (or everything), the published set
 * stays; the decision says what the Planner would change, so status shows it. An endpoint with no
 * published set yet is published (there is nothing to keep in place).
 */
export const freezeGuard = {
    name: 'frozen',
    apply(input, addresses) {
        const context = input.context;
        if (context === undefined || input.endpoint === undefined || input.previous.length === 0)
            return { addresses };
        const freeze = context.controls.freeze(input.endpoint);
        if (freeze === undefined)
            return { addresses };
        const adds = minus(addresses, input.previous);
        const removes = minus(input.previous, addresses);
        if (adds.length === 0 && removes.length === 0)
            return { addresses };
        return {
            addresses: input.previous,
            decision: { guard: 'frozen', reason: `frozen by ${freeze.by} (${freeze.reason}); would add [${ids(adds)}], remove [${ids(removes)}]` },
        };
    },
};
//# sourceMappingURL=safety-guards.js.map
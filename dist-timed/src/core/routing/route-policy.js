/**
 * Routing policies for names that span regions. A routed name's addresses are copied from the
 * planned addresses of regional names in the same plan (after their guards), then materialised as
 * ordinary weighted records: the embedded server answers them directly, an RFC 2136 target gets the
 * same records. No alias is involved: an alias from a live name to plan data is what emptied the
 * regional name in 2025 (ARCHITECTURE §2), so every name is written on its own, under its own fence.
 *
 *   failover (active-passive)      primary healthy ─────────────► primary's addresses
 *                                  primary unhealthy, secondary healthy ► secondary's addresses
 *                                  both unhealthy ──────────────► stay where it is (fail-open)
 *                                  back on the primary: automatically after failbackAfterMs of
 *                                  primary health, or only on an operator's recorded failback
 *   weighted (active-active)       every healthy region, scaled so each gets its weight's share
 *
 * Pure: region health is computed from the health view; the only memory (how long the primary has
 * been healthy again) is passed in and returned.
 */
import { assert } from '../model/assert.js';
import { isHealthy } from '../ports/health-view.js';
/** Weighted records are scaled so that one region's addresses sum to about weight × this. */
export const REGION_WEIGHT_SCALE = 1000;
export function regionHealth(region, selected, health, healthyShareMin) {
    let total = 0;
    let healthy = 0;
    for (const lb of selected) {
        total += lb.capacity;
        if (isHealthy(health, lb.id))
            healthy += lb.capacity;
    }
    const healthyShare = total === 0 ? 0 : healthy / total;
    return { region, healthy: healthy > 0 && healthyShare >= healthyShareMin, healthyShare };
}
/** Which region the published addresses belong to: the secondary only if every one is the secondary's. */
export function activeRegionOf(previous, secondaryIds) {
    if (previous === undefined || previous.addresses.length === 0)
        return 'primary';
    return previous.addresses.every((a) => secondaryIds.has(a.loadBalancer)) ? 'secondary' : 'primary';
}
export function routeFailover(input) {
    const { spec, primary, secondary } = input;
    const was = activeRegionOf(input.previous, secondary.ids);
    const regions = [primary.health, secondary.health];
    const on = (side, decision) => {
        const chosen = side === 'primary' ? primary : secondary;
        return { addresses: chosen.planned.addresses, activeRegions: [chosen.health.region], regions, ...(decision ? { decision } : {}) };
    };
    const p = `${spec.primary.region} (${share(primary.health.healthyShare)} healthy)`;
    const s = `${spec.secondary.region} (${share(secondary.health.healthyShare)} healthy)`;
    if (!primary.health.healthy) {
        if (secondary.health.healthy) {
            return was === 'primary' ? on('secondary', { kind: 'failover', reason: `primary ${p} is unhealthy; failing over to ${s}` }) : on('secondary');
        }
        return on(was, { kind: 'held', reason: `both regions unhealthy, primary ${p}, secondary ${s}: staying on the ${was} (fail-open)` });
    }
    if (was === 'primary')
        return on('primary');
    if (!secondary.health.healthy)
        return on('primary', { kind: 'failback', reason: `secondary ${s} is unhealthy and primary ${p} is healthy: back to the primary` });
    if (spec.failback === 'manual') {
        if (input.failbackApproval !== undefined) {
            return on('primary', { kind: 'failback', reason: `primary ${p} is healthy; manual failback by ${input.failbackApproval.by}: ${input.failbackApproval.reason}` });
        }
        return on('secondary', { kind: 'held', reason: `primary ${p} is healthy again; failback is manual: waiting for an operator (dnsplane override failback)` });
    }
    const healthyForMs = input.primaryHealthySinceMs === null ? 0 : input.nowMs - input.primaryHealthySinceMs;
    if (healthyForMs >= spec.failbackAfterMs) {
        return on('primary', { kind: 'failback', reason: `primary ${p} has been healthy for ${healthyForMs} ms (failback after ${spec.failbackAfterMs} ms): back to the primary` });
    }
    return on('secondary', { kind: 'held', reason: `primary ${p} healthy for ${healthyForMs} ms; automatic failback after ${spec.failbackAfterMs} ms` });
}
export function routeWeighted(input) {
    assert(input.regions.length > 0, 'a weighted routing policy needs at least one region');
    const healthy = input.regions.filter((r) => r.health.healthy);
    const used = healthy.length > 0 ? healthy : input.regions;
    const addresses = mergeShared(used.flatMap((r) => scaled(r.planned.addresses, r.target.weight)));
    const regions = input.regions.map((r) => r.health);
    const left = input.regions.filter((r) => !r.health.healthy).map((r) => `${r.target.region} (${share(r.health.healthyShare)} healthy)`);
    if (healthy.length === 0) {
        return { addresses, activeRegions: used.map((r) => r.target.region), regions, decision: { kind: 'held', reason: `no region is healthy (${left.join(', ')}): serving every region (fail-open)` } };
    }
    if (left.length === 0)
        return { addresses, activeRegions: used.map((r) => r.target.region), regions };
    return {
        addresses, activeRegions: used.map((r) => r.target.region), regions,
        decision: { kind: 'failover', reason: `unhealthy region(s) left out: ${left.join(', ')}; weighted across ${used.map((r) => `${r.target.region}:${r.target.weight}`).join(', ')}` },
    };
}
/** Per family, this region's addresses share `weight × REGION_WEIGHT_SCALE` in proportion to their own weights. */
function scaled(addresses, weight) {
    const totals = new Map();
    for (const a of addresses)
        totals.set(a.family, (totals.get(a.family) ?? 0) + a.weight);
    return addresses.map((a) => ({ ...a, weight: Math.max(1, Math.round((a.weight / totals.get(a.family)) * weight * REGION_WEIGHT_SCALE)) }));
}
/**
 * One record per address: a load balancer that two regions' names both select would otherwise
 * appear twice in the RRset (DNS has no duplicate records) and count its capacity twice. It gets
 * the sum of its shares.
 */
function mergeShared(addresses) {
    const merged = new Map();
    for (const a of addresses) {
        const key = `${a.family} ${a.address}`;
        const seen = merged.get(key);
        merged.set(key, seen === undefined ? a : { ...seen, weight: seen.weight + a.weight });
    }
    return [...merged.values()];
}
function share(value) {
    return `${Math.round(value * 1000) / 10}%`;
}
//# sourceMappingURL=route-policy.js.map
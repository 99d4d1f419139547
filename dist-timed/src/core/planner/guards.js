import { failOpenGuard, freezeGuard, velocityGuard, zoneFailoverGuard } from './safety-guards.js';
export const DEFAULT_GUARD_SETTINGS = { minCapacityShare: 0.25 };
/**
 * Never empty: when health would leave no address, keep the last set that was published
 * (the "last healthy set"); with no history at all, publish every selected address (fail open).
 */
export const neverEmptyGuard = {
    name: 'never-empty',
    apply(input, addresses) {
        if (addresses.length > 0 || input.selected.length === 0)
            return { addresses };
        const fallback = input.previous.length > 0 ? input.previous : input.selected;
        const source = input.previous.length > 0 ? 'the last published set' : 'every selected address (no history)';
        return {
            addresses: fallback,
            decision: { guard: 'never-empty', reason: `all ${input.selected.length} ${input.family} addresses look unhealthy; keeping ${source}` },
        };
    },
};
/** Minimum capacity share: refuse to shrink below the configured share of selected capacity. */
export const minCapacityGuard = {
    name: 'min-capacity',
    apply(input, addresses) {
        const share = input.settings.minCapacityShare;
        const total = sumWeights(input.selected);
        if (share <= 0 || total === 0)
            return { addresses };
        const kept = sumWeights(addresses);
        if (kept >= share * total)
            return { addresses };
        const previousWeight = sumWeights(input.previous);
        if (previousWeight <= kept)
            return { addresses };
        return {
            addresses: input.previous,
            decision: {
                guard: 'min-capacity',
                reason: `healthy ${input.family} capacity ${kept}/${total} is below the minimum share ${share}; keeping the previous set (${previousWeight})`,
            },
        };
    },
};
/**
 * The order in which guards run. Change it here and nowhere else.
 *   zone failover may remove whole zones (bounded by minZones) → never empty → fail-open when too
 *   much looks unhealthy → minimum capacity → velocity bounds what leaves per window (longest
 *   unhealthy first) → freeze keeps the published set while an operator holds it.
 */
export const PLANNER_GUARDS = [zoneFailoverGuard, neverEmptyGuard, failOpenGuard, minCapacityGuard, velocityGuard, freezeGuard];
export function sumWeights(addresses) {
    let sum = 0;
    for (const a of addresses)
        sum += a.weight;
    return sum;
}
export function addressesOf(lb, family) {
    const address = family === 'A' ? lb.ipv4 : lb.ipv6;
    if (address === undefined)
        return undefined;
    return { loadBalancer: lb.id, family, address, weight: lb.capacity };
}
export function previousOfFamily(previous, family) {
    if (previous === undefined)
        return [];
    return previous.addresses.filter((a) => a.family === family);
}
//# sourceMappingURL=guards.js.map
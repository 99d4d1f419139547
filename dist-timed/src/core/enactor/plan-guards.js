import { servedCapacity, servedDifference } from '../model/served.js';
export function checkPlanBeforeApply(plan) {
    for (const endpoint of plan.endpoints) {
        if (endpoint.addresses.length === 0)
            return { reason: `endpoint ${endpoint.name} would have no address (never-empty)` };
        if (!Number.isSafeInteger(endpoint.answersMax) || endpoint.answersMax < 1) {
            return { reason: `endpoint ${endpoint.name} has answersMax ${endpoint.answersMax}: it would answer with no address (never-empty)` };
        }
        if (!Number.isSafeInteger(endpoint.ttlSeconds) || endpoint.ttlSeconds < 0)
            return { reason: `endpoint ${endpoint.name} has an invalid TTL ${endpoint.ttlSeconds}` };
    }
    return null;
}
/** Guards that let every write through: only for tests that say so by name. */
export const NO_WRITE_GUARDS_FOR_TESTS = {
    minCapacityShare: 0, removedShareMaxPerWrite: null, velocityWindowMs: null, weightOf: () => 1, selectedCapacity: () => 0, frozen: () => false, velocityOverridden: () => false, failoverName: () => false,
};
const FAMILIES = ['A', 'AAAA'];
const SERVED_NOW = { peak: (_family, served) => served, possiblyServed: (_family, served) => served };
/** Why this write must not happen now (null: it may). Repairs restore an accepted generation and fence-only moves change no answer: both pass. */
export function checkWrite(guards, endpoint, records, live, provider, kind, servedPeak = SERVED_NOW) {
    if (records.addresses.length === 0)
        return 'the plan has no address for this name (never-empty)';
    if (kind === 'repair' || kind === 'fence-only')
        return null;
    const wanted = provider.materialise(records);
    // A name serving no load balancer's address (empty, or only hand-added strays) has nothing in
    // place for a freeze to keep: never-empty comes first.
    const nothingInPlace = FAMILIES.every((family) => servedCapacity(live, family, guards.weightOf) === 0);
    if (guards.frozen(endpoint.name) && !nothingInPlace && servedDifference(wanted, live) !== null)
        return 'frozen by an operator: the served records stay';
    for (const family of FAMILIES) {
        const planned = servedCapacity(wanted, family, guards.weightOf);
        const served = servedCapacity(live, family, guards.weightOf);
        const selected = guards.selectedCapacity(endpoint.name, family);
        if (selected > 0 && planned < guards.minCapacityShare * selected && planned < served) {
            return `${family} capacity ${planned} is below the minimum share ${guards.minCapacityShare} of ${selected} and below what is served (${served})`;
        }
        const bound = guards.removedShareMaxPerWrite;
        const possibly = Math.max(served, servedPeak.possiblyServed(family, served));
        if (bound === null || planned >= possibly || guards.velocityOverridden(endpoint.name) || isRegionSwitch(guards, endpoint.name, wanted, live))
            continue;
        const peak = Math.max(possibly, servedPeak.peak(family, possibly));
        if (peak === Number.POSITIVE_INFINITY) {
            return `${family} capacity would drop from ${possibly} to ${planned}: this Enactor started within the velocity window and cannot know what left before (warm-up)`;
        }
        if (peak - planned > bound * peak + 1e-9) {
            return peak === served
                ? `${family} capacity would drop from ${served} to ${planned} in one write, more than the velocity limit ${bound} of what is served`
                : `${family} capacity would drop to ${planned}, more than the velocity limit ${bound} below the ${peak} served or possibly served within the window (${served} read now)`;
        }
    }
    return null;
}
/** A failover name moving to another region: none of the addresses it serves stays. */
function isRegionSwitch(guards, endpoint, wanted, live) {
    if (!guards.failoverName(endpoint))
        return false;
    const kept = new Set(wanted.addresses.map((a) => `${a.family} ${a.address}`));
    return live.addresses.every((a) => !kept.has(`${a.family} ${a.address}`));
}
//# sourceMappingURL=plan-guards.js.map
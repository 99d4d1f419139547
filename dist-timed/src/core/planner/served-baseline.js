import { canonicalEndpoint, planFromCanonical, planContentDigest } from '../model/plan.js';
import { servedCapacity, ServedDifferenceCache } from '../model/served.js';
/** address → its load balancer and capacity, so served addresses can be weighed. */
export function addressOwners(fleet) {
    const owners = new Map();
    for (const lb of fleet.loadBalancers) {
        if (lb.ipv4 !== undefined)
            owners.set(`A ${lb.ipv4}`, { loadBalancer: lb.id, weight: lb.capacity });
        if (lb.ipv6 !== undefined)
            owners.set(`AAAA ${lb.ipv6}`, { loadBalancer: lb.id, weight: lb.capacity });
    }
    return owners;
}
export function servedBaseline(args) {
    if (args.readings.length === 0)
        return { plan: args.latest, rebuilt: [] };
    const storedEndpoints = args.latest?.endpoints ?? [];
    const verdicts = args.verdicts ?? new ServedDifferenceCache();
    const rebuilt = [];
    const endpoints = [];
    // Both lists are sorted by name: one forward cursor finds each spec's stored endpoint.
    let cursor = 0;
    for (const spec of sortedSpecs(args.fleet)) {
        while (cursor < storedEndpoints.length && storedEndpoints[cursor].name < spec.name)
            cursor++;
        const candidate = storedEndpoints[cursor];
        const stored = candidate !== undefined && candidate.name === spec.name ? candidate : undefined;
        if (stored !== undefined && everyReadingServesExactly(args.readings, spec.name, stored, verdicts)) {
            endpoints.push(stored);
            continue;
        }
        const served = args.readings.flatMap((r) => r.view.get(spec.name) ?? []);
        const union = unionOfServed(served, args.owners);
        if (union.length === 0) {
            if (stored !== undefined)
                endpoints.push(stored);
            continue; // nothing served anywhere and nothing stored: no baseline for this name
        }
        rebuilt.push(spec.name);
        endpoints.push(canonicalEndpoint({ name: spec.name, ttlSeconds: spec.ttlSeconds, answersMax: spec.answersMax, addresses: union }));
    }
    if (rebuilt.length === 0)
        return { plan: args.latest, rebuilt };
    const plan = planFromCanonical({
        generation: args.latest?.generation ?? 0, createdAtMs: args.latest?.createdAtMs ?? args.nowMs,
        endpoints, digest: planContentDigest(endpoints), note: 'served baseline',
    });
    return { plan, rebuilt };
}
/** The fleet's endpoint specs sorted by name, sorted once per fleet (a Planner plans one fleet for its life). */
const sortedSpecsOf = new WeakMap();
function sortedSpecs(fleet) {
    const known = sortedSpecsOf.get(fleet);
    if (known !== undefined)
        return known;
    const sorted = [...fleet.endpoints].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedSpecsOf.set(fleet, sorted);
    return sorted;
}
function everyReadingServesExactly(readings, name, stored, verdicts) {
    for (const reading of readings) {
        const live = reading.view.get(name);
        if (live !== undefined && verdicts.difference(reading.provider, stored, live) !== null)
            return false;
    }
    return true;
}
function unionOfServed(lives, owners) {
    const union = new Map();
    for (const live of lives) {
        for (const a of live.addresses) {
            const key = `${a.family} ${a.address}`;
            const owner = owners.get(key);
            // An address no load balancer has (a hand edit) is not capacity the Planner can keep.
            if (owner === undefined || union.has(key))
                continue;
            union.set(key, { loadBalancer: owner.loadBalancer, family: a.family, address: a.address, weight: owner.weight });
        }
    }
    return [...union.values()];
}
/** The highest capacity any provider serves for the endpoint's family (what velocity must not drop too fast from). */
export function servedCapacityMax(readings, endpoint, family, owners) {
    let highest = 0;
    for (const reading of readings) {
        const live = reading.view.get(endpoint);
        if (live === undefined)
            continue;
        highest = Math.max(highest, servedCapacity(live, family, (address) => owners.get(`${family} ${address}`)?.weight ?? 0));
    }
    return highest;
}
//# sourceMappingURL=served-baseline.js.map
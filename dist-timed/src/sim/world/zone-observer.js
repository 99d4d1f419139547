/**
 * The checkers' eyes on DNS: after every committed transaction of a provider's zone (an Enactor's
 * write, a hand edit, a planted fence), each managed name it touched is read back from the zone
 * exactly as it is served and turned into a DnsObservation. Nothing here asks the code under test
 * what it did.
 */
import { managedNameOf, readServed } from '../../app/sim-support.js';
import { GENERATION_JUMP_MAX } from '../../core/model/fence.js';
export function observeZone(store, context) {
    const managed = new Set(context.fleet.endpoints.map((e) => e.name.toLowerCase()));
    const names = new Map(context.fleet.endpoints.map((e) => [e.name.toLowerCase(), e.name]));
    const owned = addressOwners(context.fleet);
    store.onCommit((entry) => {
        const touched = new Set();
        for (const change of entry.changes) {
            const name = managedNameOf(change, managed);
            if (name !== undefined)
                touched.add(name);
        }
        for (const name of [...touched].sort()) {
            context.observe(observation(readServed(store, names.get(name) ?? name), context, owned));
        }
    });
}
function observation(live, context, owned) {
    const fenceKind = live.fence === null ? (live.fenceRaw === null ? 'absent' : 'foreign')
        : live.fence.generation > context.highestCreated() + GENERATION_JUMP_MAX ? 'foreign' : 'ours';
    const capacityByFamily = { A: 0, AAAA: 0 };
    let capacity = 0;
    for (const a of live.addresses) {
        // Capacity is the fleet's measure (a routed name's weights are traffic shares): as the guards count it.
        const weight = owned.get(`${a.family} ${a.address}`) ?? 0;
        capacityByFamily[a.family] += weight;
        capacity += weight;
    }
    return {
        atMs: context.atMs(), provider: context.provider, endpoint: live.name,
        generation: fenceKind === 'ours' ? live.fence.generation : 0,
        addressCount: answeredCount(live), capacity, capacityByFamily,
        source: context.byHand() ? 'hand' : 'control-plane', fence: fenceKind,
        addresses: live.addresses.map((a) => `${a.family} ${a.address}`).sort(), ttlSeconds: live.ttlSeconds,
        ...sentAt(context),
    };
}
function sentAt(context) {
    const sentAtMs = context.sentAtMs?.() ?? null;
    return sentAtMs === null ? {} : { sentAtMs };
}
/** How many addresses a resolver gets: per family, the records up to answersMax (≤ 0: none). */
function answeredCount(live) {
    let count = 0;
    for (const family of ['A', 'AAAA']) {
        const n = live.addresses.filter((a) => a.family === family).length;
        count += live.answersMax === undefined ? n : Math.min(n, Math.max(0, live.answersMax));
    }
    return count;
}
function addressOwners(fleet) {
    const owners = new Map();
    for (const lb of fleet.loadBalancers) {
        if (lb.ipv4 !== undefined)
            owners.set(`A ${lb.ipv4}`, lb.capacity);
        if (lb.ipv6 !== undefined)
            owners.set(`AAAA ${lb.ipv6}`, lb.capacity);
    }
    return owners;
}
//# sourceMappingURL=zone-observer.js.map
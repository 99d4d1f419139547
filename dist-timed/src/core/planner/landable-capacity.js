import { capacityOf } from '../safety/velocity-ledger.js';
const FAMILIES = ['A', 'AAAA'];
export class LandableCapacity {
    weightOf;
    byKey = new Map();
    constructor(weightOf) {
        this.weightOf = weightOf;
    }
    /** A generation created or first seen: its endpoints that changed from `previous` may land from now on. */
    record(generation, endpoints, previous) {
        const before = new Map(previous.map((e) => [e.name, e.digest]));
        for (const endpoint of endpoints) {
            if (before.get(endpoint.name) === endpoint.digest)
                continue;
            for (const family of FAMILIES)
                this.push(keyOf(endpoint.name, family), generation, capacityOf(endpoint, family, this.weightOf));
        }
    }
    /** The highest capacity of a generation above `lowestFence` for the name's family (0: none may land). */
    above(name, family, lowestFence) {
        // Usually nothing is pending (every fence reached the newest generation): no key to build.
        if (this.byKey.size === 0)
            return 0;
        const stack = this.byKey.get(keyOf(name, family));
        if (stack === undefined)
            return 0;
        // Capacities fall as generations rise: the first one above the fence is the highest.
        for (const entry of stack)
            if (entry.generation > lowestFence)
                return entry.capacity;
        return 0;
    }
    /** Every provider shows the name at `lowestFence` or above: the generations up to it can no longer land. */
    settle(name, lowestFence) {
        if (this.byKey.size === 0)
            return;
        for (const family of FAMILIES) {
            const key = keyOf(name, family);
            const stack = this.byKey.get(key);
            if (stack === undefined)
                continue;
            const firstOpen = stack.findIndex((entry) => entry.generation > lowestFence);
            if (firstOpen === -1)
                this.byKey.delete(key);
            else if (firstOpen > 0)
                stack.splice(0, firstOpen);
        }
    }
    push(key, generation, capacity) {
        let stack = this.byKey.get(key);
        if (stack === undefined) {
            stack = [];
            this.byKey.set(key, stack);
        }
        // A generation at or below the newest kept (a restored store numbering again) replaces from there.
        while (stack.length > 0 && (stack.at(-1).generation >= generation || stack.at(-1).capacity <= capacity))
            stack.pop();
        stack.push({ generation, capacity });
    }
}
/**
 * The lowest generation below which nothing more can land on the name, over the providers read:
 * its fence of ours, or, where the fence is absent or not ours, one below the provider's newest
 * generation of ours (plans from that one on may still be written there).
 */
export function lowestLandingFence(name, views, providerFloors) {
    let lowest = Number.POSITIVE_INFINITY;
    views.forEach((view, index) => {
        const fence = view.get(name)?.fence ?? null;
        const effective = fence === null ? Math.max(0, (providerFloors[index] ?? 0) - 1) : fence.generation;
        lowest = Math.min(lowest, effective);
    });
    return lowest === Number.POSITIVE_INFINITY ? 0 : lowest;
}
/** A provider's newest generation of ours live on any name (0: none). */
export function providerFloor(view) {
    let highest = 0;
    for (const live of view.values())
        highest = Math.max(highest, live.fence?.generation ?? 0);
    return highest;
}
function keyOf(name, family) {
    return `${family} ${name}`;
}
//# sourceMappingURL=landable-capacity.js.map
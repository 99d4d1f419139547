/** Per key, samples beyond this are dropped oldest first (a name changing every millisecond). */
const SAMPLES_PER_KEY_MAX = 1024;
export class VelocityLedger {
    settings;
    weightOf;
    samples = new Map();
    warmUntilMs;
    /**
     * `weightOf`: the capacity behind an address (its load balancer's), so that a routed name's
     * traffic-share weights count as the capacity they stand for; absent: the plan's weights.
     * `startedAtMs`: when this ledger began watching (monotonic); absent: no warm-up.
     */
    constructor(settings, weightOf, startedAtMs) {
        this.settings = settings;
        this.weightOf = weightOf;
        this.warmUntilMs = startedAtMs === undefined ? Number.NEGATIVE_INFINITY : startedAtMs + settings.windowMs;
    }
    /** The lowest capacity the endpoint's family may have at `nowMs`, given its current capacity. */
    floor(endpoint, family, currentCapacity, nowMs) {
        const peak = this.peak(endpoint, family, currentCapacity, nowMs);
        return this.warmUpLeftMs(nowMs) > 0 ? peak : peak * (1 - this.settings.maxShare);
    }
    /** Ends the warm-up: there is no earlier window to know (nothing of ours was ever served). */
    endWarmUp() {
        this.warmUntilMs = Number.NEGATIVE_INFINITY;
    }
    /** Keeps the warm-up for at least one window from `nowMs` (a provider was first read only now). */
    holdWarmUpFrom(nowMs) {
        this.warmUntilMs = Math.max(this.warmUntilMs, nowMs + this.settings.windowMs);
    }
    /** How long the warm-up still holds every decrease (0: over). */
    warmUpLeftMs(nowMs) {
        return Math.max(0, this.warmUntilMs - nowMs);
    }
    /** The highest capacity in force within the window ending at `nowMs`. */
    peak(endpoint, family, currentCapacity, nowMs) {
        const list = this.samples.get(keyOf(endpoint, family));
        if (list === undefined)
            return currentCapacity;
        const windowStartMs = nowMs - this.settings.windowMs;
        let peak = currentCapacity;
        let carriedIn = null;
        for (const sample of list) {
            if (sample.atMs <= windowStartMs)
                carriedIn = sample.capacity;
            else
                peak = Math.max(peak, sample.capacity);
        }
        return carriedIn === null ? peak : Math.max(peak, carriedIn);
    }
    /**
     * Records the capacities of a plan that was just created, for the endpoints whose content
     * changed from `previous` (an unchanged endpoint adds nothing to the window).
     */
    recordPlan(endpoints, previous, nowMs) {
        const before = new Map(previous.map((e) => [e.name, e]));
        for (const endpoint of endpoints) {
            const old = before.get(endpoint.name);
            if (old !== undefined && old.digest === endpoint.digest)
                continue;
            for (const family of ['A', 'AAAA']) {
                const oldCapacity = old === undefined ? null : capacityOf(old, family, this.weightOf);
                this.record(endpoint.name, family, oldCapacity, capacityOf(endpoint, family, this.weightOf), nowMs);
            }
        }
    }
    /**
     * Records the capacity served, when it differs from the newest sample. `dropBelieved` false (not
     * every provider could be read): only a rise is recorded — a drop seen on some providers may not
     * be what the others serve.
     */
    observeServed(endpoint, family, capacity, nowMs, dropBelieved = true) {
        const key = keyOf(endpoint, family);
        const list = this.samples.get(key);
        if (list === undefined) {
            this.samples.set(key, [{ atMs: nowMs, capacity }]);
            return;
        }
        const last = list.at(-1);
        if (last?.capacity === capacity)
            return;
        if (!dropBelieved && last !== undefined && capacity < last.capacity)
            return;
        this.push(list, capacity, nowMs);
    }
    /**
     * A planned increase raises the window at once (a higher peak is the cautious side). A planned
     * decrease is not recorded here: until a read shows it served, the previous capacity is still
     * what resolvers get (an Enactor may land it late, or on one provider only), so it enters the
     * window through `observeServed`, at the instant it was seen — never earlier than it happened.
     */
    record(endpoint, family, oldCapacity, capacity, nowMs) {
        if (oldCapacity === capacity)
            return;
        const key = keyOf(endpoint, family);
        let list = this.samples.get(key);
        if (list === undefined) {
            // First change seen: the capacity before it was in force until now.
            list = oldCapacity === null ? [] : [{ atMs: nowMs, capacity: oldCapacity }];
            this.samples.set(key, list);
        }
        const last = list.at(-1);
        if (last !== undefined && capacity <= last.capacity)
            return;
        this.push(list, capacity, nowMs);
    }
    /**
     * Appends a sample. Times are monotonic, but a rebuilt history (stored plans after a restart,
     * their wall timestamps turned into ages) can land before what is already recorded: it is kept
     * at the newest instant, which only holds the capacity in the window longer.
     */
    push(list, capacity, nowMs) {
        const atMs = Math.max(nowMs, list.at(-1)?.atMs ?? Number.NEGATIVE_INFINITY);
        list.push({ atMs, capacity });
        this.prune(list, atMs);
    }
    /** Keeps the samples inside the window and the one in force at its start. */
    prune(list, nowMs) {
        const windowStartMs = nowMs - this.settings.windowMs;
        let firstInside = list.findIndex((s) => s.atMs > windowStartMs);
        if (firstInside === -1)
            firstInside = list.length;
        const drop = Math.max(0, firstInside - 1, list.length - SAMPLES_PER_KEY_MAX);
        if (drop > 0)
            list.splice(0, drop);
    }
}
export function capacityOf(endpoint, family, weightOf) {
    let sum = 0;
    for (const a of endpoint.addresses)
        if (a.family === family)
            sum += weightOf === undefined ? a.weight : weightOf(family, a.address);
    return sum;
}
function keyOf(endpoint, family) {
    return `${family} ${endpoint}`;
}
//# sourceMappingURL=velocity-ledger.js.map
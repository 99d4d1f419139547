import { liveKey } from './types.js';
/** Samples older than the window are dropped; the cap bounds memory if a name churns very fast. */
const SAMPLES_PER_KEY_MAX = 4096;
export class VelocityChecker {
    seed;
    limit;
    overrides;
    windowMsForMeasuring;
    overridden;
    failoverNames;
    found = [];
    history = new Map();
    removedShareMaxSeen = 0;
    constructor(seed, limit, overrides = [], windowMsForMeasuring = 60_000, overridden = () => false, failoverNames = new Set()) {
        this.seed = seed;
        this.limit = limit;
        this.overrides = overrides;
        this.windowMsForMeasuring = windowMsForMeasuring;
        this.overridden = overridden;
        this.failoverNames = failoverNames;
    }
    lastAddresses = new Map();
    /** A failover name now serving none of what it served: a region switch. */
    regionSwitch(o) {
        const key = liveKey(o.provider, o.endpoint);
        const before = this.lastAddresses.get(key);
        if (o.addresses !== undefined)
            this.lastAddresses.set(key, o.addresses);
        if (!this.failoverNames.has(o.endpoint) || before === undefined || o.addresses === undefined || o.addresses.length === 0)
            return false;
        return before.every((a) => !o.addresses.includes(a));
    }
    observeDns(o) {
        if (this.regionSwitch(o)) {
            for (const family of ['A', 'AAAA', 'all'])
                this.history.delete(`${liveKey(o.provider, o.endpoint)}|${family}`);
        }
        const families = o.capacityByFamily === undefined ? [['all', o.capacity]] : ['A', 'AAAA'].map((f) => [f, o.capacityByFamily[f]]);
        for (const [family, capacity] of families)
            this.observeFamily(o, family, capacity);
    }
    observeFamily(o, family, capacity) {
        const windowMs = this.limit?.windowMs ?? this.windowMsForMeasuring;
        const key = `${liveKey(o.provider, o.endpoint)}|${family}`;
        const samples = this.history.get(key) ?? [];
        const last = samples.at(-1);
        if (o.source === 'hand' && last !== undefined && capacity < last.capacity) {
            this.history.set(key, [{ atMs: o.atMs, capacity }]);
            return;
        }
        // The newest sample at or before the window's start is the capacity in force when it started.
        let carriedIn = -1;
        for (let i = samples.length - 1; i >= 0; i--)
            if (o.atMs - samples[i].atMs >= windowMs) {
                carriedIn = i;
                break;
            }
        if (carriedIn > 0)
            samples.splice(0, carriedIn);
        // Writes landing at the same instant: what is in force at that instant is the last of them (no
        // resolver can get the ones it replaced at once, so they carried no traffic to take away).
        if (samples.at(-1)?.atMs === o.atMs)
            samples.pop();
        samples.push({ atMs: o.atMs, capacity });
        if (samples.length > SAMPLES_PER_KEY_MAX)
            samples.splice(0, samples.length - SAMPLES_PER_KEY_MAX);
        this.history.set(key, samples);
        const peak = Math.max(...samples.map((s) => s.capacity));
        if (peak <= 0 || o.source === 'hand')
            return;
        const removedShare = (peak - capacity) / peak;
        this.removedShareMaxSeen = Math.max(this.removedShareMaxSeen, removedShare);
        if (this.limit === null || removedShare <= this.limit.removedShareMax + 1e-9)
            return;
        if (this.overriddenFor(o)) {
            // The operator accepted this drop: the window starts again from what it left, so a later
            // write outside the override is not blamed for removals the override allowed.
            this.history.set(key, [{ atMs: o.atMs, capacity }]);
            return;
        }
        this.found.push({
            invariant: 'Velocity', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed,
            detail: `${o.endpoint} on ${o.provider} (${family}) went from ${peak} to ${capacity} capacity within ${windowMs} ms: ${(removedShare * 100).toFixed(1)}% removed (limit ${(this.limit.removedShareMax * 100).toFixed(1)}%)`,
        });
    }
    /**
     * An override covers a drop that lands while it is in force, or that was sent while it was: the
     * sender kept to the override; the network delivered late.
     */
    overriddenFor(o) {
        const instants = o.sentAtMs === undefined ? [o.atMs] : [o.atMs, o.sentAtMs];
        return instants.some((atMs) => this.overrides.some((v) => v.endpoint === o.endpoint && atMs >= v.fromMs && atMs <= v.toMs) || this.overridden(o.endpoint, atMs));
    }
    observeDeletion(_deletion) { }
    /** The largest share of capacity removed within one window, over the whole run. */
    get largestRemovedShare() {
        return this.removedShareMaxSeen;
    }
    violations() {
        return this.found;
    }
}
//# sourceMappingURL=velocity.js.map
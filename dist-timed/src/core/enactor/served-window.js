import { servedCapacity } from '../model/served.js';
import { VelocityLedger } from '../safety/velocity-ledger.js';
const FAMILIES = ['A', 'AAAA'];
export class ServedWindow {
    byProvider = new Map();
    /** Per provider|endpoint: the capacity a sent write of unknown outcome would serve, and when it was sent. */
    uncertain = new Map();
    /** Per provider: until when no decrease is allowed (absent: not read yet). */
    warmUntilMs = new Map();
    velocity = null;
    /**
     * The velocity settings in force (null: velocity control off; nothing is recorded or bounded).
     * Settings that change (a reloaded configuration) start the window again.
     */
    use(velocity) {
        if (velocity?.windowMs === this.velocity?.windowMs && velocity?.maxShare === this.velocity?.maxShare)
            return;
        this.velocity = velocity;
        this.byProvider.clear();
    }
    /**
     * The first read of a provider starts its warm-up, unless no name read carries a fence (nothing
     * of ours was ever served there: there is no earlier window to know). Later reads change nothing.
     */
    begin(provider, anyFence, nowMs) {
        if (this.warmUntilMs.has(provider))
            return;
        this.warmUntilMs.set(provider, anyFence && this.velocity !== null ? nowMs + this.velocity.windowMs : Number.NEGATIVE_INFINITY);
    }
    /** How long decreases on the provider still wait for the warm-up (0: over, or velocity off). */
    warmUpLeftMs(provider, nowMs) {
        if (this.velocity === null)
            return 0;
        return Math.max(0, (this.warmUntilMs.get(provider) ?? Number.NEGATIVE_INFINITY) - nowMs);
    }
    /** Records what a name serves on a provider now (read back, or written and acknowledged). */
    observe(provider, endpoint, content, weightOf, nowMs) {
        const ledger = this.ledger(provider);
        if (ledger === null)
            return;
        for (const family of FAMILIES)
            ledger.observeServed(endpoint, family, servedCapacity(content, family, weightOf), nowMs);
    }
    /**
     * A write about to be sent: until its answer says it applied or did not, it may land at any time
     * (a timeout does not stop it), even after a read that does not show it yet. What it would serve
     * counts as possibly served for one window; its rise enters the window now.
     */
    sending(provider, endpoint, content, weightOf, nowMs) {
        const ledger = this.ledger(provider);
        if (ledger === null)
            return;
        const capacity = { A: servedCapacity(content, 'A', weightOf), AAAA: servedCapacity(content, 'AAAA', weightOf) };
        this.uncertain.set(`${provider}|${endpoint}`, { capacity, atMs: nowMs });
        for (const family of FAMILIES)
            ledger.observeServed(endpoint, family, capacity[family], nowMs, false);
    }
    /**
     * The write's answer came: it applied (then `observe` follows) or it did not (a conflict). A read
     * does not settle it: the write may land after the read.
     */
    settled(provider, endpoint) {
        this.uncertain.delete(`${provider}|${endpoint}`);
    }
    /** What the name may serve on the provider: what was read, or more if a write of unknown outcome may land. */
    possiblyServed(provider, endpoint, family, served, nowMs) {
        const pending = this.uncertain.get(`${provider}|${endpoint}`);
        if (pending === undefined || this.velocity === null || nowMs - pending.atMs > this.velocity.windowMs)
            return served;
        return Math.max(served, pending.capacity[family]);
    }
    /**
     * The highest capacity the name served on the provider within the window (at least `served`);
     * +Infinity during the warm-up (what was served before the first read is unknown).
     */
    peak(provider, endpoint, family, served, nowMs) {
        if (this.warmUpLeftMs(provider, nowMs) > 0)
            return Number.POSITIVE_INFINITY;
        return this.ledger(provider)?.peak(endpoint, family, served, nowMs) ?? served;
    }
    ledger(provider) {
        if (this.velocity === null)
            return null;
        let ledger = this.byProvider.get(provider);
        if (ledger === undefined) {
            ledger = new VelocityLedger(this.velocity);
            this.byProvider.set(provider, ledger);
        }
        return ledger;
    }
}
//# sourceMappingURL=served-window.js.map
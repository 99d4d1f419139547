import { liveKey } from './types.js';
export class FreezeChecker {
    seed;
    windows;
    createdAtMs;
    graceMs;
    found = [];
    lastServed = new Map();
    lastByControlPlane = new Map();
    lastCapacity = new Map();
    constructor(seed, windows, 
    /** When a generation was created (virtual ms); undefined: unknown (treated as before any freeze). */
    createdAtMs, 
    /** How long after placing a freeze a tick that started before it may still write (ms). */
    graceMs) {
        this.seed = seed;
        this.windows = windows;
        this.createdAtMs = createdAtMs;
        this.graceMs = graceMs;
    }
    observeDns(o) {
        if (o.addresses === undefined)
            return;
        const key = liveKey(o.provider, o.endpoint);
        const content = o.addresses.join(',');
        const before = this.lastServed.get(key);
        const beforeOurs = this.lastByControlPlane.get(key);
        const beforeCapacity = this.lastCapacity.get(key);
        this.lastServed.set(key, content);
        this.lastCapacity.set(key, o.capacity);
        if (o.source === 'hand')
            return;
        this.lastByControlPlane.set(key, content);
        if (before === undefined || before === '' || beforeCapacity === 0 || before === content || content === beforeOurs)
            return;
        const window = this.windows().find((w) => (w.target === '*' || w.target === o.endpoint) && o.atMs >= w.fromMs && o.atMs < w.toMs);
        if (window === undefined)
            return;
        const created = this.createdAtMs(o.generation);
        if (created === undefined || created < window.fromMs + this.graceMs)
            return;
        this.found.push({
            invariant: 'Freeze', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed,
            detail: `${o.endpoint} on ${o.provider} is frozen since ${window.fromMs} ms but generation ${o.generation} (created at ${created} ms) changed it from [${before}] to [${content}]`,
        });
    }
    observeDeletion(_deletion) { }
    violations() {
        return this.found;
    }
}
//# sourceMappingURL=freeze.js.map
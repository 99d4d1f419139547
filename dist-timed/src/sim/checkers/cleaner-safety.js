export class CleanerSafetyChecker {
    seed;
    live;
    found = [];
    constructor(seed, live) {
        this.seed = seed;
        this.live = live;
    }
    observeDns(_o) { }
    observeDeletion(d) {
        if (d.by !== 'cleaner')
            return;
        for (const o of this.live.all()) {
            if (o.generation !== d.generation || (o.fence ?? 'ours') !== 'ours')
                continue;
            if (d.endpoint !== undefined && (d.endpoint !== o.endpoint || (d.provider !== undefined && d.provider !== o.provider)))
                continue;
            this.found.push({ invariant: 'CleanerSafety', endpoint: o.endpoint, atMs: d.atMs, seed: this.seed, detail: `${d.by} deleted generation ${d.generation}, live on ${o.endpoint} (${o.provider})` });
        }
    }
    violations() {
        return this.found;
    }
}
//# sourceMappingURL=cleaner-safety.js.map
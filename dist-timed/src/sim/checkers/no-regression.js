/**
 * NoRegression: the generation of ours live on an endpoint (per provider) never decreases.
 *
 * Only our generations count, and only the control plane's writes can regress them:
 * - a fence that is not ours (malformed, several records, a generation beyond any plan, planted by
 *   hand) carries no generation of ours: it neither raises the mark nor is a regression;
 * - a hand change (a planted fence, `gen=07 …` written differently) is an input, never checked;
 * - an adoption (an operator took the name back from a fence not ours) starts the name's history
 *   again at the adopting write: exempt exactly when the fence it replaced was not ours and an
 *   adoption of that name was in force.
 */
import { liveKey } from './types.js';
export class NoRegressionChecker {
    seed;
    adopted;
    found = [];
    highest = new Map();
    foreignNow = new Set();
    constructor(seed, adopted = () => false) {
        this.seed = seed;
        this.adopted = adopted;
    }
    observeDns(o) {
        const key = liveKey(o.provider, o.endpoint);
        const replacedForeign = this.foreignNow.has(key);
        if ((o.fence ?? 'ours') === 'foreign')
            this.foreignNow.add(key);
        else
            this.foreignNow.delete(key);
        if (o.source === 'hand' || (o.fence ?? 'ours') !== 'ours')
            return;
        if (replacedForeign && this.adopted(o.endpoint, o.atMs)) {
            this.highest.set(key, o.generation);
            return;
        }
        const before = this.highest.get(key) ?? 0;
        if (o.generation < before) {
            this.found.push({ invariant: 'NoRegression', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed, detail: `${o.endpoint} on ${o.provider} went back from generation ${before} to ${o.generation}` });
            return;
        }
        this.highest.set(key, o.generation);
    }
    observeDeletion(_deletion) { }
    violations() {
        return this.found;
    }
}
//# sourceMappingURL=no-regression.js.map
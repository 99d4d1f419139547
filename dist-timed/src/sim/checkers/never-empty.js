/**
 * NeverEmpty: every managed name resolves to at least one address, at every instant, on every
 * provider — judged on what the zone serves after each committed change. A change made by hand
 * (a hand edit deleting a name's addresses) is an input, not a violation; the control plane must
 * then repair it (Convergence demands the plan's content by the end), and a control-plane write
 * that leaves the name empty is a violation. Also measures `emptyAnswerMs`: the total time during
 * which at least one name answered empty because of the control plane, and `handEmptyAnswerMs`:
 * the time names emptied by hand waited for their repair.
 */
import { liveKey } from './types.js';
export class NeverEmptyChecker {
    seed;
    found = [];
    emptyNow = new Set();
    emptySinceMs = 0;
    emptyTotalMs = 0;
    emptiedByHand = new Map();
    handEmptyTotalMs = 0;
    constructor(seed) {
        this.seed = seed;
    }
    observeDns(o) {
        const key = liveKey(o.provider, o.endpoint);
        const wasAnyEmpty = this.emptyNow.size > 0;
        const handSince = this.emptiedByHand.get(key);
        if (handSince !== undefined && (o.addressCount > 0 || o.source !== 'hand')) {
            this.handEmptyTotalMs += o.atMs - handSince;
            this.emptiedByHand.delete(key);
        }
        if (o.addressCount === 0 && o.source === 'hand') {
            // An input: the control plane has to repair it; its wait is measured apart.
            if (!this.emptiedByHand.has(key))
                this.emptiedByHand.set(key, o.atMs);
            this.emptyNow.delete(key);
        }
        else if (o.addressCount === 0) {
            if (!this.emptyNow.has(key)) {
                this.found.push({ invariant: 'NeverEmpty', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed, detail: `${o.endpoint} on ${o.provider} answers with no address (generation ${o.generation})` });
            }
            this.emptyNow.add(key);
        }
        else {
            this.emptyNow.delete(key);
        }
        const isAnyEmpty = this.emptyNow.size > 0;
        if (!wasAnyEmpty && isAnyEmpty)
            this.emptySinceMs = o.atMs;
        if (wasAnyEmpty && !isAnyEmpty)
            this.emptyTotalMs += o.atMs - this.emptySinceMs;
    }
    observeDeletion(_deletion) { }
    /** Total empty time up to `endMs` (an episode still open at the end counts up to it). */
    emptyAnswerMs(endMs) {
        return this.emptyTotalMs + (this.emptyNow.size > 0 ? endMs - this.emptySinceMs : 0);
    }
    /** Total time names emptied by hand waited for their repair, up to `endMs`. */
    handEmptyAnswerMs(endMs) {
        let open = 0;
        for (const since of this.emptiedByHand.values())
            open += endMs - since;
        return this.handEmptyTotalMs + open;
    }
    violations() {
        return this.found;
    }
}
//# sourceMappingURL=never-empty.js.map
export const LEGACY_PROVIDER = 'legacy-zone';
export class LegacyZone {
    nowMs;
    observer;
    locks = new Map();
    trees = new Map();
    alias = new Map();
    rollback = new Map();
    constructor(nowMs, observer) {
        this.nowMs = nowMs;
        this.observer = observer;
    }
    read(endpoint) {
        const active = this.alias.get(endpoint) ?? null;
        return {
            lock: this.locks.get(endpoint) ?? null,
            active,
            activeTreeExists: active !== null && (this.trees.get(endpoint)?.has(active) ?? false),
            rollback: this.rollback.get(endpoint) ?? null,
        };
    }
    apply(batch) {
        if (!locksEqual(this.locks.get(batch.endpoint) ?? null, batch.expectedLock))
            return 'lock-changed';
        this.locks.set(batch.endpoint, batch.newLock);
        this.alias.set(batch.endpoint, batch.generation);
        if (batch.rollbackTo !== null)
            this.rollback.set(batch.endpoint, batch.rollbackTo);
        this.emitAnswer(batch.endpoint);
        return 'applied';
    }
    /** Writes (or rewrites) one generation's record tree under an endpoint. */
    writeTree(endpoint, generation, records) {
        this.treesOf(endpoint).set(generation, records);
        if (this.alias.get(endpoint) === generation)
            this.emitAnswer(endpoint);
    }
    /** The generations that have a tree under this endpoint, ascending. */
    listTrees(endpoint) {
        return [...this.treesOf(endpoint).keys()].sort((a, b) => a - b);
    }
    /** Clean-up deletes one tree per change, whatever points at it (LEGACY). */
    deleteTree(endpoint, generation, by) {
        const trees = this.treesOf(endpoint);
        if (!trees.has(generation))
            return false;
        this.observer.observeDeletion({ atMs: this.nowMs(), generation, by, provider: LEGACY_PROVIDER, endpoint });
        trees.delete(generation);
        if (this.alias.get(endpoint) === generation)
            this.emitAnswer(endpoint);
        return true;
    }
    /** The operators' hand repair: point the name at an existing tree, rollback included, lock cleared. */
    repair(endpoint, generation) {
        this.alias.set(endpoint, generation);
        this.rollback.set(endpoint, generation);
        this.locks.delete(endpoint);
        this.emitAnswer(endpoint);
    }
    answer(endpoint) {
        const active = this.alias.get(endpoint) ?? 0;
        return { generation: active, records: this.trees.get(endpoint)?.get(active) ?? null };
    }
    treesOf(endpoint) {
        let trees = this.trees.get(endpoint);
        if (trees === undefined) {
            trees = new Map();
            this.trees.set(endpoint, trees);
        }
        return trees;
    }
    emitAnswer(endpoint) {
        const { generation, records } = this.answer(endpoint);
        const addresses = records?.addresses ?? [];
        this.observer.observeDns({
            atMs: this.nowMs(), provider: LEGACY_PROVIDER, endpoint, generation,
            addressCount: addresses.length, capacity: addresses.reduce((sum, a) => sum + a.weight, 0),
        });
    }
}
function locksEqual(a, b) {
    if (a === null || b === null)
        return a === b;
    return a.holder === b.holder && a.expiresAtMs === b.expiresAtMs;
}
//# sourceMappingURL=legacy-zone.js.map
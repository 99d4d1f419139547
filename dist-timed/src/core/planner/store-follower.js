/** A bound on the generations read in one pass (the rebuild after a restart, or a long absence). */
export const LEDGER_FOLLOW_GENERATIONS_MAX = 200;
export class StoreFollower {
    ledger;
    landable;
    clock;
    lastSeen = null;
    constructor(ledger, landable, clock) {
        this.ledger = ledger;
        this.landable = landable;
        this.clock = clock;
    }
    /** The newest generation followed so far (0: none). */
    get lastSeenGeneration() {
        return this.lastSeen?.generation ?? 0;
    }
    /** A plan this Planner just created: recorded by the caller, only remembered here. */
    created(plan) {
        if (this.lastSeen === null || plan.generation > this.lastSeen.generation)
            this.lastSeen = plan;
    }
    /**
     * Records the generations created since the last pass. An unreadable store leaves them for the
     * next. `latestGeneration`: the store's newest, when the caller just read it; nothing newer than
     * what was seen means no listing at all (the Planner's every tick).
     */
    async follow(store, latestGeneration) {
        if (this.lastSeen !== null && latestGeneration !== undefined && (latestGeneration ?? 0) <= this.lastSeen.generation)
            return;
        const listed = await store.list();
        if (!listed.ok)
            return;
        const after = this.lastSeen?.generation ?? 0;
        const fresh = listed.value.filter((info) => info.generation > after).slice(-LEDGER_FOLLOW_GENERATIONS_MAX);
        const nowMs = this.clock.monotonicMs();
        for (const info of fresh) {
            const plan = await store.get(info.generation);
            if (!plan.ok)
                return;
            if (plan.value === null)
                continue; // deleted by the Cleaner meanwhile
            // The first plan of a rebuild has no predecessor: all of its capacity is taken as in force now.
            this.ledger.recordPlan(plan.value.endpoints, this.lastSeen?.endpoints ?? [], nowMs);
            this.landable.record(plan.value.generation, plan.value.endpoints, this.lastSeen?.endpoints ?? []);
            this.lastSeen = plan.value;
        }
    }
}
//# sourceMappingURL=store-follower.js.map
const NEVER = new Promise(() => { });
export class ProcessGate {
    aliveFlag = true;
    onCrash = [];
    get alive() {
        return this.aliveFlag;
    }
    crash() {
        this.aliveFlag = false;
        for (const action of this.onCrash.splice(0))
            action();
    }
    /** Runs `action` when the process crashes (its scheduled tasks are stopped). */
    whenCrashed(action) {
        this.onCrash.push(action);
    }
    async pass(call) {
        if (!this.aliveFlag)
            return NEVER;
        const value = await call();
        if (!this.aliveFlag)
            return NEVER;
        return value;
    }
    clock(base) {
        return { nowMs: () => base.nowMs(), monotonicMs: () => base.monotonicMs(), sleepMs: (ms) => this.pass(() => base.sleepMs(ms)) };
    }
    provider(base) {
        return {
            id: base.id,
            writesPerTransactionMax: base.writesPerTransactionMax,
            ...(base.transactionsInFlightMax === undefined ? {} : { transactionsInFlightMax: base.transactionsInFlightMax }),
            readEndpoints: (names) => this.pass(() => base.readEndpoints(names)),
            applyFenced: (writes) => this.pass(() => base.applyFenced(writes)),
            materialise: (records) => base.materialise(records),
        };
    }
    store(base) {
        return {
            acquireLease: (holder, ttlMs) => this.pass(() => base.acquireLease(holder, ttlMs)),
            latest: () => this.pass(() => base.latest()),
            highWater: () => this.pass(() => base.highWater()),
            get: (g) => this.pass(() => base.get(g)),
            create: (plan, token) => this.pass(() => base.create(plan, token)),
            list: () => this.pass(() => base.list()),
            delete: (g) => this.pass(() => base.delete(g)),
        };
    }
}
//# sourceMappingURL=process-gate.js.map
export class LegacyEnactor {
    deps;
    previouslyApplied = 0;
    constructor(deps) {
        this.deps = deps;
    }
    async tick() {
        const latest = await this.deps.store.latest();
        if (!latest.ok || latest.value === null)
            return;
        const plan = latest.value;
        // LEGACY: the only staleness check, made once before a walk that can take a long time.
        if (plan.generation <= this.previouslyApplied)
            return;
        this.deps.note(`${this.deps.id} legacy: applying g${plan.generation} (previously applied g${this.previouslyApplied})`);
        for (const endpoint of plan.endpoints)
            await this.writeTree(plan, endpoint);
        for (const endpoint of plan.endpoints) {
            const outcome = await this.writeEndpoint(plan, endpoint);
            // The rollback target is gone: the 2025 code could not handle it and made no progress.
            if (outcome === 'stuck')
                return;
        }
        this.previouslyApplied = plan.generation;
        await this.cleanUp(plan);
    }
    async writeTree(plan, endpoint) {
        const records = { ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses };
        for (let attempt = 1; attempt <= this.deps.settings.lockAttemptsMax; attempt++) {
            if (await this.deps.zone.writeTree(endpoint.name, plan.generation, records))
                return;
            await this.deps.clock.sleepMs(this.backoffMs(attempt));
        }
    }
    async writeEndpoint(plan, endpoint) {
        for (let attempt = 1; attempt <= this.deps.settings.lockAttemptsMax; attempt++) {
            const outcome = await this.tryOnce(plan, endpoint);
            if (outcome !== 'retry')
                return outcome;
            await this.deps.clock.sleepMs(this.backoffMs(attempt));
        }
        this.deps.note(`${this.deps.id} legacy: gave up on ${endpoint.name} for g${plan.generation} after ${this.deps.settings.lockAttemptsMax} attempts`);
        return 'gave-up';
    }
    async tryOnce(plan, endpoint) {
        const read = await this.deps.zone.read(endpoint.name);
        if (!read.ok)
            return 'retry';
        const view = read.value;
        const now = this.deps.clock.nowMs();
        if (view.lock !== null && view.lock.holder !== this.deps.id && view.lock.expiresAtMs > now)
            return 'retry';
        if (view.active !== null && !view.activeTreeExists) {
            this.deps.note(`${this.deps.id} legacy: STUCK on ${endpoint.name}: rollback target g${view.active} does not exist`);
            return 'stuck';
        }
        const applied = await this.deps.zone.apply({
            endpoint: endpoint.name,
            expectedLock: view.lock,
            newLock: { holder: this.deps.id, expiresAtMs: now + this.deps.settings.lockTtlMs },
            generation: plan.generation,
            // LEGACY: the write needs the previous tree, through the rollback pointer.
            rollbackTo: view.active,
        });
        if (!applied.ok || applied.value === 'lock-changed')
            return 'retry';
        return 'written';
    }
    /** LEGACY: deletes by generation number alone, whatever the names point at right now. */
    async cleanUp(plan) {
        const below = plan.generation - this.deps.settings.cleanupGenerationsBehind;
        if (below <= 0)
            return;
        for (const endpoint of plan.endpoints) {
            const doomed = (await this.deps.zone.listTrees(endpoint.name)).filter((g) => g < below);
            for (const g of doomed) {
                if (await this.deps.zone.deleteTree(endpoint.name, g, this.deps.id))
                    this.deps.note(`${this.deps.id} legacy: clean-up deleted ${endpoint.name} tree g${g}`);
            }
        }
    }
    backoffMs(attempt) {
        const ceiling = Math.min(this.deps.settings.lockBackoffMaxMs, this.deps.settings.lockBackoffBaseMs * 2 ** (attempt - 1));
        return Math.floor(ceiling / 2 + (this.deps.random.nextFloat() * ceiling) / 2);
    }
}
//# sourceMappingURL=legacy-enactor.js.map
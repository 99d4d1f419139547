/**
 * The simulator's PlanStore: the contract-enforcing MemoryPlanStore behind latency, random errors
 * and outage windows (store unavailability), plus the operator's blunt instruments: a backup taken
 * now and restored later (generations and high-water mark go back), and every generation deleted.
 * Creations and deletions are reported to the checkers (who deleted: only the Cleaner's count for
 * CleanerSafety; a restore or a wipe is an operator's act).
 */
import { generation as toGeneration } from '../../core/model/ids.js';
import { failure } from '../../core/ports/result.js';
import { MemoryPlanStore } from '../../app/sim-support.js';
import { chance, drawLatencyMs, NO_LATENCY } from './latency.js';
export const NO_STORE_FAULTS = { latency: NO_LATENCY, errorProbability: 0 };
/** The holder the restore tool takes the lease as (for 1 ms: a restored store's lease is free again at once). */
const RESTORE_HOLDER = 'backup-restore';
export class SimPlanStore {
    clock;
    random;
    faults;
    faultSwitch;
    observeDeletion;
    observeCreation;
    /** Set by the scenario for an outage window; independent of the random faults. */
    down = false;
    innerStore;
    constructor(clock, random, faults, faultSwitch, observeDeletion, observeCreation = () => { }) {
        this.clock = clock;
        this.random = random;
        this.faults = faults;
        this.faultSwitch = faultSwitch;
        this.observeDeletion = observeDeletion;
        this.observeCreation = observeCreation;
        this.innerStore = new MemoryPlanStore({ clock });
    }
    /** The store without faults (the simulator's own reads: settling, convergence, scenarios). */
    get inner() {
        return this.innerStore;
    }
    acquireLease(holder, ttlMs) {
        return this.call(() => this.innerStore.acquireLease(holder, ttlMs));
    }
    latest() {
        return this.call(() => this.innerStore.latest());
    }
    highWater() {
        return this.call(() => this.innerStore.highWater());
    }
    get(generation) {
        return this.call(() => this.innerStore.get(generation));
    }
    async create(plan, token) {
        const result = await this.call(() => this.innerStore.create(plan, token));
        if (result.ok)
            this.observeCreation(plan);
        return result;
    }
    list() {
        return this.call(() => this.innerStore.list());
    }
    /**
     * Reported only when the generation was there: deleting one already gone (a Cleaner that listed
     * before a wipe or a restore) removes nothing, so there is nothing for the checkers to judge.
     */
    async delete(generation) {
        let existed = false;
        const result = await this.call(async () => {
            const before = await this.innerStore.get(generation);
            existed = before.ok && before.value !== null;
            return this.innerStore.delete(generation);
        });
        if (result.ok && existed)
            this.observeDeletion({ atMs: this.clock.monotonicMs(), generation, by: 'cleaner' });
        return result;
    }
    /** A backup of what is stored now (plans and high-water mark). */
    async backup() {
        const listed = await this.innerStore.list();
        const high = await this.innerStore.highWater();
        const plans = [];
        for (const info of listed.ok ? listed.value : []) {
            const plan = await this.innerStore.get(info.generation);
            if (plan.ok && plan.value !== null)
                plans.push(plan.value);
        }
        return { plans, highWater: high.ok ? high.value : 0 };
    }
    /**
     * Replaces the store with `backup`, as restoring a database file would: later generations and
     * the high-water mark are gone, the lease is free (the restore tool held it last). A high-water
     * mark above the newest stored plan is rebuilt with a placeholder created and deleted again.
     */
    async restore(backup) {
        const restored = new MemoryPlanStore({ clock: this.clock });
        const lease = await restored.acquireLease(RESTORE_HOLDER, 1);
        if (!lease.ok)
            return;
        for (const plan of backup.plans)
            await restored.create(plan, lease.value.token);
        const template = backup.plans.at(-1);
        if (template !== undefined && backup.highWater > template.generation) {
            await restored.create({ ...template, generation: toGeneration(backup.highWater) }, lease.value.token);
            await restored.delete(toGeneration(backup.highWater));
        }
        this.innerStore = restored;
    }
    /** Deletes every stored generation (the high-water mark stays, as a table's rows deleted would leave its meta row). */
    async deleteAll() {
        const listed = await this.innerStore.list();
        if (!listed.ok)
            return 0;
        for (const info of listed.value)
            await this.innerStore.delete(info.generation);
        return listed.value.length;
    }
    async call(operation) {
        const faults = this.faultSwitch.faultsOn ? this.faults : NO_STORE_FAULTS;
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        if (this.down)
            return failure('unavailable', 'store outage (simulated)', true);
        if (chance(faults.errorProbability, this.random))
            return failure('unavailable', 'store error (injected)', true);
        return operation();
    }
}
//# sourceMappingURL=sim-plan-store.js.map
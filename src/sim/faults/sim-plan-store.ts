/**
 * The simulator's PlanStore: the contract-enforcing MemoryPlanStore behind latency, random errors
 * and outage windows (store unavailability), plus the operator's blunt instruments: a backup taken
 * now and restored later (generations and high-water mark go back), and every generation deleted.
 * Creations and deletions are reported to the checkers (who deleted: only the Cleaner's count for
 * CleanerSafety; a restore or a wipe is an operator's act).
 */
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import type { Clock } from '../../core/ports/clock.js';
import type { GenerationInfo, LastChanges, LeaseGrant, PlanStore } from '../../core/ports/plan-store.js';
import type { Random } from '../../core/ports/random.js';
import { failure, type Result } from '../../core/ports/result.js';
import { MemoryPlanStore } from '../../app/sim-support.js';
import type { GenerationDeletion } from '../checkers/types.js';
import { chance, drawLatencyMs, NO_LATENCY, type LatencyModel } from './latency.js';
import type { FaultSwitch } from './sim-dns-provider.js';

export interface StoreFaults {
  readonly latency: LatencyModel;
  readonly errorProbability: number;
}

export const NO_STORE_FAULTS: StoreFaults = { latency: NO_LATENCY, errorProbability: 0 };

/** What a backup holds: the stored plans and the high-water mark. */
export interface StoreBackup {
  readonly plans: readonly Plan[];
  readonly highWater: number;
}

/** The holder the restore tool takes the lease as (for 1 ms: a restored store's lease is free again at once). */
const RESTORE_HOLDER = 'backup-restore';

export class SimPlanStore implements PlanStore {
  /** Set by the scenario for an outage window; independent of the random faults. */
  down = false;
  private innerStore: MemoryPlanStore;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly faults: StoreFaults,
    private readonly faultSwitch: FaultSwitch,
    private readonly observeDeletion: (d: GenerationDeletion) => void,
    private readonly observeCreation: (plan: Plan) => void = () => {},
  ) {
    this.innerStore = new MemoryPlanStore({ clock });
  }

  /** The store without faults (the simulator's own reads: settling, convergence, scenarios). */
  get inner(): MemoryPlanStore {
    return this.innerStore;
  }

  acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>> {
    return this.call(() => this.innerStore.acquireLease(holder, ttlMs));
  }

  latest(): Promise<Result<Plan | null>> {
    return this.call(() => this.innerStore.latest());
  }

  highWater(): Promise<Result<Generation>> {
    return this.call(() => this.innerStore.highWater());
  }

  get(generation: Generation): Promise<Result<Plan | null>> {
    return this.call(() => this.innerStore.get(generation));
  }

  async create(plan: Plan, token: number): Promise<Result<void>> {
    const result = await this.call(() => this.innerStore.create(plan, token));
    if (result.ok) this.observeCreation(plan);
    return result;
  }

  list(): Promise<Result<readonly GenerationInfo[]>> {
    return this.call(() => this.innerStore.list());
  }

  /** As SQLite answers it in `up`: the Enactors leave fences behind only where no plan in between changed the name. */
  lastChangesSince(since: Generation): Promise<Result<LastChanges | null>> {
    return this.call(() => this.innerStore.lastChangesSince(since));
  }

  /**
   * Reported only when the generation was there: deleting one already gone (a Cleaner that listed
   * before a wipe or a restore) removes nothing, so there is nothing for the checkers to judge.
   */
  async delete(generation: Generation): Promise<Result<void>> {
    let existed = false;
    const result = await this.call(async () => {
      const before = await this.innerStore.get(generation);
      existed = before.ok && before.value !== null;
      return this.innerStore.delete(generation);
    });
    if (result.ok && existed) this.observeDeletion({ atMs: this.clock.monotonicMs(), generation, by: 'cleaner' });
    return result;
  }

  /** A backup of what is stored now (plans and high-water mark). */
  async backup(): Promise<StoreBackup> {
    const listed = await this.innerStore.list();
    const high = await this.innerStore.highWater();
    const plans: Plan[] = [];
    for (const info of listed.ok ? listed.value : []) {
      const plan = await this.innerStore.get(info.generation);
      if (plan.ok && plan.value !== null) plans.push(plan.value);
    }
    return { plans, highWater: high.ok ? high.value : 0 };
  }

  /**
   * Replaces the store with `backup`, as restoring a database file would: later generations and
   * the high-water mark are gone, the lease is free (the restore tool held it last). A high-water
   * mark above the newest stored plan is rebuilt with a placeholder created and deleted again.
   */
  async restore(backup: StoreBackup): Promise<void> {
    const restored = new MemoryPlanStore({ clock: this.clock });
    const lease = await restored.acquireLease(RESTORE_HOLDER, 1);
    if (!lease.ok) return;
    for (const plan of backup.plans) await restored.create(plan, lease.value.token);
    const template = backup.plans.at(-1);
    if (template !== undefined && backup.highWater > template.generation) {
      await restored.create({ ...template, generation: toGeneration(backup.highWater) }, lease.value.token);
      await restored.delete(toGeneration(backup.highWater));
    }
    this.innerStore = restored;
  }

  /** Deletes every stored generation (the high-water mark stays, as a table's rows deleted would leave its meta row). */
  async deleteAll(): Promise<number> {
    const listed = await this.innerStore.list();
    if (!listed.ok) return 0;
    for (const info of listed.value) await this.innerStore.delete(info.generation);
    return listed.value.length;
  }

  private async call<T>(operation: () => Promise<Result<T>>): Promise<Result<T>> {
    const faults = this.faultSwitch.faultsOn ? this.faults : NO_STORE_FAULTS;
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (this.down) return failure('unavailable', 'store outage (simulated)', true);
    if (chance(faults.errorProbability, this.random)) return failure('unavailable', 'store error (injected)', true);
    return operation();
  }
}

/**
 * The simulator's PlanStore: the contract-enforcing MemoryPlanStore behind latency, random errors
 * and outage windows (store unavailability). Deletions are reported to the checkers.
 */
import type { Generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import type { Clock } from '../../core/ports/clock.js';
import type { GenerationInfo, PlanStore } from '../../core/ports/plan-store.js';
import type { Random } from '../../core/ports/random.js';
import { failure, type Result } from '../../core/ports/result.js';
import type { MemoryPlanStore } from '../../adapters/store-memory/memory-plan-store.js';
import type { GenerationDeletion } from '../checkers/types.js';
import { chance, drawLatencyMs, NO_LATENCY, type LatencyModel } from './latency.js';
import type { FaultSwitch } from './sim-dns-provider.js';

export interface StoreFaults {
  readonly latency: LatencyModel;
  readonly errorProbability: number;
}

export const NO_STORE_FAULTS: StoreFaults = { latency: NO_LATENCY, errorProbability: 0 };

export class SimPlanStore implements PlanStore {
  /** Set by the scenario for an outage window; independent of the random faults. */
  down = false;

  constructor(
    readonly inner: MemoryPlanStore,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly faults: StoreFaults,
    private readonly faultSwitch: FaultSwitch,
    private readonly observeDeletion: (d: GenerationDeletion) => void,
  ) {}

  latest(): Promise<Result<Plan | null>> {
    return this.call(() => this.inner.latest());
  }

  highWater(): Promise<Result<Generation>> {
    return this.call(() => this.inner.highWater());
  }

  get(generation: Generation): Promise<Result<Plan | null>> {
    return this.call(() => this.inner.get(generation));
  }

  create(plan: Plan): Promise<Result<void>> {
    return this.call(() => this.inner.create(plan));
  }

  list(): Promise<Result<readonly GenerationInfo[]>> {
    return this.call(() => this.inner.list());
  }

  async delete(generation: Generation): Promise<Result<void>> {
    const result = await this.call(() => this.inner.delete(generation));
    if (result.ok) this.observeDeletion({ atMs: this.clock.nowMs(), generation, by: 'cleaner' });
    return result;
  }

  private async call<T>(operation: () => Promise<Result<T>>): Promise<Result<T>> {
    const faults = this.faultSwitch.faultsOn ? this.faults : NO_STORE_FAULTS;
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (this.down) return failure('unavailable', 'store outage (simulated)', true);
    if (chance(faults.errorProbability, this.random)) return failure('unavailable', 'store error (injected)', true);
    return operation();
  }
}

/**
 * An in-memory PlanStore with the same contract as SQLite and etcd (test/contract/plan-store.ts).
 * `setAvailable(false)` makes every call fail as 'unavailable', for static-stability tests.
 */
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import type { GenerationInfo, PlanStore } from '../../core/ports/plan-store.js';
import { failure, ok, type Result } from '../../core/ports/result.js';

export class MemoryPlanStore implements PlanStore {
  private readonly plans = new Map<number, Plan>();
  private highest = 0;
  private available = true;

  setAvailable(available: boolean): void {
    this.available = available;
  }

  async latest(): Promise<Result<Plan | null>> {
    if (!this.available) return unavailable();
    // `highest` is a high-water mark that deletion does not lower (numbers are never reused);
    // the latest stored plan is the highest key still present.
    let latest: Plan | null = null;
    for (const plan of this.plans.values()) if (latest === null || plan.generation > latest.generation) latest = plan;
    return ok(latest);
  }

  async highWater(): Promise<Result<Generation>> {
    if (!this.available) return unavailable();
    return ok(toGeneration(this.highest));
  }

  async get(generation: Generation): Promise<Result<Plan | null>> {
    if (!this.available) return unavailable();
    return ok(this.plans.get(generation) ?? null);
  }

  async create(plan: Plan): Promise<Result<void>> {
    if (!this.available) return unavailable();
    if (plan.generation <= this.highest) {
      return failure('exists', `generation ${plan.generation} is not above the latest stored generation ${this.highest}`, false);
    }
    this.plans.set(plan.generation, plan);
    this.highest = plan.generation;
    return ok(undefined);
  }

  async list(): Promise<Result<readonly GenerationInfo[]>> {
    if (!this.available) return unavailable();
    return ok([...this.plans.values()]
      .map((p) => ({ generation: p.generation, digest: p.digest, createdAtMs: p.createdAtMs }))
      .sort((a, b) => a.generation - b.generation));
  }

  async delete(generation: Generation): Promise<Result<void>> {
    if (!this.available) return unavailable();
    this.plans.delete(generation);
    return ok(undefined);
  }
}

function unavailable(): Result<never> {
  return failure('unavailable', 'memory store marked unavailable', true);
}

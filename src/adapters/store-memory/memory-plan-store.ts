/**
 * An in-memory PlanStore with the same contract as SQLite and etcd (test/contract/plan-store.ts).
 * `setAvailable(false)` makes every call fail as 'unavailable', for static-stability tests.
 *
 * The Planner lease expires on an injected monotonic clock, so the simulator runs it on virtual
 * time; one process holds the map, so there is no shared clock to worry about.
 */
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import type { GenerationInfo, LastChanges, LeaseGrant, PlanChanges, PlanStore } from '../../core/ports/plan-store.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { changedBetween, lastChangesAcross } from './plan-changes.js';
import { decideLease, fenced, isFenced, LEASE_NEVER_GRANTED, type LeaseRecord } from './planner-lease.js';

export interface MemoryPlanStoreOptions {
  /** Measures lease expiry; default `performance.now()`. */
  readonly clock?: { monotonicMs(): number };
}

export class MemoryPlanStore implements PlanStore {
  private readonly plans = new Map<number, Plan>();
  private highest = 0;
  private lease: LeaseRecord = LEASE_NEVER_GRANTED;
  private available = true;
  private readonly clock: { monotonicMs(): number };

  constructor(options: MemoryPlanStoreOptions = {}) {
    this.clock = options.clock ?? { monotonicMs: () => performance.now() };
  }

  setAvailable(available: boolean): void {
    this.available = available;
  }

  async acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>> {
    if (!this.available) return unavailable();
    const decision = decideLease(this.lease, holder, ttlMs, this.clock.monotonicMs());
    this.lease = decision.record;
    if (decision.kind === 'held') {
      const { holder: current, token } = decision.record;
      return failure('held', `planner lease is held by ${current} (token ${token}) for another ${Math.ceil(decision.remainingMs)} ms`, true);
    }
    return ok({ holder, token: decision.record.token, ttlMs });
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

  async create(plan: Plan, token: number): Promise<Result<void>> {
    if (!this.available) return unavailable();
    // Fencing first: a Planner that lost the lease must step down whatever it tried to write.
    if (isFenced(this.lease, token)) return fenced(this.lease, token);
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

  /** By comparing the two plans (O(endpoints)): the memory store keeps whole plans. */
  async changedSince(since: Generation): Promise<Result<PlanChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    const before = this.plans.get(since);
    if (plan === null || before === undefined || plan.generation <= since) return ok(null);
    return ok({ plan, since, changed: changedBetween(before, plan) });
  }

  /** By walking every stored generation from `since` to the latest (each step remembered once). */
  async lastChangesSince(since: Generation): Promise<Result<LastChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    if (plan === null || plan.generation < since) return ok(null);
    const consecutive: Plan[] = [];
    for (let g = since; g <= plan.generation; g++) {
      const stored = this.plans.get(g);
      if (stored === undefined) return ok(null);
      consecutive.push(stored);
    }
    return ok({ since, latest: plan.generation, changes: lastChangesAcross(consecutive) });
  }
}

function unavailable(): Result<never> {
  return failure('unavailable', 'memory store marked unavailable', true);
}

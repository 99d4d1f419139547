/**
 * Keeps a Planner's velocity ledger in step with every generation in the store, not only the ones
 * it wrote itself. A standby Planner that only sampled what is served would miss a capacity that
 * another Planner published and replaced between two of its reads; once it takes the lease, it
 * would then grant a fresh share of removals against a peak it never saw. Reading each new
 * generation once (and recording it when first seen: never earlier than it existed) closes that.
 *
 * The first call is the rebuild after a (re)start: the newest stored generations, all taken as in
 * force now (their wall-clock timestamps cannot say how long ago they were served). A store that
 * went back (a restored backup) brings nothing new until it numbers above what was seen.
 */
import type { Plan } from '../model/plan.js';
import type { Clock } from '../ports/clock.js';
import type { PlanStore } from '../ports/plan-store.js';
import type { VelocityLedger } from '../safety/velocity-ledger.js';
import type { LandableCapacity } from './landable-capacity.js';

/** A bound on the generations read in one pass (the rebuild after a restart, or a long absence). */
export const LEDGER_FOLLOW_GENERATIONS_MAX = 200;

export class StoreFollower {
  private lastSeen: Plan | null = null;

  constructor(private readonly ledger: VelocityLedger, private readonly landable: LandableCapacity, private readonly clock: Clock) {}

  /** The newest generation followed so far (0: none). */
  get lastSeenGeneration(): number {
    return this.lastSeen?.generation ?? 0;
  }

  /** A plan this Planner just created: recorded by the caller, only remembered here. */
  created(plan: Plan): void {
    if (this.lastSeen === null || plan.generation > this.lastSeen.generation) this.lastSeen = plan;
  }

  /**
   * Records the generations created since the last pass. An unreadable store leaves them for the
   * next. `latestGeneration`: the store's newest, when the caller just read it; nothing newer than
   * what was seen means no listing at all (the Planner's every tick).
   */
  async follow(store: Pick<PlanStore, 'list' | 'get'>, latestGeneration?: number | null): Promise<void> {
    if (this.lastSeen !== null && latestGeneration !== undefined && (latestGeneration ?? 0) <= this.lastSeen.generation) return;
    const listed = await store.list();
    if (!listed.ok) return;
    const after = this.lastSeen?.generation ?? 0;
    const fresh = listed.value.filter((info) => info.generation > after).slice(-LEDGER_FOLLOW_GENERATIONS_MAX);
    const nowMs = this.clock.monotonicMs();
    for (const info of fresh) {
      const plan = await store.get(info.generation);
      if (!plan.ok) return;
      if (plan.value === null) continue; // deleted by the Cleaner meanwhile
      // The first plan of a rebuild has no predecessor: all of its capacity is taken as in force now.
      this.ledger.recordPlan(plan.value.endpoints, this.lastSeen?.endpoints ?? [], nowMs);
      this.landable.record(plan.value.generation, plan.value.endpoints, this.lastSeen?.endpoints ?? []);
      this.lastSeen = plan.value;
    }
  }
}

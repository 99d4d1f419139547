/**
 * Every decision is an event with a reason (ARCHITECTURE §7, audit history). Core components
 * emit events through this sink; app/ stores them (SQLite) and exposes them in status and logs;
 * the simulator keeps them in its trace.
 */
export type DecisionKind =
  | 'plan.created'
  | 'plan.unchanged'
  | 'plan.refused'
  | 'plan.renumbered'
  | 'guard.never-empty'
  | 'guard.min-capacity'
  | 'enact.applied'
  | 'enact.conflict'
  | 'enact.skipped-newer'
  | 'enact.refused'
  | 'enact.error'
  | 'enact.malformed-fence'
  /** A fence that is not ours (malformed, several records, or a generation beyond any plan): the name is left alone. */
  | 'enact.foreign-fence'
  /** An operator adopted a name back from a fence that was not ours. */
  | 'enact.adopted'
  /** The live generation equals the plan's but its digest differs (a restored store renumbered): not done. */
  | 'enact.divergent'
  /** A write the per-write guards refused (freeze, minimum capacity, capacity removed per write). */
  | 'enact.write-refused'
  /** Live records differed from the plan of their generation and were rewritten. */
  | 'enact.repaired'
  /** A managed name answered with no address and was repaired (an alarm). */
  | 'enact.empty-repaired'
  /** A live fence beyond the numbering bound: the Planner does not number above it. */
  | 'plan.fence-ignored'
  /** Another Planner holds the lease: this one plans but does not write. */
  | 'plan.standby'
  /** A control-plane component hit a broken invariant and was halted; DNS keeps answering. */
  | 'control-plane.halted'
  | 'clean.deleted'
  | 'health.transition'
  /** Flap damping (issue 5): a load balancer changing state too often is held, then released. */
  | 'health.held'
  | 'health.released'
  /** Safety guards (issue 5): fail-open (panic), velocity deferral, zone failover, min zones, freeze. */
  | 'guard.fail-open'
  | 'guard.velocity'
  | 'guard.velocity-override'
  | 'guard.zone-failover'
  | 'guard.min-zones'
  | 'guard.frozen'
  /** Operator controls (issue 5): recorded overrides and freezes. */
  | 'override.created'
  | 'override.removed'
  | 'freeze.started'
  /** An operator asked to adopt a name back from a fence that is not ours. */
  | 'adopt.requested'
  | 'freeze.ended'
  /** Routing policies across regions (issue 5). */
  | 'routing.failover'
  | 'routing.failback'
  | 'routing.held'
  | 'store.unavailable';

export interface DecisionEvent {
  readonly atMs: number;
  readonly kind: DecisionKind;
  /** Who decided: 'planner', an enactor id, 'cleaner', 'health'. */
  readonly actor: string;
  readonly reason: string;
  readonly endpoint?: string;
  readonly generation?: number;
  readonly provider?: string;
}

export interface EventSink {
  record(event: DecisionEvent): void;
}

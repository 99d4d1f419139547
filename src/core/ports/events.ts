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

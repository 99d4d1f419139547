/**
 * Operator controls: recorded decisions by a person that change what the Planner may do.
 *
 * - `velocity-override`: lifts velocity control for one endpoint (or `*`) until it expires; a
 *   reason and a TTL are required, so an override is never forgotten in place.
 * - `failback`: approves the return of a failover name to its primary region (manual failback).
 * - `adopt`: takes one endpoint back from a fence that is not ours (malformed, foreign, beyond the
 *   numbering bound): while it is in force the Enactors overwrite that fence with the plan, with
 *   the usual compare-and-swap on the exact bytes read. Never `*`; a reason and a TTL are required.
 * - `freeze`: freeze in place. The Planner keeps planning and shows what it would do, but keeps the
 *   published content of the frozen endpoint (or of everything, `*`) until the freeze is lifted.
 *
 * Controls are data; the ControlStore port keeps them across restarts. Which ones are in force at
 * an instant is decided here, from `nowMs`, so the same answer comes out under virtual time.
 */
export type ControlKind = 'velocity-override' | 'failback' | 'freeze' | 'adopt';

export const ALL_ENDPOINTS = '*';

export interface OperatorControl {
  readonly id: string;
  readonly kind: ControlKind;
  /** An endpoint name (absolute, lower case) or ALL_ENDPOINTS. */
  readonly target: string;
  readonly reason: string;
  readonly by: string;
  readonly createdAtMs: number;
  /** null: until removed (freezes). */
  readonly expiresAtMs: number | null;
}

/**
 * A stored control is in force until it expires. Its creation time is not compared with this
 * process's wall clock: the operator's clock and ours may disagree (a step back, a skewed host),
 * and a recorded freeze must hold from the moment it is read, not from when our clock catches up.
 */
export function isActive(control: OperatorControl, nowMs: number): boolean {
  return control.expiresAtMs === null || nowMs < control.expiresAtMs;
}

/**
 * Controls that lift a protection (velocity, manual failback, a foreign fence): ending one late
 * is the unsafe side. Each process ends them this much early, so that a wall clock up to this
 * far behind the operator's does not stretch them.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5_000;

const LIFTS_A_PROTECTION: ReadonlySet<ControlKind> = new Set(['velocity-override', 'failback', 'adopt']);

/**
 * When a process holds controls in force. The expiry an operator set is a wall-clock instant on
 * the operator's clock; this process's wall clock may be stepped or skewed against it, and it
 * reads controls at an interval (or only after a store outage). So:
 *
 * - A control that lifts a protection is in force while this wall clock has not reached its
 *   expiry AND its monotonic budget lasts: its TTL, less the age it already had when first seen
 *   here, less CLOCK_SKEW_ALLOWANCE_MS. A late read does not stretch it; a clock stepped back
 *   cannot stretch it (the budget is monotonic), one stepped forward can only end it early. A
 *   clock that reads before the control's creation cannot tell its age: the control is not in
 *   force here until it can.
 * - A freeze with an expiry holds for its TTL of monotonic time from when it was first seen
 *   (never ending before the operator meant it to; at most the read delay after).
 * - A freeze without an expiry holds from the moment it is read until it is lifted.
 */
export class ControlTimer {
  /** Per control id: the monotonic instant at which its budget runs out. */
  private readonly endsAtMs = new Map<string, number>();

  constructor(private readonly clock: { nowMs(): number; monotonicMs(): number }) {}

  inForce(controls: readonly OperatorControl[]): ActiveControls {
    const monotonicMs = this.clock.monotonicMs();
    const wallMs = this.clock.nowMs();
    const listed = new Set<string>();
    const kept = controls.filter((control) => {
      listed.add(control.id);
      const expiresAtMs = control.expiresAtMs;
      if (expiresAtMs === null) return true;
      const endsAtMs = this.endsAtMs.get(control.id) ?? this.budget(control.kind, control.createdAtMs, expiresAtMs, wallMs, monotonicMs);
      if (endsAtMs === null) return false;
      this.endsAtMs.set(control.id, endsAtMs);
      if (!LIFTS_A_PROTECTION.has(control.kind)) return monotonicMs < endsAtMs;
      return wallMs < expiresAtMs && monotonicMs < endsAtMs;
    });
    for (const id of this.endsAtMs.keys()) if (!listed.has(id)) this.endsAtMs.delete(id);
    return ActiveControls.of(kept);
  }

  /** The monotonic end of an expiring control first seen now (null: its age cannot be told yet). */
  private budget(kind: ControlKind, createdAtMs: number, expiresAtMs: number, wallMs: number, monotonicMs: number): number | null {
    const ttlMs = expiresAtMs - createdAtMs;
    if (!LIFTS_A_PROTECTION.has(kind)) return monotonicMs + ttlMs;
    const ageWhenSeenMs = wallMs - createdAtMs;
    if (ageWhenSeenMs < 0) return null;
    return monotonicMs + ttlMs - ageWhenSeenMs - CLOCK_SKEW_ALLOWANCE_MS;
  }
}

/** The controls in force at one instant, with lookups the Planner's guards use. */
export class ActiveControls {
  private readonly active: readonly OperatorControl[];

  constructor(controls: readonly OperatorControl[], nowMs: number) {
    this.active = controls.filter((c) => isActive(c, nowMs));
  }

  /** Controls already judged in force (by a ControlTimer). */
  static of(inForce: readonly OperatorControl[]): ActiveControls {
    return new ActiveControls(inForce, Number.NEGATIVE_INFINITY);
  }

  all(): readonly OperatorControl[] {
    return this.active;
  }

  find(kind: ControlKind, endpoint: string): OperatorControl | undefined {
    return this.active.find((c) => c.kind === kind && (c.target === endpoint || c.target === ALL_ENDPOINTS));
  }

  velocityOverride(endpoint: string): OperatorControl | undefined {
    return this.find('velocity-override', endpoint);
  }

  freeze(endpoint: string): OperatorControl | undefined {
    return this.find('freeze', endpoint);
  }

  /** Adoption is per endpoint only: `*` never adopts (see problemWith in app/operator-controls). */
  adoption(endpoint: string): OperatorControl | undefined {
    return this.active.find((c) => c.kind === 'adopt' && c.target === endpoint);
  }

  failbackApproval(endpoint: string): OperatorControl | undefined {
    return this.find('failback', endpoint);
  }
}

export function describeControl(control: OperatorControl): string {
  const until = control.expiresAtMs === null ? 'until lifted' : `until ${control.expiresAtMs}`;
  return `${control.kind} of ${control.target} by ${control.by} (${until}): ${control.reason}`;
}

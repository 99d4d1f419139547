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

export function isActive(control: OperatorControl, nowMs: number): boolean {
  return control.createdAtMs <= nowMs && (control.expiresAtMs === null || nowMs < control.expiresAtMs);
}

/** The controls in force at one instant, with lookups the Planner's guards use. */
export class ActiveControls {
  private readonly active: readonly OperatorControl[];

  constructor(controls: readonly OperatorControl[], nowMs: number) {
    this.active = controls.filter((c) => isActive(c, nowMs));
  }

  static none(): ActiveControls {
    return new ActiveControls([], 0);
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

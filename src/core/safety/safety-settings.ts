/**
 * The Planner's safety settings (issue 5): how much a health signal is allowed to take away.
 * Each one bounds a failure seen in the 2025 event: checks failing for the wrong reason (fail-open),
 * capacity draining faster than anyone could react (velocity), whole zones failed over (minZones).
 */
import { assert } from '../model/assert.js';

export interface VelocitySettings {
  /** Share of an endpoint's capacity (per address family) that may leave DNS within one window. */
  readonly maxShare: number;
  readonly windowMs: number;
}

export interface SafetySettings {
  /**
   * When the unhealthy share of an endpoint's selected capacity reaches this, the Planner treats it
   * as a failure of checking, not of the fleet: it keeps the last published set and raises an alarm.
   * 1 disables fail-open short of "everything unhealthy" (which never-empty handles).
   */
  readonly panicThreshold: number;
  /** null: no velocity control. */
  readonly velocity: VelocitySettings | null;
  /** A multi-zone endpoint keeps at least this many zones when zones are failed over. */
  readonly minZones: number;
  /**
   * A zone whose unhealthy share of an endpoint's capacity reaches this is unhealthy as a whole and
   * is failed over: its remaining addresses leave that (multi-zone) endpoint too. 1: only whole-zone outages.
   */
  readonly zoneUnhealthyShare: number;
}

export const DEFAULT_SAFETY_SETTINGS: SafetySettings = {
  panicThreshold: 0.5,
  velocity: { maxShare: 0.25, windowMs: 300_000 },
  minZones: 2,
  zoneUnhealthyShare: 0.5,
};

export function assertSafetySettings(settings: SafetySettings): void {
  assert(settings.panicThreshold > 0 && settings.panicThreshold <= 1, `panicThreshold must be in (0, 1], got ${settings.panicThreshold}`);
  assert(settings.minZones >= 1, `minZones must be at least 1, got ${settings.minZones}`);
  assert(settings.zoneUnhealthyShare > 0 && settings.zoneUnhealthyShare <= 1, `zoneUnhealthyShare must be in (0, 1], got ${settings.zoneUnhealthyShare}`);
  if (settings.velocity !== null) {
    assert(settings.velocity.maxShare > 0 && settings.velocity.maxShare <= 1, `velocity.maxShare must be in (0, 1], got ${settings.velocity.maxShare}`);
    assert(settings.velocity.windowMs > 0, `velocity.windowMs must be positive, got ${settings.velocity.windowMs}`);
  }
}

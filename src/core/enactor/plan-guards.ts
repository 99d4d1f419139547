/**
 * The Enactor checks a plan again before applying it: the Planner's guards may have been
 * bypassed (a plan written by another tool, a bug, a corrupted store). A plan that fails is
 * refused as a whole and the live records stay.
 */
import type { Plan } from '../model/plan.js';

export interface PlanRefusal {
  readonly reason: string;
}

export function checkPlanBeforeApply(plan: Plan): PlanRefusal | null {
  for (const endpoint of plan.endpoints) {
    if (endpoint.addresses.length === 0) {
      return { reason: `endpoint ${endpoint.name} would have no address (never-empty)` };
    }
  }
  return null;
}

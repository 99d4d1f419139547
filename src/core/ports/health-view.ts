import type { LoadBalancerId } from '../model/ids.js';

/**
 * What the Planner knows of load balancer health at one instant. A load balancer absent from
 * the map has not been judged yet and counts as healthy (no check configured, or not yet probed).
 */
export type HealthView = ReadonlyMap<LoadBalancerId, boolean>;

export function isHealthy(view: HealthView, id: LoadBalancerId): boolean {
  return view.get(id) ?? true;
}

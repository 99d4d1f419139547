/**
 * The fleet the Planner plans for: load balancers (where traffic can go) and endpoints (the names
 * users resolve, each selecting a subset of load balancers). Parsed and validated from config by
 * app/config; core only ever sees this validated shape.
 */
import type { EndpointName, LoadBalancerId } from './ids.js';

export interface LoadBalancerSpec {
  readonly id: LoadBalancerId;
  readonly az: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
  /** Relative capacity, a positive integer; an address's weight is its load balancer's capacity. */
  readonly capacity: number;
}

export interface EndpointSelector {
  /** Only load balancers in this availability zone (absent: any zone). */
  readonly az?: string;
  /** Only these load balancers (absent: any). */
  readonly ids?: readonly LoadBalancerId[];
}

export interface EndpointSpec {
  readonly name: EndpointName;
  readonly select: EndpointSelector;
  readonly ttlSeconds: number;
  readonly answersMax: number;
}

export interface FleetSpec {
  readonly loadBalancers: readonly LoadBalancerSpec[];
  readonly endpoints: readonly EndpointSpec[];
}

export function selects(selector: EndpointSelector, lb: LoadBalancerSpec): boolean {
  if (selector.az !== undefined && selector.az !== lb.az) return false;
  if (selector.ids !== undefined && !selector.ids.includes(lb.id)) return false;
  return true;
}

export function selectedLoadBalancers(fleet: FleetSpec, endpoint: EndpointSpec): LoadBalancerSpec[] {
  return fleet.loadBalancers.filter((lb) => selects(endpoint.select, lb));
}

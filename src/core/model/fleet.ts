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
  /**
   * A name that spans regions (issue 5): its addresses are not chosen from `select` by health but
   * copied, by a routing policy, from the planned addresses of other endpoints (the regional names).
   */
  readonly routing?: RoutingSpec;
}

/** One region in a routing policy: its regional endpoint (planned in the same plan) and its weight. */
export interface RegionTarget {
  readonly region: string;
  readonly endpoint: EndpointName;
  readonly weight: number;
}

export type RoutingSpec =
  /** Active-passive: the primary's regional name while the primary is healthy, else the secondary's. */
  | {
    readonly policy: 'failover';
    readonly primary: RegionTarget;
    readonly secondary: RegionTarget;
    /** automatic: back to the primary once it has been healthy for failbackAfterMs; manual: only on an operator's failback. */
    readonly failback: 'automatic' | 'manual';
    readonly failbackAfterMs: number;
    /** A region is healthy while at least this share of its regional endpoint's capacity is (and some is). */
    readonly healthyShareMin: number;
  }
  /** Active-active: every healthy region's addresses, scaled so each region gets its weight's share. */
  | { readonly policy: 'weighted'; readonly regions: readonly RegionTarget[]; readonly healthyShareMin: number };

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

/**
 * Answers "which load balancers does this selector select" without scanning the whole fleet for
 * each endpoint (100,000 endpoints × 4,000 load balancers would be 4·10^8 checks).
 */
export class SelectionIndex {
  private readonly byId = new Map<LoadBalancerId, LoadBalancerSpec>();
  private readonly byAz = new Map<string, LoadBalancerSpec[]>();

  constructor(private readonly all: readonly LoadBalancerSpec[]) {
    for (const lb of all) {
      this.byId.set(lb.id, lb);
      const zone = this.byAz.get(lb.az) ?? [];
      zone.push(lb);
      this.byAz.set(lb.az, zone);
    }
  }

  /** The selected load balancers, each once; in `ids` order when the selector lists ids, else in fleet order. */
  select(selector: EndpointSelector): LoadBalancerSpec[] {
    if (selector.ids !== undefined) {
      return [...new Set(selector.ids)]
        .map((id) => this.byId.get(id))
        .filter((lb): lb is LoadBalancerSpec => lb !== undefined && selects(selector, lb));
    }
    if (selector.az !== undefined) return [...(this.byAz.get(selector.az) ?? [])];
    return [...this.all];
  }
}

/**
 * The Planner's guards: small named policies applied to each endpoint's candidate addresses, per
 * address family, in the one order declared in PLANNER_GUARDS. A guard never adds a load balancer
 * the endpoint does not select; it can only keep addresses that health would remove.
 */
import type { LoadBalancerSpec } from '../model/fleet.js';
import type { EndpointName } from '../model/ids.js';
import type { AddressFamily, EndpointPlan, WeightedAddress } from '../model/plan.js';
import { failOpenGuard, freezeGuard, velocityGuard, zoneFailoverGuard, type GuardContext } from './safety-guards.js';

export interface GuardSettings {
  /**
   * If the healthy capacity of an endpoint's family falls below this share of its selected
   * capacity, the previous set is kept instead (a mass failure is more likely a checking problem).
   * 0 disables the guard.
   */
  readonly minCapacityShare: number;
}

export const DEFAULT_GUARD_SETTINGS: GuardSettings = { minCapacityShare: 0.25 };

export interface GuardInput {
  readonly family: AddressFamily;
  /** Every address of this family that the endpoint selects, healthy or not. */
  readonly selected: readonly WeightedAddress[];
  /** The addresses the previous generation had for this endpoint and family. */
  readonly previous: readonly WeightedAddress[];
  readonly settings: GuardSettings;
  /** The safety guards (issue 5) need these; without them they let everything through. */
  readonly endpoint?: EndpointName;
  /** The addresses health alone keeps (before any guard). */
  readonly healthy?: readonly WeightedAddress[];
  readonly context?: GuardContext;
}

export type GuardName = 'never-empty' | 'min-capacity' | 'zone-failover' | 'min-zones' | 'fail-open' | 'velocity' | 'velocity-override' | 'frozen';

export interface GuardDecision {
  readonly guard: GuardName;
  readonly reason: string;
}

export interface GuardVerdict {
  readonly addresses: readonly WeightedAddress[];
  readonly decision?: GuardDecision;
}

export interface EndpointGuard {
  readonly name: string;
  apply(input: GuardInput, addresses: readonly WeightedAddress[]): GuardVerdict;
}

/**
 * Never empty: when health would leave no address, keep the last set that was published
 * (the "last healthy set"); with no history at all, publish every selected address (fail open).
 */
export const neverEmptyGuard: EndpointGuard = {
  name: 'never-empty',
  apply(input, addresses) {
    if (addresses.length > 0 || input.selected.length === 0) return { addresses };
    const fallback = input.previous.length > 0 ? input.previous : input.selected;
    const source = input.previous.length > 0 ? 'the last published set' : 'every selected address (no history)';
    return {
      addresses: fallback,
      decision: { guard: 'never-empty', reason: `all ${input.selected.length} ${input.family} addresses look unhealthy; keeping ${source}` },
    };
  },
};

/** Minimum capacity share: refuse to shrink below the configured share of selected capacity. */
export const minCapacityGuard: EndpointGuard = {
  name: 'min-capacity',
  apply(input, addresses) {
    const share = input.settings.minCapacityShare;
    const total = sumWeights(input.selected);
    if (share <= 0 || total === 0) return { addresses };
    const kept = sumWeights(addresses);
    if (kept >= share * total) return { addresses };
    const previousWeight = sumWeights(input.previous);
    if (previousWeight <= kept) return { addresses };
    return {
      addresses: input.previous,
      decision: {
        guard: 'min-capacity',
        reason: `healthy ${input.family} capacity ${kept}/${total} is below the minimum share ${share}; keeping the previous set (${previousWeight})`,
      },
    };
  },
};

/**
 * The order in which guards run. Change it here and nowhere else.
 *   zone failover may remove whole zones (bounded by minZones) → never empty → fail-open when too
 *   much looks unhealthy → minimum capacity → velocity bounds what leaves per window (longest
 *   unhealthy first) → freeze keeps the published set while an operator holds it.
 */
export const PLANNER_GUARDS: readonly EndpointGuard[] = [zoneFailoverGuard, neverEmptyGuard, failOpenGuard, minCapacityGuard, velocityGuard, freezeGuard];

export function sumWeights(addresses: readonly WeightedAddress[]): number {
  let sum = 0;
  for (const a of addresses) sum += a.weight;
  return sum;
}

/**
 * One immutable WeightedAddress per load balancer and family, shared by every plan that holds
 * it: 100,000 endpoints × 8 addresses drawn from 4,000 load balancers were 800,000 objects per
 * computed plan, and the Planner keeps more than one plan.
 */
const addressByLoadBalancer = new WeakMap<LoadBalancerSpec, Partial<Record<AddressFamily, WeightedAddress>>>();

export function addressesOf(lb: LoadBalancerSpec, family: AddressFamily): WeightedAddress | undefined {
  const address = family === 'A' ? lb.ipv4 : lb.ipv6;
  if (address === undefined) return undefined;
  let known = addressByLoadBalancer.get(lb);
  if (known === undefined) {
    known = {};
    addressByLoadBalancer.set(lb, known);
  }
  return known[family] ??= { loadBalancer: lb.id, family, address, weight: lb.capacity };
}

export function previousOfFamily(previous: EndpointPlan | undefined, family: AddressFamily): WeightedAddress[] {
  if (previous === undefined) return [];
  return previous.addresses.filter((a) => a.family === family);
}

/**
 * computePlan: fleet + health + previous plan → the endpoints of the next generation.
 * Pure: no I/O, no clock, no logging. Output is canonical (sorted), so two runs over the same
 * inputs produce identical plans and identical digests.
 *
 * PlanComputer adds an incremental path for large fleets: it remembers the health it last
 * planned with and recomputes only the endpoints that select a load balancer whose health changed.
 */
import { assert } from '../model/assert.js';
import type { EndpointSpec, FleetSpec, LoadBalancerSpec, RoutingSpec } from '../model/fleet.js';
import { SelectionIndex } from '../model/fleet.js';
import type { LoadBalancerId } from '../model/ids.js';
import type { AddressFamily, EndpointPlan, Plan, WeightedAddress } from '../model/plan.js';
import { canonicalEndpoint, compareNames } from '../model/plan.js';
import { DIGEST_SUM_ZERO, addDigest, formatDigestSum, subtractDigest, type DigestSum } from '../model/digest.js';
import { isHealthy, type HealthView } from '../ports/health-view.js';
import { regionHealth, routeFailover, routeWeighted, type RegionHealth, type RoutedResult, type RoutingDecisionKind } from '../routing/route-policy.js';
import type { GuardName, GuardSettings } from './guards.js';
import { PLANNER_GUARDS, addressesOf, previousOfFamily } from './guards.js';
import { velocityGuard, type GuardContext } from './safety-guards.js';

export interface EndpointDecision {
  readonly guard: GuardName | `routing-${RoutingDecisionKind}`;
  readonly reason: string;
  readonly endpoint: string;
  /** null: a decision about the whole name (routing policies). */
  readonly family: AddressFamily | null;
}

/** Where a routed name points after this computation (for status). */
export interface RouteState {
  readonly name: string;
  readonly policy: RoutingSpec['policy'];
  readonly activeRegions: readonly string[];
  readonly regions: readonly RegionHealth[];
}

export interface ComputedPlan {
  /** Sorted by name, canonical. */
  readonly endpoints: readonly EndpointPlan[];
  readonly digest: string;
  /**
   * The digest as a running sum (the plan digest is the endpoints' digests added modulo 2^64),
   * so an incremental computation updates it for the endpoints it touched instead of summing
   * 100,000 digests again.
   */
  readonly digestSum: DigestSum;
  readonly decisions: readonly EndpointDecision[];
  readonly routes: readonly RouteState[];
}

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

/** Plans one endpoint: healthy selected addresses, then the guards in their declared order. */
export function planEndpoint(args: {
  spec: EndpointSpec;
  selected: readonly LoadBalancerSpec[];
  health: HealthView;
  previous: EndpointPlan | undefined;
  settings: GuardSettings;
  context?: GuardContext | undefined;
}): { endpoint: EndpointPlan; decisions: EndpointDecision[] } {
  const addresses: WeightedAddress[] = [];
  const decisions: EndpointDecision[] = [];
  for (const family of FAMILIES) {
    const selected = collectFamily(args.selected, family);
    if (selected.length === 0) continue;
    const healthy = selected.filter((a) => isHealthy(args.health, a.loadBalancer));
    let kept: readonly WeightedAddress[] = healthy;
    const input = {
      family, selected, previous: previousOfFamily(args.previous, family), settings: args.settings,
      endpoint: args.spec.name, healthy, ...(args.context === undefined ? {} : { context: args.context }),
    };
    for (const guard of PLANNER_GUARDS) {
      const verdict = guard.apply(input, kept);
      kept = verdict.addresses;
      if (verdict.decision) decisions.push({ ...verdict.decision, endpoint: args.spec.name, family });
    }
    assert(kept.length > 0, `guards left ${args.spec.name} ${family} empty`);
    addresses.push(...kept);
  }
  const endpoint = canonicalEndpoint({
    name: args.spec.name,
    ttlSeconds: args.spec.ttlSeconds,
    answersMax: args.spec.answersMax,
    addresses,
  });
  return { endpoint, decisions };
}

function collectFamily(lbs: readonly LoadBalancerSpec[], family: AddressFamily): WeightedAddress[] {
  const result: WeightedAddress[] = [];
  for (const lb of lbs) {
    const address = addressesOf(lb, family);
    if (address) result.push(address);
  }
  return result;
}

/** The plain, whole-fleet computation. */
export function computePlan(args: { fleet: FleetSpec; health: HealthView; previous: Plan | null; settings: GuardSettings; context?: GuardContext }): ComputedPlan {
  const computer = new PlanComputer(args.fleet, args.settings);
  return computer.compute(args.health, args.previous, args.context);
}

export class PlanComputer {
  private readonly specs: readonly EndpointSpec[];
  private readonly selectedBySpec: readonly (readonly LoadBalancerSpec[])[];
  /** For each load balancer, the indexes (into specs) of the endpoints that select it. */
  private readonly endpointsByLoadBalancer = new Map<LoadBalancerId, number[]>();
  private lastHealth: Map<LoadBalancerId, boolean> | null = null;
  private lastPrevious: Plan | null = null;
  private lastResult: ComputedPlan | null = null;
  /** Indexes of routed specs: computed after every other endpoint, on every computation. */
  private readonly routedIndexes: readonly number[];
  /** Per failover name: since when its primary has been healthy without interruption. */
  private readonly primaryHealthySinceMs = new Map<string, number | null>();
  private context: GuardContext | undefined;
  /** Each load balancer's capacity: what a routed address stands for, whatever its traffic share. */
  private readonly capacityOf: ReadonlyMap<LoadBalancerId, number>;

  constructor(fleet: FleetSpec, private readonly settings: GuardSettings) {
    this.specs = [...fleet.endpoints].sort(compareNames);
    this.capacityOf = new Map(fleet.loadBalancers.map((lb) => [lb.id, lb.capacity]));
    const selector = new SelectionIndex(fleet.loadBalancers);
    this.selectedBySpec = this.specs.map((spec) => selector.select(spec.select));
    this.routedIndexes = this.specs.flatMap((spec, index) => (spec.routing === undefined ? [] : [index]));
    for (const index of this.routedIndexes) this.assertRoutable(this.specs[index]!);
    this.selectedBySpec.forEach((selected, index) => {
      for (const lb of selected) {
        const list = this.endpointsByLoadBalancer.get(lb.id) ?? [];
        list.push(index);
        this.endpointsByLoadBalancer.set(lb.id, list);
      }
    });
  }

  /**
   * Computes the next endpoints. When `previous` lists the same endpoints as this computer's last
   * result (the plan built from it, or a served baseline that replaced some of its endpoints),
   * only the endpoints touched by a health change, by a guard last time, or by a `previous` that
   * differs from the last result are recomputed.
   */
  compute(health: HealthView, previous: Plan | null, context?: GuardContext): ComputedPlan {
    this.context = context;
    const healthNow = this.snapshot(health);
    const differing = this.differingFromLastResult(previous);
    const result = differing === null || previous === null ? this.computeFull(healthNow, previous) : this.computeIncremental(healthNow, previous, differing);
    this.lastHealth = healthNow;
    this.lastPrevious = previous;
    this.lastResult = result;
    return result;
  }

  /**
   * The indexes at which `previous` differs from the last result, or null when the incremental
   * path cannot be taken (nothing computed yet, or `previous` does not list the fleet's endpoints
   * in the same order). Every other endpoint's previous is the last result's own output, under
   * the same health: recomputing it gives it again (the incremental path's premise).
   */
  private differingFromLastResult(previous: Plan | null): number[] | null {
    const last = this.lastResult;
    if (last === null || this.lastHealth === null || previous === null || this.lastPrevious === null) return null;
    if (previous.digest === last.digest) return [];
    if (previous.endpoints.length !== last.endpoints.length) return null;
    const differing: number[] = [];
    for (let index = 0; index < previous.endpoints.length; index++) {
      const now = previous.endpoints[index]!;
      const before = last.endpoints[index]!;
      if (now === before) continue;
      if (now.name !== before.name) return null;
      if (now.digest !== before.digest) differing.push(index);
    }
    return differing;
  }

  private snapshot(health: HealthView): Map<LoadBalancerId, boolean> {
    const result = new Map<LoadBalancerId, boolean>();
    for (const id of this.endpointsByLoadBalancer.keys()) result.set(id, isHealthy(health, id));
    return result;
  }

  private computeFull(health: HealthView, previous: Plan | null): ComputedPlan {
    const previousByName = new Map<string, EndpointPlan>();
    for (const endpoint of previous?.endpoints ?? []) previousByName.set(endpoint.name, endpoint);
    const endpoints: EndpointPlan[] = [];
    const decisions: EndpointDecision[] = [];
    this.specs.forEach((spec, index) => {
      if (spec.routing !== undefined) {
        endpoints.push(canonicalEndpoint({ name: spec.name, ttlSeconds: spec.ttlSeconds, answersMax: spec.answersMax, addresses: [] }));
        return; // placeholder: routed names are computed once every regional name is
      }
      const planned = planEndpoint({ spec, selected: this.selectedBySpec[index]!, health, previous: previousByName.get(spec.name), settings: this.settings, context: this.context });
      endpoints.push(planned.endpoint);
      decisions.push(...planned.decisions);
    });
    const routes = this.computeRouted(endpoints, decisions, health, (index) => previousByName.get(this.specs[index]!.name));
    let digestSum = DIGEST_SUM_ZERO;
    for (const endpoint of endpoints) digestSum = addDigest(digestSum, endpoint.digest);
    return { endpoints, digest: formatDigestSum(digestSum), digestSum, decisions, routes };
  }

  private computeIncremental(health: Map<LoadBalancerId, boolean>, previous: Plan, differing: readonly number[]): ComputedPlan {
    const last = this.lastResult!;
    const touched = new Set<number>(differing);
    for (const [id, healthy] of health) {
      if (this.lastHealth!.get(id) === healthy) continue;
      for (const index of this.endpointsByLoadBalancer.get(id) ?? []) touched.add(index);
    }
    // Endpoints whose last computation needed a guard depend on more than health: recompute them too.
    for (const decision of last.decisions) touched.add(this.indexOf(decision.endpoint));
    if (touched.size === 0 && this.routedIndexes.length === 0) return last;
    const endpoints = [...previous.endpoints];
    const decisions: EndpointDecision[] = [];
    // In specs order (by name), as the full computation lists them: status and change detection compare the lists.
    for (const index of [...touched].sort((a, b) => a - b)) {
      const spec = this.specs[index]!;
      if (spec.routing !== undefined) continue;
      const planned = planEndpoint({ spec, selected: this.selectedBySpec[index]!, health, previous: previous.endpoints[index], settings: this.settings, context: this.context });
      endpoints[index] = planned.endpoint;
      decisions.push(...planned.decisions);
    }
    const routes = this.computeRouted(endpoints, decisions, health, (index) => previous.endpoints[index]);
    // The last result's sum, corrected where this result differs from it: every endpoint not
    // recomputed is `previous`'s, which has the last result's digest there.
    let digestSum = last.digestSum;
    for (const index of new Set([...touched, ...this.routedIndexes])) {
      const before = last.endpoints[index]!.digest;
      const after = endpoints[index]!.digest;
      if (before !== after) digestSum = addDigest(subtractDigest(digestSum, before), after);
    }
    return { endpoints, digest: formatDigestSum(digestSum), digestSum, decisions, routes };
  }

  /** Routed names, from this computation's regional endpoints (in `endpoints`, indexed like specs). */
  private computeRouted(endpoints: EndpointPlan[], decisions: EndpointDecision[], health: HealthView, previousOf: (index: number) => EndpointPlan | undefined): RouteState[] {
    const routes: RouteState[] = [];
    for (const index of this.routedIndexes) {
      const spec = this.specs[index]!;
      const routing = spec.routing!;
      const routed = this.route(spec, routing, endpoints, health, previousOf(index));
      // Health guards do not apply (the regional names were guarded already); freeze does, and so
      // does velocity: a weighted name must not drop a whole region's capacity in one step, and a
      // failover name must not shrink faster than it is served. A failover name's switch to
      // another region (it keeps none of its addresses) is the routing decision itself, bounded by
      // the region's health share.
      const frozen = this.freezeRouted(spec, routed.addresses, previousOf(index), decisions);
      const previous = previousOf(index);
      const regionSwitch = routing.policy === 'failover' && previous !== undefined && !sharesAnAddress(previous.addresses, frozen);
      const bounded = regionSwitch ? frozen : this.velocityRouted(spec, frozen, previous, decisions);
      endpoints[index] = canonicalEndpoint({ name: spec.name, ttlSeconds: spec.ttlSeconds, answersMax: spec.answersMax, addresses: bounded });
      assert(endpoints[index].addresses.length > 0, `routed name ${spec.name} would be empty`);
      if (routed.decision) decisions.push({ guard: `routing-${routed.decision.kind}`, reason: routed.decision.reason, endpoint: spec.name, family: null });
      routes.push({ name: spec.name, policy: routing.policy, activeRegions: routed.activeRegions, regions: routed.regions });
    }
    return routes;
  }

  private route(spec: EndpointSpec, routing: RoutingSpec, endpoints: readonly EndpointPlan[], health: HealthView, previous: EndpointPlan | undefined): RoutedResult {
    const regionOf = (endpoint: string, region: string, shareMin: number) => {
      const index = this.indexOf(endpoint);
      const selected = this.selectedBySpec[index]!;
      return { health: regionHealth(region, selected, health, shareMin), planned: endpoints[index]!, ids: new Set(selected.map((lb) => lb.id)) };
    };
    if (routing.policy === 'weighted') {
      return routeWeighted({
        spec: routing,
        regions: routing.regions.map((target) => ({ target, ...regionOf(target.endpoint, target.region, routing.healthyShareMin) })),
      });
    }
    const nowMs = this.context?.nowMs ?? 0;
    const primary = regionOf(routing.primary.endpoint, routing.primary.region, routing.healthyShareMin);
    const since = primary.health.healthy ? (this.primaryHealthySinceMs.get(spec.name) ?? nowMs) : null;
    this.primaryHealthySinceMs.set(spec.name, since);
    return routeFailover({
      spec: routing, primary, secondary: regionOf(routing.secondary.endpoint, routing.secondary.region, routing.healthyShareMin),
      previous, primaryHealthySinceMs: since, nowMs, failbackApproval: this.context?.controls.failbackApproval(spec.name),
    });
  }

  private freezeRouted(spec: EndpointSpec, addresses: readonly WeightedAddress[], previous: EndpointPlan | undefined, decisions: EndpointDecision[]): readonly WeightedAddress[] {
    const freeze = this.context?.controls.freeze(spec.name);
    if (freeze === undefined || previous === undefined || previous.addresses.length === 0) return addresses;
    const wanted = canonicalEndpoint({ name: spec.name, ttlSeconds: spec.ttlSeconds, answersMax: spec.answersMax, addresses });
    if (wanted.digest === previous.digest) return addresses;
    decisions.push({ guard: 'frozen', reason: `frozen by ${freeze.by} (${freeze.reason}); the routing policy would change this name`, endpoint: spec.name, family: null });
    return previous.addresses;
  }

  /**
   * The velocity guard on a routed name, per family, against its previous (served) addresses. A
   * routed name's weights are traffic shares; the guard measures capacity, so it runs on the
   * addresses weighted by their load balancers' capacity, and what it keeps goes out with the
   * routed weights (a deferred address keeps the weight it was served with).
   */
  private velocityRouted(spec: EndpointSpec, addresses: readonly WeightedAddress[], previous: EndpointPlan | undefined, decisions: EndpointDecision[]): readonly WeightedAddress[] {
    const context = this.context;
    if (context === undefined || previous === undefined) return addresses;
    const key = (a: WeightedAddress): string => `${a.family} ${a.address}`;
    const routedWeight = new Map([...previous.addresses, ...addresses].map((a) => [key(a), a] as const));
    const asCapacity = (list: readonly WeightedAddress[]): WeightedAddress[] => list.map((a) => ({ ...a, weight: this.capacityOf.get(a.loadBalancer) ?? a.weight }));
    const result: WeightedAddress[] = [];
    for (const family of FAMILIES) {
      const planned = asCapacity(addresses.filter((a) => a.family === family));
      const before = asCapacity(previousOfFamily(previous, family));
      const verdict = velocityGuard.apply({ family, selected: [...planned, ...before], previous: before, settings: this.settings, endpoint: spec.name, healthy: planned, context }, planned);
      if (verdict.decision) decisions.push({ ...verdict.decision, endpoint: spec.name, family });
      result.push(...verdict.addresses.map((a) => routedWeight.get(key(a)) ?? a));
    }
    return result;
  }

  private assertRoutable(spec: EndpointSpec): void {
    const routing = spec.routing!;
    const targets = routing.policy === 'weighted' ? routing.regions : [routing.primary, routing.secondary];
    for (const target of targets) {
      const index = this.indexOf(target.endpoint);
      assert(this.specs[index]!.routing === undefined, `${spec.name} routes to ${target.endpoint}, which is itself routed`);
    }
  }

  private indexOf(name: string): number {
    let low = 0;
    let high = this.specs.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const candidate = this.specs[mid]!.name;
      if (candidate === name) return mid;
      if (candidate < name) low = mid + 1;
      else high = mid - 1;
    }
    assert(false, `endpoint ${name} is not in the fleet`);
  }
}

function sharesAnAddress(a: readonly WeightedAddress[], b: readonly WeightedAddress[]): boolean {
  const keys = new Set(a.map((x) => `${x.family} ${x.address}`));
  return b.some((x) => keys.has(`${x.family} ${x.address}`));
}

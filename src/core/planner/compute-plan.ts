/**
 * computePlan: fleet + health + previous plan → the endpoints of the next generation.
 * Pure: no I/O, no clock, no logging. Output is canonical (sorted), so two runs over the same
 * inputs produce identical plans and identical digests.
 *
 * PlanComputer adds an incremental path for large fleets: it remembers the health it last
 * planned with and recomputes only the endpoints that select a load balancer whose health changed.
 */
import { assert } from '../model/assert.js';
import type { EndpointSpec, FleetSpec, LoadBalancerSpec } from '../model/fleet.js';
import { selects } from '../model/fleet.js';
import type { LoadBalancerId } from '../model/ids.js';
import type { AddressFamily, EndpointPlan, Plan, WeightedAddress } from '../model/plan.js';
import { canonicalEndpoint, compareNames, planContentDigest } from '../model/plan.js';
import { isHealthy, type HealthView } from '../ports/health-view.js';
import type { GuardDecision, GuardSettings } from './guards.js';
import { PLANNER_GUARDS, addressesOf, previousOfFamily } from './guards.js';

export interface EndpointDecision extends GuardDecision {
  readonly endpoint: string;
  readonly family: AddressFamily;
}

export interface ComputedPlan {
  /** Sorted by name, canonical. */
  readonly endpoints: readonly EndpointPlan[];
  readonly digest: string;
  readonly decisions: readonly EndpointDecision[];
}

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

/** Plans one endpoint: healthy selected addresses, then the guards in their declared order. */
export function planEndpoint(args: {
  spec: EndpointSpec;
  selected: readonly LoadBalancerSpec[];
  health: HealthView;
  previous: EndpointPlan | undefined;
  settings: GuardSettings;
}): { endpoint: EndpointPlan; decisions: EndpointDecision[] } {
  const addresses: WeightedAddress[] = [];
  const decisions: EndpointDecision[] = [];
  for (const family of FAMILIES) {
    const selected = collectFamily(args.selected, family);
    if (selected.length === 0) continue;
    let kept: readonly WeightedAddress[] = selected.filter((a) => isHealthy(args.health, a.loadBalancer));
    const input = { family, selected, previous: previousOfFamily(args.previous, family), settings: args.settings };
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
export function computePlan(args: { fleet: FleetSpec; health: HealthView; previous: Plan | null; settings: GuardSettings }): ComputedPlan {
  const computer = new PlanComputer(args.fleet, args.settings);
  return computer.compute(args.health, args.previous);
}

export class PlanComputer {
  private readonly specs: readonly EndpointSpec[];
  private readonly selectedBySpec: readonly (readonly LoadBalancerSpec[])[];
  /** For each load balancer, the indexes (into specs) of the endpoints that select it. */
  private readonly endpointsByLoadBalancer = new Map<LoadBalancerId, number[]>();
  private lastHealth: Map<LoadBalancerId, boolean> | null = null;
  private lastPrevious: Plan | null = null;
  private lastResult: ComputedPlan | null = null;

  constructor(fleet: FleetSpec, private readonly settings: GuardSettings) {
    this.specs = [...fleet.endpoints].sort(compareNames);
    this.selectedBySpec = this.specs.map((spec) => fleet.loadBalancers.filter((lb) => selects(spec.select, lb)));
    this.selectedBySpec.forEach((selected, index) => {
      for (const lb of selected) {
        const list = this.endpointsByLoadBalancer.get(lb.id) ?? [];
        list.push(index);
        this.endpointsByLoadBalancer.set(lb.id, list);
      }
    });
  }

  /**
   * Computes the next endpoints. When `previous` is the plan built from this computer's last
   * result, only endpoints touched by a health change are recomputed.
   */
  compute(health: HealthView, previous: Plan | null): ComputedPlan {
    const healthNow = this.snapshot(health);
    const incremental = this.lastResult !== null && this.lastHealth !== null && previous !== null &&
      this.lastPrevious !== null && previous.digest === this.lastResult.digest;
    const result = incremental ? this.computeIncremental(healthNow, previous) : this.computeFull(healthNow, previous);
    this.lastHealth = healthNow;
    this.lastPrevious = previous;
    this.lastResult = result;
    return result;
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
      const planned = planEndpoint({ spec, selected: this.selectedBySpec[index]!, health, previous: previousByName.get(spec.name), settings: this.settings });
      endpoints.push(planned.endpoint);
      decisions.push(...planned.decisions);
    });
    return { endpoints, digest: planContentDigest(endpoints), decisions };
  }

  private computeIncremental(health: Map<LoadBalancerId, boolean>, previous: Plan): ComputedPlan {
    const last = this.lastResult!;
    const touched = new Set<number>();
    for (const [id, healthy] of health) {
      if (this.lastHealth!.get(id) === healthy) continue;
      for (const index of this.endpointsByLoadBalancer.get(id) ?? []) touched.add(index);
    }
    // Endpoints whose last computation needed a guard depend on more than health: recompute them too.
    for (const decision of last.decisions) touched.add(this.indexOf(decision.endpoint));
    if (touched.size === 0) return last;
    const endpoints = [...previous.endpoints];
    const decisions: EndpointDecision[] = [];
    for (const index of touched) {
      const spec = this.specs[index]!;
      const planned = planEndpoint({ spec, selected: this.selectedBySpec[index]!, health, previous: previous.endpoints[index], settings: this.settings });
      endpoints[index] = planned.endpoint;
      decisions.push(...planned.decisions);
    }
    return { endpoints, digest: planContentDigest(endpoints), decisions };
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

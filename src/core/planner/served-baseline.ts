/**
 * What the Planner guards against: the answers actually served (ARCHITECTURE §7, "Guards against
 * what is served"), not the store's previous plan, which a restore, a wipe or a second Planner can
 * make wrong. Pure.
 *
 * Per endpoint, the baseline is the stored plan's endpoint when every provider that could be read
 * serves exactly it; otherwise it is rebuilt from what is served: the union of the addresses live
 * on any provider (weighted by their load balancers' capacity), so velocity counts the capacity a
 * lagging provider still serves, freeze keeps what any resolver can get, and never-empty falls back
 * to what is really there. When nothing differs the stored plan itself is returned; otherwise the
 * stored endpoints that are kept are the same objects, so the PlanComputer recomputes only the
 * rebuilt ones (and what health and guards touch).
 */
import type { EndpointSpec, FleetSpec } from '../model/fleet.js';
import type { LoadBalancerId } from '../model/ids.js';
import { canonicalEndpoint, planFromCanonical, planContentDigest, type AddressFamily, type EndpointPlan, type Plan, type WeightedAddress } from '../model/plan.js';
import { servedCapacity, ServedDifferenceCache } from '../model/served.js';
import type { DnsProvider, LiveEndpoint } from '../ports/dns-provider.js';

/** What one provider served at the last successful read, by endpoint name. */
export type ServedView = ReadonlyMap<string, LiveEndpoint>;

export interface ServedReading {
  readonly provider: Pick<DnsProvider, 'id' | 'materialise'>;
  readonly view: ServedView;
}

interface AddressOwner { readonly loadBalancer: LoadBalancerId; readonly weight: number }

/** address → its load balancer and capacity, so served addresses can be weighed. */
export function addressOwners(fleet: FleetSpec): ReadonlyMap<string, AddressOwner> {
  const owners = new Map<string, AddressOwner>();
  for (const lb of fleet.loadBalancers) {
    if (lb.ipv4 !== undefined) owners.set(`A ${lb.ipv4}`, { loadBalancer: lb.id, weight: lb.capacity });
    if (lb.ipv6 !== undefined) owners.set(`AAAA ${lb.ipv6}`, { loadBalancer: lb.id, weight: lb.capacity });
  }
  return owners;
}

export interface Baseline {
  /** The stored plan, or a copy with the endpoints that are served differently replaced. */
  readonly plan: Plan | null;
  /** Endpoints whose baseline came from served answers. */
  readonly rebuilt: readonly string[];
}

export interface BaselineArgs {
  readonly latest: Plan | null;
  readonly fleet: FleetSpec;
  readonly readings: readonly ServedReading[];
  readonly owners: ReadonlyMap<string, AddressOwner>;
  readonly nowMs: number;
  readonly differences?: ServedDifferenceCache;
}

export function servedBaseline(args: BaselineArgs): Baseline {
  return new ServedBaselineMemo().baseline(args);
}

/**
 * servedBaseline, remembered name by name: a name whose stored endpoint and live readings are
 * the same objects as at the last call keeps its entry without being compared again. Plans and
 * readings are immutable, the store's plans share unchanged endpoints and the providers return
 * the same LiveEndpoint for a name nothing touched, so after a one-name change this costs a pass
 * of identity checks rather than a comparison of every name (tens of ms at 10,000 names, on
 * every Planner tick). Gives what servedBaseline gives (test/core/planner/served-baseline-memo.test.ts).
 */
export class ServedBaselineMemo {
  private fleet: FleetSpec | null = null;
  private providers: readonly string[] = [];
  /** Per spec (in name order): what the entry was derived from, and the entry (undefined: none). */
  private stored: (EndpointPlan | undefined)[] = [];
  private lives: (LiveEndpoint | undefined)[][] = [];
  private entries: (EndpointPlan | undefined)[] = [];
  private rebuiltAt: boolean[] = [];

  baseline(args: BaselineArgs): Baseline {
    if (args.readings.length === 0) return { plan: args.latest, rebuilt: [] };
    this.resetUnlessSame(args);
    const specs = sortedSpecs(args.fleet);
    const storedEndpoints = args.latest?.endpoints ?? [];
    const differences = args.differences ?? new ServedDifferenceCache();
    const rebuilt: string[] = [];
    const endpoints: EndpointPlan[] = [];
    // Both lists are sorted by name: one forward cursor finds each spec's stored endpoint.
    let cursor = 0;
    for (let index = 0; index < specs.length; index++) {
      const spec = specs[index]!;
      while (cursor < storedEndpoints.length && storedEndpoints[cursor]!.name < spec.name) cursor++;
      const candidate = storedEndpoints[cursor];
      const stored = candidate !== undefined && candidate.name === spec.name ? candidate : undefined;
      if (!this.unchanged(index, spec.name, stored, args.readings)) this.derive(index, spec, stored, args, differences);
      const entry = this.entries[index];
      if (entry === undefined) continue;
      if (this.rebuiltAt[index] === true) rebuilt.push(spec.name);
      endpoints.push(entry);
    }
    if (rebuilt.length === 0) return { plan: args.latest, rebuilt };
    const plan = planFromCanonical({
      generation: args.latest?.generation ?? (0 as Plan['generation']), createdAtMs: args.latest?.createdAtMs ?? args.nowMs,
      endpoints, digest: planContentDigest(endpoints), note: 'served baseline',
    });
    return { plan, rebuilt };
  }

  /** Another fleet or other providers (in another order): nothing remembered applies. */
  private resetUnlessSame(args: BaselineArgs): void {
    const providers = args.readings.map((r) => r.provider.id);
    if (this.fleet === args.fleet && providers.length === this.providers.length && providers.every((id, i) => id === this.providers[i])) return;
    this.fleet = args.fleet;
    this.providers = providers;
    this.stored = [];
    this.lives = providers.map(() => []);
    this.entries = [];
    this.rebuiltAt = [];
  }

  private unchanged(index: number, name: string, stored: EndpointPlan | undefined, readings: readonly ServedReading[]): boolean {
    if (this.stored.length <= index || this.stored[index] !== stored) return false;
    for (let r = 0; r < readings.length; r++) if (this.lives[r]![index] !== readings[r]!.view.get(name)) return false;
    return true;
  }

  private derive(index: number, spec: EndpointSpec, stored: EndpointPlan | undefined, args: BaselineArgs, differences: ServedDifferenceCache): void {
    this.stored[index] = stored;
    for (let r = 0; r < args.readings.length; r++) this.lives[r]![index] = args.readings[r]!.view.get(spec.name);
    this.rebuiltAt[index] = false;
    if (stored !== undefined && everyReadingServesExactly(args.readings, spec.name, stored, differences)) {
      this.entries[index] = stored;
      return;
    }
    const served = args.readings.flatMap((r) => r.view.get(spec.name) ?? []);
    const union = unionOfServed(served, args.owners);
    // Nothing served anywhere: the stored endpoint (if any) is the baseline; none when nothing is stored either.
    if (union.length === 0) {
      this.entries[index] = stored;
      return;
    }
    this.rebuiltAt[index] = true;
    this.entries[index] = canonicalEndpoint({ name: spec.name, ttlSeconds: spec.ttlSeconds, answersMax: spec.answersMax, addresses: union });
  }
}

/** The fleet's endpoint specs sorted by name, sorted once per fleet (a Planner plans one fleet for its life). */
const sortedSpecsOf = new WeakMap<FleetSpec, readonly EndpointSpec[]>();

function sortedSpecs(fleet: FleetSpec): readonly EndpointSpec[] {
  const known = sortedSpecsOf.get(fleet);
  if (known !== undefined) return known;
  const sorted = [...fleet.endpoints].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  sortedSpecsOf.set(fleet, sorted);
  return sorted;
}

function everyReadingServesExactly(readings: readonly ServedReading[], name: string, stored: EndpointPlan, differences: ServedDifferenceCache): boolean {
  for (const reading of readings) {
    const live = reading.view.get(name);
    if (live !== undefined && differences.difference(reading.provider, stored, live) !== null) return false;
  }
  return true;
}


function unionOfServed(lives: readonly LiveEndpoint[], owners: ReadonlyMap<string, AddressOwner>): WeightedAddress[] {
  const union = new Map<string, WeightedAddress>();
  for (const live of lives) {
    for (const a of live.addresses) {
      const key = `${a.family} ${a.address}`;
      const owner = owners.get(key);
      // An address no load balancer has (a hand edit) is not capacity the Planner can keep.
      if (owner === undefined || union.has(key)) continue;
      union.set(key, { loadBalancer: owner.loadBalancer, family: a.family, address: a.address, weight: owner.weight });
    }
  }
  return [...union.values()];
}

/** The highest capacity any provider serves for the endpoint's family (what velocity must not drop too fast from). */
export function servedCapacityMax(readings: readonly ServedReading[], endpoint: string, family: AddressFamily, owners: ReadonlyMap<string, AddressOwner>): number {
  return servedCapacityMaxBy(readings.map((r) => r.view), endpoint, family, (address) => owners.get(`${family} ${address}`)?.weight ?? 0);
}

/** servedCapacityMax over the views, with each address of the family weighed by `weightOf`. */
export function servedCapacityMaxBy(views: readonly ServedView[], endpoint: string, family: AddressFamily, weightOf: (address: string) => number): number {
  let highest = 0;
  for (const view of views) {
    const live = view.get(endpoint);
    if (live !== undefined) highest = Math.max(highest, servedCapacity(live, family, weightOf));
  }
  return highest;
}

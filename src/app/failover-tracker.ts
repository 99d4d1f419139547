/**
 * Measures the recovery time of routing changes as they happen on live DNS. After every Enactor
 * tick it reads the routed names from a provider, works out which regions their live addresses
 * belong to, and when that changes records a switch:
 *
 *   failureDetectedFromMs  the first failed probe (any vantage point) of the region that was left
 *   decidedAtMs            the Planner's routing decision (routing.failover / routing.failback event)
 *   liveAtMs               the first instant the provider served the new region's addresses
 *   rtoMs = liveAtMs − failureDetectedFromMs
 *
 * The true outage may have begun up to one probe interval before the first failed probe; that is
 * part of the stated bound (docs/health-and-routing.md), not of this measurement.
 */
import type { HealthMonitor } from '../core/health/health-monitor.js';
import { selectedLoadBalancers, type EndpointSpec, type FleetSpec, type LoadBalancerSpec } from '../core/model/fleet.js';
import type { EndpointName, LoadBalancerId } from '../core/model/ids.js';
import type { Clock } from '../core/ports/clock.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { DecisionEvent, EventSink } from '../core/ports/events.js';

export const SWITCHES_KEPT_MAX = 20;

export interface RoutingSwitch {
  readonly name: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly reason: string;
  readonly failureDetectedFromMs: number | null;
  readonly decidedAtMs: number | null;
  readonly liveAtMs: number;
  readonly rtoMs: number | null;
  readonly decisionToLiveMs: number | null;
}

interface Region {
  readonly name: string;
  readonly loadBalancers: readonly LoadBalancerSpec[];
  readonly addresses: ReadonlySet<string>;
}

interface Pending {
  readonly decidedAtMs: number;
  readonly decidedAtMonotonicMs: number;
  readonly reason: string;
  readonly failureDetectedFromMs: number | null;
}

export class FailoverTracker implements EventSink {
  private readonly routed: readonly { readonly name: EndpointName; readonly regions: readonly Region[] }[];
  private readonly liveRegions = new Map<string, readonly string[]>();
  private readonly pending = new Map<string, Pending>();
  private readonly switches: RoutingSwitch[] = [];

  constructor(fleet: FleetSpec, private readonly provider: DnsProvider, private readonly health: HealthMonitor, private readonly clock: Clock) {
    const byName = new Map(fleet.endpoints.map((e) => [e.name, e]));
    this.routed = fleet.endpoints.filter((e) => e.routing !== undefined).map((e) => ({ name: e.name, regions: regionsOf(e, byName, fleet) }));
  }

  record(event: DecisionEvent): void {
    if ((event.kind !== 'routing.failover' && event.kind !== 'routing.failback') || event.endpoint === undefined) return;
    const entry = this.routed.find((r) => r.name === event.endpoint);
    if (entry === undefined) return;
    const left = (this.liveRegions.get(entry.name) ?? []).flatMap((name) => entry.regions.filter((r) => r.name === name));
    // Durations on the monotonic clock (health's failure streaks are monotonic); the event's wall time is for display.
    this.pending.set(entry.name, { decidedAtMs: event.atMs, decidedAtMonotonicMs: this.clock.monotonicMs(), reason: event.reason, failureDetectedFromMs: this.firstFailure(left) });
  }

  /** Reads the routed names' live records and records a switch where the serving regions changed. */
  async observe(): Promise<void> {
    if (this.routed.length === 0) return;
    const live = await this.provider.readEndpoints(this.routed.map((r) => r.name));
    if (!live.ok) return;
    const now = this.clock.nowMs();
    const monotonicNow = this.clock.monotonicMs();
    for (const endpoint of live.value) {
      const entry = this.routed.find((r) => r.name === endpoint.name);
      if (entry === undefined || endpoint.addresses.length === 0) continue;
      const serving = entry.regions.filter((r) => endpoint.addresses.some((a) => r.addresses.has(`${a.family} ${a.address}`))).map((r) => r.name);
      const before = this.liveRegions.get(entry.name);
      this.liveRegions.set(entry.name, serving);
      if (before === undefined || sameList(before, serving)) continue;
      const pending = this.pending.get(entry.name);
      this.pending.delete(entry.name);
      this.keep({
        name: entry.name, from: before, to: serving, reason: pending?.reason ?? '',
        failureDetectedFromMs: pending?.failureDetectedFromMs ?? null, decidedAtMs: pending?.decidedAtMs ?? null, liveAtMs: now,
        rtoMs: pending?.failureDetectedFromMs == null ? null : Math.round(monotonicNow - pending.failureDetectedFromMs),
        decisionToLiveMs: pending === undefined ? null : Math.round(monotonicNow - pending.decidedAtMonotonicMs),
      });
    }
  }

  /** Newest last. */
  recentSwitches(): readonly RoutingSwitch[] {
    return [...this.switches];
  }

  servingRegions(name: string): readonly string[] | undefined {
    return this.liveRegions.get(name);
  }

  private keep(change: RoutingSwitch): void {
    this.switches.push(change);
    if (this.switches.length > SWITCHES_KEPT_MAX) this.switches.splice(0, this.switches.length - SWITCHES_KEPT_MAX);
  }

  private firstFailure(regions: readonly Region[]): number | null {
    let first: number | null = null;
    for (const region of regions) {
      for (const lb of region.loadBalancers) {
        const since = this.health.failingSinceMs(lb.id as LoadBalancerId);
        if (since !== null && (first === null || since < first)) first = since;
      }
    }
    return first;
  }
}

function regionsOf(spec: EndpointSpec, byName: ReadonlyMap<string, EndpointSpec>, fleet: FleetSpec): Region[] {
  const routing = spec.routing!;
  const targets = routing.policy === 'weighted' ? routing.regions : [routing.primary, routing.secondary];
  return targets.map((target) => {
    const loadBalancers = selectedLoadBalancers(fleet, byName.get(target.endpoint)!);
    const addresses = new Set(loadBalancers.flatMap((lb) => [
      ...(lb.ipv4 === undefined ? [] : [`A ${lb.ipv4}`]), ...(lb.ipv6 === undefined ? [] : [`AAAA ${lb.ipv6}`]),
    ]));
    return { name: target.region, loadBalancers, addresses };
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

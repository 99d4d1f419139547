/**
 * The Enactor checks a plan again before applying it (ARCHITECTURE §2): the Planner's guards may
 * have been bypassed (a plan written by another tool, a bug, a restored or damaged store, a second
 * Planner), and the Planner may have planned against a provider that has since moved. Two levels:
 *
 * - the whole plan (`checkPlanBeforeApply`): an endpoint with no address or answersMax < 1 would
 *   empty a name on every provider: the plan is refused as a whole and the live records stay;
 * - each write (`checkWrite`), against what is live on that provider: freeze, minimum capacity,
 *   and a per-write bound on the capacity removed relative to what is served. A refused write
 *   leaves that name as it is; the Planner, which plans against served answers, writes a plan the
 *   guards accept.
 */
import type { AddressFamily, EndpointPlan, Plan } from '../model/plan.js';
import { servedCapacity, servedDifference, type EndpointRecords, type ServedContent } from '../model/served.js';
import type { DnsProvider, LiveEndpoint } from '../ports/dns-provider.js';
import type { WriteKind } from './write-set.js';

export interface PlanRefusal {
  readonly reason: string;
}

export function checkPlanBeforeApply(plan: Plan): PlanRefusal | null {
  for (const endpoint of plan.endpoints) {
    if (endpoint.addresses.length === 0) return { reason: `endpoint ${endpoint.name} would have no address (never-empty)` };
    if (!Number.isSafeInteger(endpoint.answersMax) || endpoint.answersMax < 1) {
      return { reason: `endpoint ${endpoint.name} has answersMax ${endpoint.answersMax}: it would answer with no address (never-empty)` };
    }
    if (!Number.isSafeInteger(endpoint.ttlSeconds) || endpoint.ttlSeconds < 0) return { reason: `endpoint ${endpoint.name} has an invalid TTL ${endpoint.ttlSeconds}` };
  }
  return null;
}

/** What the per-write guards need to know, from the configuration and the operator controls. */
export interface WriteGuards {
  /** The Planner's minimum capacity share (0: off). */
  readonly minCapacityShare: number;
  /** Share of served capacity one write may remove (null: velocity control off). */
  readonly removedShareMaxPerWrite: number | null;
  /**
   * The velocity window (null: off). The share is taken from the highest capacity this Enactor saw
   * served within it, so consecutive writes cannot each remove a full share.
   */
  readonly velocityWindowMs: number | null;
  /** Capacity behind an address (its load balancer's); an address not in the fleet carries none. */
  readonly weightOf: (address: string) => number;
  /** Capacity an endpoint selects per family (0: a routed name, which selects none itself). */
  readonly selectedCapacity: (endpoint: string, family: AddressFamily) => number;
  readonly frozen: (endpoint: string) => boolean;
  readonly velocityOverridden: (endpoint: string) => boolean;
  /**
   * Failover names: their switch between regions (a write that keeps none of the served
   * addresses) is the routing decision itself, bounded by the region's health share, not by
   * velocity. Shrinking within one region is bounded like any name.
   */
  readonly failoverName: (endpoint: string) => boolean;
}

/** Guards that let every write through: only for tests that say so by name. */
export const NO_WRITE_GUARDS_FOR_TESTS: WriteGuards = {
  minCapacityShare: 0, removedShareMaxPerWrite: null, velocityWindowMs: null, weightOf: () => 1, selectedCapacity: () => 0, frozen: () => false, velocityOverridden: () => false, failoverName: () => false,
};

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

/** What the Enactor knows of a name's recent service on this provider, beyond the last read. */
export interface ServedPeak {
  /**
   * The highest capacity served within the velocity window, given what it serves now (at least
   * that): the velocity bound is taken from it. +Infinity: unknown (the Enactor's warm-up after a
   * start): no capacity may leave.
   */
  readonly peak: (family: AddressFamily, served: number) => number;
  /** What it may serve now: the read, or more while a write of unknown outcome may still land. */
  readonly possiblyServed: (family: AddressFamily, served: number) => number;
}

const SERVED_NOW: ServedPeak = { peak: (_family, served) => served, possiblyServed: (_family, served) => served };

/** Why this write must not happen now (null: it may). Repairs restore an accepted generation and fence-only moves change no answer: both pass. */
export function checkWrite(guards: WriteGuards, endpoint: EndpointPlan, records: EndpointRecords, live: LiveEndpoint, provider: Pick<DnsProvider, 'materialise'>, kind: WriteKind, servedPeak: ServedPeak = SERVED_NOW): string | null {
  if (records.addresses.length === 0) return 'the plan has no address for this name (never-empty)';
  if (kind === 'repair' || kind === 'fence-only') return null;
  const wanted = provider.materialise(records);
  // A name serving no load balancer's address (empty, or only hand-added strays) has nothing in
  // place for a freeze to keep: never-empty comes first.
  const nothingInPlace = FAMILIES.every((family) => servedCapacity(live, family, guards.weightOf) === 0);
  if (guards.frozen(endpoint.name) && !nothingInPlace && servedDifference(wanted, live) !== null) return 'frozen by an operator: the served records stay';
  for (const family of FAMILIES) {
    const planned = servedCapacity(wanted, family, guards.weightOf);
    const served = servedCapacity(live, family, guards.weightOf);
    const selected = guards.selectedCapacity(endpoint.name, family);
    if (selected > 0 && planned < guards.minCapacityShare * selected && planned < served) {
      return `${family} capacity ${planned} is below the minimum share ${guards.minCapacityShare} of ${selected} and below what is served (${served})`;
    }
    const bound = guards.removedShareMaxPerWrite;
    const possibly = Math.max(served, servedPeak.possiblyServed(family, served));
    if (bound === null || planned >= possibly || guards.velocityOverridden(endpoint.name) || isRegionSwitch(guards, endpoint.name, wanted, live)) continue;
    const peak = Math.max(possibly, servedPeak.peak(family, possibly));
    if (peak === Number.POSITIVE_INFINITY) {
      return `${family} capacity would drop from ${possibly} to ${planned}: this Enactor started within the velocity window and cannot know what left before (warm-up)`;
    }
    if (peak - planned > bound * peak + 1e-9) {
      return peak === served
        ? `${family} capacity would drop from ${served} to ${planned} in one write, more than the velocity limit ${bound} of what is served`
        : `${family} capacity would drop to ${planned}, more than the velocity limit ${bound} below the ${peak} served or possibly served within the window (${served} read now)`;
    }
  }
  return null;
}

/** A failover name moving to another region: none of the addresses it serves stays. */
function isRegionSwitch(guards: WriteGuards, endpoint: string, wanted: ServedContent, live: ServedContent): boolean {
  if (!guards.failoverName(endpoint)) return false;
  const kept = new Set(wanted.addresses.map((a) => `${a.family} ${a.address}`));
  return live.addresses.every((a) => !kept.has(`${a.family} ${a.address}`));
}

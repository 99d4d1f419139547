/**
 * The velocity ledger: the capacity each endpoint (per address family) had in recent plans, so the
 * velocity guard can bound how much leaves within a sliding window.
 *
 *   floor = peak × (1 − maxShare),   peak = the highest capacity in force at any instant of the
 *                                            last windowMs (including the one in force at its start)
 *
 * A plan may shrink an endpoint down to the floor and no further; what it cannot remove now waits
 * until the peak ages out of the window. This is the same measure the simulator's Velocity checker
 * applies to live DNS, so the guard and the checker agree on what "too fast" means.
 *
 * Times are monotonic (Clock.monotonicMs). Samples come from two sources: every generation in the
 * store (what was allowed, recorded when first seen) and every read of what providers serve
 * (`observeServed`), so a provider that lags behind the plans keeps its capacity in the window.
 * In memory, owned by the Planner.
 *
 * Warm-up: for one window after the ledger is created — and after every provider has been read
 * once, if that came later — it allows no decrease at all. A Planner
 * that just started cannot know what left DNS in the window before it: the generations that were
 * served then may be gone from the store (a lagging provider served one the Cleaner has since
 * deleted, a restored backup, a wiped store), so any removal could complete a drop that already
 * used the share. Holding is the safe side; an operator's velocity override lifts it. A first
 * start (the Planner ends it: no generation ever created, no fence on any provider) has no
 * earlier window to know and does not wait.
 */
import type { AddressFamily, EndpointPlan } from '../model/plan.js';
import type { VelocitySettings } from './safety-settings.js';

/**
 * One name's samples in one family, oldest first, flat: [atMs, capacity, atMs, capacity, …].
 * At 100,000 names the Planner and every Enactor each keep one per name and family: an object
 * per sample and a "family name" key string per list were most of their memory. A name whose
 * capacity has only ever been 0 (a family it has no address in) keeps no list: a sample of 0
 * never raises a peak.
 */
type Samples = number[];

/** Per key, samples beyond this are dropped oldest first (a name changing every millisecond). */
const SAMPLES_PER_KEY_MAX = 1024;

export class VelocityLedger {
  private readonly samples: Readonly<Record<AddressFamily, Map<string, Samples>>> = { A: new Map(), AAAA: new Map() };

  private warmUntilMs: number;

  /**
   * `weightOf`: the capacity behind an address (its load balancer's), so that a routed name's
   * traffic-share weights count as the capacity they stand for; absent: the plan's weights.
   * `startedAtMs`: when this ledger began watching (monotonic); absent: no warm-up.
   */
  constructor(private readonly settings: VelocitySettings, private readonly weightOf?: (family: AddressFamily, address: string) => number, startedAtMs?: number) {
    this.warmUntilMs = startedAtMs === undefined ? Number.NEGATIVE_INFINITY : startedAtMs + settings.windowMs;
  }

  /** The lowest capacity the endpoint's family may have at `nowMs`, given its current capacity. */
  floor(endpoint: string, family: AddressFamily, currentCapacity: number, nowMs: number): number {
    const peak = this.peak(endpoint, family, currentCapacity, nowMs);
    return this.warmUpLeftMs(nowMs) > 0 ? peak : peak * (1 - this.settings.maxShare);
  }

  /** Ends the warm-up: there is no earlier window to know (nothing of ours was ever served). */
  endWarmUp(): void {
    this.warmUntilMs = Number.NEGATIVE_INFINITY;
  }

  /** Keeps the warm-up for at least one window from `nowMs` (a provider was first read only now). */
  holdWarmUpFrom(nowMs: number): void {
    this.warmUntilMs = Math.max(this.warmUntilMs, nowMs + this.settings.windowMs);
  }

  /** How long the warm-up still holds every decrease (0: over). */
  warmUpLeftMs(nowMs: number): number {
    return Math.max(0, this.warmUntilMs - nowMs);
  }

  /** The highest capacity in force within the window ending at `nowMs`. */
  peak(endpoint: string, family: AddressFamily, currentCapacity: number, nowMs: number): number {
    const list = this.samples[family].get(endpoint);
    if (list === undefined) return currentCapacity;
    const windowStartMs = nowMs - this.settings.windowMs;
    let peak = currentCapacity;
    let carriedIn: number | null = null;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i]! <= windowStartMs) carriedIn = list[i + 1]!;
      else peak = Math.max(peak, list[i + 1]!);
    }
    return carriedIn === null ? peak : Math.max(peak, carriedIn);
  }

  /**
   * Records the capacities of a plan that was just created, for the endpoints whose content
   * changed from `previous` (an unchanged endpoint adds nothing to the window).
   */
  recordPlan(endpoints: readonly EndpointPlan[], previous: readonly EndpointPlan[], nowMs: number): void {
    const before = new Map(previous.map((e) => [e.name, e]));
    for (const endpoint of endpoints) {
      const old = before.get(endpoint.name);
      if (old !== undefined && old.digest === endpoint.digest) continue;
      for (const family of ['A', 'AAAA'] as const) {
        const oldCapacity = old === undefined ? null : capacityOf(old, family, this.weightOf);
        this.record(endpoint.name, family, oldCapacity, capacityOf(endpoint, family, this.weightOf), nowMs);
      }
    }
  }

  /**
   * Records the capacity served, when it differs from the newest sample. `dropBelieved` false (not
   * every provider could be read): only a rise is recorded — a drop seen on some providers may not
   * be what the others serve.
   */
  observeServed(endpoint: string, family: AddressFamily, capacity: number, nowMs: number, dropBelieved = true): void {
    const list = this.samples[family].get(endpoint);
    if (list === undefined) {
      if (capacity > 0) this.samples[family].set(endpoint, [nowMs, capacity]);
      return;
    }
    const last = lastCapacity(list);
    if (last === capacity) return;
    if (!dropBelieved && last !== undefined && capacity < last) return;
    this.push(list, capacity, nowMs);
  }

  /**
   * A planned increase raises the window at once (a higher peak is the cautious side). A planned
   * decrease is not recorded here: until a read shows it served, the previous capacity is still
   * what resolvers get (an Enactor may land it late, or on one provider only), so it enters the
   * window through `observeServed`, at the instant it was seen — never earlier than it happened.
   */
  private record(endpoint: string, family: AddressFamily, oldCapacity: number | null, capacity: number, nowMs: number): void {
    if (oldCapacity === capacity) return;
    let list = this.samples[family].get(endpoint);
    if (list === undefined) {
      // First change seen: the capacity before it was in force until now.
      list = oldCapacity === null || oldCapacity === 0 ? [] : [nowMs, oldCapacity];
      if (list.length === 0 && capacity === 0) return;
      this.samples[family].set(endpoint, list);
    }
    const last = lastCapacity(list);
    if (last !== undefined && capacity <= last) return;
    this.push(list, capacity, nowMs);
  }

  /**
   * Appends a sample. Times are monotonic, but a rebuilt history (stored plans after a restart,
   * their wall timestamps turned into ages) can land before what is already recorded: it is kept
   * at the newest instant, which only holds the capacity in the window longer.
   */
  private push(list: Samples, capacity: number, nowMs: number): void {
    const atMs = Math.max(nowMs, list.length === 0 ? Number.NEGATIVE_INFINITY : list[list.length - 2]!);
    list.push(atMs, capacity);
    this.prune(list, atMs);
  }

  /** Keeps the samples inside the window and the one in force at its start. */
  private prune(list: Samples, nowMs: number): void {
    const windowStartMs = nowMs - this.settings.windowMs;
    const count = list.length / 2;
    let firstInside = count;
    for (let i = 0; i < count; i++) {
      if (list[2 * i]! > windowStartMs) {
        firstInside = i;
        break;
      }
    }
    const drop = Math.max(0, firstInside - 1, count - SAMPLES_PER_KEY_MAX);
    if (drop > 0) list.splice(0, 2 * drop);
  }
}

function lastCapacity(list: Samples): number | undefined {
  return list.length === 0 ? undefined : list[list.length - 1];
}

export function capacityOf(endpoint: EndpointPlan, family: AddressFamily, weightOf?: (family: AddressFamily, address: string) => number): number {
  let sum = 0;
  for (const a of endpoint.addresses) if (a.family === family) sum += weightOf === undefined ? a.weight : weightOf(family, a.address);
  return sum;
}

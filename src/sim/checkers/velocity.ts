/**
 * Velocity, on served answers: the capacity an endpoint serves (per address family) may fall within
 * any window of `windowMs` by at most `removedShareMax` of the highest capacity it served in that
 * window — the one in force when the window started included — unless an operator override covering
 * that endpoint and instant was recorded. This is the Planner's own measure (core/safety/
 * velocity-ledger.ts), applied from outside to what a resolver gets.
 *
 * A change made by hand is not the control plane's: when a hand edit lowers a name's capacity, the
 * window starts again from what the hand left (the control plane is held to what it found).
 * Likewise a failover name switching region (it serves none of the addresses it served before)
 * is the routing decision, bounded by the region's health share: the window starts again there.
 * `limit: null` measures only (the largest removed share is reported, nothing is flagged): for
 * scenarios that turn velocity off by name.
 */
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';
import { liveKey } from './types.js';

export interface VelocityLimit {
  readonly windowMs: number;
  /** In [0, 1]: the share of capacity that may leave an endpoint per window. */
  readonly removedShareMax: number;
}

export interface VelocityOverride {
  readonly endpoint: string;
  readonly fromMs: number;
  readonly toMs: number;
}

interface CapacitySample { readonly atMs: number; readonly capacity: number }

/** Samples older than the window are dropped; the cap bounds memory if a name churns very fast. */
const SAMPLES_PER_KEY_MAX = 4096;

export class VelocityChecker implements Checker {
  private readonly found: Violation[] = [];
  private readonly history = new Map<string, CapacitySample[]>();
  private removedShareMaxSeen = 0;

  constructor(
    private readonly seed: number,
    private readonly limit: VelocityLimit | null,
    private readonly overrides: readonly VelocityOverride[] = [],
    private readonly windowMsForMeasuring = 60_000,
    private readonly overridden: (endpoint: string, atMs: number) => boolean = () => false,
    private readonly failoverNames: ReadonlySet<string> = new Set(),
  ) {}

  private readonly lastAddresses = new Map<string, readonly string[]>();

  /** A failover name now serving none of what it served: a region switch. */
  private regionSwitch(o: DnsObservation): boolean {
    const key = liveKey(o.provider, o.endpoint);
    const before = this.lastAddresses.get(key);
    if (o.addresses !== undefined) this.lastAddresses.set(key, o.addresses);
    if (!this.failoverNames.has(o.endpoint) || before === undefined || o.addresses === undefined || o.addresses.length === 0) return false;
    return before.every((a) => !o.addresses!.includes(a));
  }

  observeDns(o: DnsObservation): void {
    if (this.regionSwitch(o)) {
      for (const family of ['A', 'AAAA', 'all']) this.history.delete(`${liveKey(o.provider, o.endpoint)}|${family}`);
    }
    const families = o.capacityByFamily === undefined ? [['all', o.capacity] as const] : (['A', 'AAAA'] as const).map((f) => [f, o.capacityByFamily![f]] as const);
    for (const [family, capacity] of families) this.observeFamily(o, family, capacity);
  }

  private observeFamily(o: DnsObservation, family: string, capacity: number): void {
    const windowMs = this.limit?.windowMs ?? this.windowMsForMeasuring;
    const key = `${liveKey(o.provider, o.endpoint)}|${family}`;
    const samples = this.history.get(key) ?? [];
    const last = samples.at(-1);
    if (o.source === 'hand' && last !== undefined && capacity < last.capacity) {
      this.history.set(key, [{ atMs: o.atMs, capacity }]);
      return;
    }
    // The newest sample at or before the window's start is the capacity in force when it started.
    let carriedIn = -1;
    for (let i = samples.length - 1; i >= 0; i--) if (o.atMs - samples[i]!.atMs >= windowMs) { carriedIn = i; break; }
    if (carriedIn > 0) samples.splice(0, carriedIn);
    // Writes landing at the same instant: what is in force at that instant is the last of them (no
    // resolver can get the ones it replaced at once, so they carried no traffic to take away).
    if (samples.at(-1)?.atMs === o.atMs) samples.pop();
    samples.push({ atMs: o.atMs, capacity });
    if (samples.length > SAMPLES_PER_KEY_MAX) samples.splice(0, samples.length - SAMPLES_PER_KEY_MAX);
    this.history.set(key, samples);
    const peak = Math.max(...samples.map((s) => s.capacity));
    if (peak <= 0 || o.source === 'hand') return;
    const removedShare = (peak - capacity) / peak;
    this.removedShareMaxSeen = Math.max(this.removedShareMaxSeen, removedShare);
    if (this.limit === null || removedShare <= this.limit.removedShareMax + 1e-9) return;
    if (this.overriddenFor(o)) {
      // The operator accepted this drop: the window starts again from what it left, so a later
      // write outside the override is not blamed for removals the override allowed.
      this.history.set(key, [{ atMs: o.atMs, capacity }]);
      return;
    }
    this.found.push({
      invariant: 'Velocity', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed,
      detail: `${o.endpoint} on ${o.provider} (${family}) went from ${peak} to ${capacity} capacity within ${windowMs} ms: ${(removedShare * 100).toFixed(1)}% removed (limit ${(this.limit.removedShareMax * 100).toFixed(1)}%)`,
    });
  }

  /**
   * An override covers a drop that lands while it is in force, or that was sent while it was: the
   * sender kept to the override; the network delivered late.
   */
  private overriddenFor(o: DnsObservation): boolean {
    const instants = o.sentAtMs === undefined ? [o.atMs] : [o.atMs, o.sentAtMs];
    return instants.some((atMs) => this.overrides.some((v) => v.endpoint === o.endpoint && atMs >= v.fromMs && atMs <= v.toMs) || this.overridden(o.endpoint, atMs));
  }

  observeDeletion(_deletion: GenerationDeletion): void {}

  /** The largest share of capacity removed within one window, over the whole run. */
  get largestRemovedShare(): number {
    return this.removedShareMaxSeen;
  }

  violations(): readonly Violation[] {
    return this.found;
  }
}

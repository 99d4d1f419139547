/**
 * Velocity: the capacity removed from an endpoint within any window of `windowMs` stays at or under
 * `removedShareMax` of the highest capacity it had in that window, unless an operator override
 * covering that endpoint and instant was recorded.
 *
 * The core has no velocity control yet (issue 5); until it does, scenarios run this checker with
 * `limit: null` (measure only: the largest removed share is reported, nothing is flagged). Once the
 * Planner enforces a limit, pass the same limit here and the checker holds it to it.
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
const SAMPLES_PER_ENDPOINT_MAX = 4096;

export class VelocityChecker implements Checker {
  private readonly found: Violation[] = [];
  private readonly history = new Map<string, CapacitySample[]>();
  private removedShareMaxSeen = 0;

  constructor(
    private readonly seed: number,
    private readonly limit: VelocityLimit | null,
    private readonly overrides: readonly VelocityOverride[] = [],
    private readonly windowMsForMeasuring = 60_000,
  ) {}

  observeDns(o: DnsObservation): void {
    const windowMs = this.limit?.windowMs ?? this.windowMsForMeasuring;
    const key = liveKey(o.provider, o.endpoint);
    const samples = (this.history.get(key) ?? []).filter((s) => o.atMs - s.atMs <= windowMs);
    samples.push({ atMs: o.atMs, capacity: o.capacity });
    if (samples.length > SAMPLES_PER_ENDPOINT_MAX) samples.splice(0, samples.length - SAMPLES_PER_ENDPOINT_MAX);
    this.history.set(key, samples);
    const peak = Math.max(...samples.map((s) => s.capacity));
    if (peak <= 0) return;
    const removedShare = (peak - o.capacity) / peak;
    this.removedShareMaxSeen = Math.max(this.removedShareMaxSeen, removedShare);
    if (this.limit === null || removedShare <= this.limit.removedShareMax + 1e-9) return;
    if (this.overridden(o.endpoint, o.atMs)) return;
    this.found.push({
      invariant: 'Velocity', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed,
      detail: `${o.endpoint} on ${o.provider} lost ${(removedShare * 100).toFixed(1)}% of its capacity within ${windowMs} ms (limit ${(this.limit.removedShareMax * 100).toFixed(1)}%)`,
    });
  }

  observeDeletion(_deletion: GenerationDeletion): void {}

  /** The largest share of capacity removed within one window, over the whole run. */
  get largestRemovedShare(): number {
    return this.removedShareMaxSeen;
  }

  violations(): readonly Violation[] {
    return this.found;
  }

  private overridden(endpoint: string, atMs: number): boolean {
    return this.overrides.some((o) => o.endpoint === endpoint && atMs >= o.fromMs && atMs <= o.toMs);
  }
}

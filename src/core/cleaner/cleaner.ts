/**
 * The Cleaner deletes old plan generations. It can never affect a live answer, for two reasons:
 * DNS records are materialised per endpoint (no answer reads a stored plan), and it keeps every
 * generation at or above the lowest live fence anyway. Rule, all three must hold to delete G:
 *   G < lowest live fence on every provider,  G not among the newest K,  G older than retention.
 */
import { fenceGeneration } from '../model/fence.js';
import { generation, type EndpointName, type Generation } from '../model/ids.js';
import type { Clock } from '../ports/clock.js';
import type { DnsProvider } from '../ports/dns-provider.js';
import type { EventSink } from '../ports/events.js';
import type { GenerationInfo, PlanStore } from '../ports/plan-store.js';

export interface CleanerSettings {
  /** The newest K generations are always kept. */
  readonly generationsRetainedMin: number;
  /** Generations younger than this are always kept. */
  readonly retentionMs: number;
  /** Deletions per tick, so one tick is bounded. */
  readonly deletionsPerTickMax: number;
}

export interface CleanerDeps {
  readonly store: PlanStore;
  readonly providers: readonly DnsProvider[];
  readonly endpoints: readonly EndpointName[];
  readonly clock: Clock;
  readonly events: EventSink;
  readonly settings: CleanerSettings;
}

export type CleanerTickResult =
  | { readonly kind: 'cleaned'; readonly deleted: readonly Generation[]; readonly lowestLive: Generation }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Pure: which stored generations may go. */
export function deletableGenerations(stored: readonly GenerationInfo[], lowestLive: Generation, nowMs: number, settings: CleanerSettings): Generation[] {
  const newestFirst = [...stored].sort((a, b) => b.generation - a.generation);
  const protectedByCount = new Set(newestFirst.slice(0, settings.generationsRetainedMin).map((g) => g.generation));
  return stored
    .filter((g) => g.generation < lowestLive && !protectedByCount.has(g.generation) && nowMs - g.createdAtMs >= settings.retentionMs)
    .map((g) => g.generation)
    .slice(0, settings.deletionsPerTickMax);
}

export class Cleaner {
  constructor(private readonly deps: CleanerDeps) {}

  async tick(): Promise<CleanerTickResult> {
    const lowestLive = await this.lowestLiveGeneration();
    if (lowestLive === null) return { kind: 'skipped', reason: 'live fences unreadable; deleting nothing' };
    const listed = await this.deps.store.list();
    if (!listed.ok) return { kind: 'skipped', reason: `store: ${listed.message}` };
    const now = this.deps.clock.nowMs();
    const doomed = deletableGenerations(listed.value, lowestLive, now, this.deps.settings);
    const deleted: Generation[] = [];
    for (const g of doomed) {
      const result = await this.deps.store.delete(g);
      if (!result.ok) break;
      deleted.push(g);
      this.deps.events.record({ atMs: now, kind: 'clean.deleted', actor: 'cleaner', generation: g, reason: `below lowest live fence ${lowestLive}, beyond the newest ${this.deps.settings.generationsRetainedMin}, older than retention` });
    }
    return { kind: 'cleaned', deleted, lowestLive };
  }

  /**
   * The lowest generation live on any endpoint of any provider. An endpoint without a fence
   * counts as 0, which protects everything: nothing is deleted until every endpoint is fenced.
   */
  private async lowestLiveGeneration(): Promise<Generation | null> {
    let lowest = Number.POSITIVE_INFINITY;
    for (const provider of this.deps.providers) {
      const live = await provider.readEndpoints(this.deps.endpoints);
      if (!live.ok) return null;
      for (const endpoint of live.value) lowest = Math.min(lowest, fenceGeneration(endpoint.fence));
    }
    return generation(Number.isFinite(lowest) ? lowest : 0);
  }
}

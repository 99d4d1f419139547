/**
 * The Cleaner deletes old plan generations. It can never affect a live answer, for two reasons:
 * DNS records are materialised per endpoint (no answer reads a stored plan), and it keeps every
 * generation at or above the lowest live fence anyway. Rule, all three must hold to delete G:
 *   G < lowest live fence of ours on every provider,  G not among the newest K,  G older than retention.
 *
 * Only fences of ours count towards "lowest live": a fence that is not ours (malformed, foreign)
 * points at no stored generation, and counting it as 0 would stop the Cleaner forever. A name with
 * no fence at all on some provider (never written there yet, or its fence deleted) is different:
 * an Enactor may be about to write any stored generation there — a lagging one its old newest —
 * so while one exists the Cleaner deletes nothing. Everywhere else a read may be stale (a paused
 * Cleaner) without harm: fences only move up, so a generation below the lowest fence read never
 * becomes live again. Age is measured on the monotonic clock from when this Cleaner
 * first saw a generation, so a wall-clock step neither stalls it nor makes it delete early; after a
 * restart it waits one retention period before deleting anything.
 */
import { GENERATION_JUMP_MAX } from '../model/fence.js';
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
  | { readonly kind: 'cleaned'; readonly deleted: readonly Generation[]; readonly lowestLive: Generation | null }
  | { readonly kind: 'skipped'; readonly reason: string };

/** A stored generation with its age as this Cleaner measures it. */
export interface AgedGeneration extends GenerationInfo {
  readonly ageMs: number;
}

/** Pure: which stored generations may go. `lowestLive` null: no fence of ours is live anywhere. */
export function deletableGenerations(stored: readonly AgedGeneration[], lowestLive: Generation | null, settings: CleanerSettings): Generation[] {
  const newestFirst = [...stored].sort((a, b) => b.generation - a.generation);
  const protectedByCount = new Set(newestFirst.slice(0, settings.generationsRetainedMin).map((g) => g.generation));
  return stored
    .filter((g) => (lowestLive === null || g.generation < lowestLive) && !protectedByCount.has(g.generation) && g.ageMs >= settings.retentionMs)
    .map((g) => g.generation)
    .slice(0, settings.deletionsPerTickMax);
}

/** A managed name without any fence on a provider. */
interface Unfenced {
  readonly unfenced: string;
  readonly provider: string;
}

export class Cleaner {
  /** Monotonic instant at which each generation was first listed. */
  private readonly firstSeenAtMs = new Map<number, number>();

  constructor(private readonly deps: CleanerDeps) {}

  async tick(): Promise<CleanerTickResult> {
    const listed = await this.deps.store.list();
    if (!listed.ok) return { kind: 'skipped', reason: `store: ${listed.message}` };
    const lowestLive = await this.lowestLiveGeneration(listed.value);
    if (lowestLive === 'unreadable') return { kind: 'skipped', reason: 'live fences unreadable; deleting nothing' };
    if (typeof lowestLive === 'object' && lowestLive !== null) {
      return { kind: 'skipped', reason: `${lowestLive.unfenced} has no fence on ${lowestLive.provider} yet: an Enactor may be about to write any stored generation there; deleting nothing` };
    }
    const doomed = deletableGenerations(this.aged(listed.value), lowestLive, this.deps.settings);
    const deleted: Generation[] = [];
    for (const g of doomed) {
      const result = await this.deps.store.delete(g);
      if (!result.ok) break;
      deleted.push(g);
      this.firstSeenAtMs.delete(g);
      this.deps.events.record({
        atMs: this.deps.clock.nowMs(), kind: 'clean.deleted', actor: 'cleaner', generation: g,
        reason: `${lowestLive === null ? 'no fence of ours is live' : `below lowest live fence ${lowestLive}`}, beyond the newest ${this.deps.settings.generationsRetainedMin}, older than retention`,
      });
    }
    return { kind: 'cleaned', deleted, lowestLive };
  }

  private aged(stored: readonly GenerationInfo[]): AgedGeneration[] {
    const now = this.deps.clock.monotonicMs();
    const present = new Set<number>();
    const aged = stored.map((info) => {
      present.add(info.generation);
      let seen = this.firstSeenAtMs.get(info.generation);
      if (seen === undefined) {
        seen = now;
        this.firstSeenAtMs.set(info.generation, seen);
      }
      return { ...info, ageMs: now - seen };
    });
    for (const g of this.firstSeenAtMs.keys()) if (!present.has(g)) this.firstSeenAtMs.delete(g);
    return aged;
  }

  /**
   * The lowest generation of ours live on any endpoint of any provider (null: none at all).
   * A fence beyond the store's highest generation plus the jump bound is not ours either.
   */
  private async lowestLiveGeneration(stored: readonly GenerationInfo[]): Promise<Generation | null | 'unreadable' | Unfenced> {
    const ceiling = (stored.at(-1)?.generation ?? 0) + GENERATION_JUMP_MAX;
    let lowest = Number.POSITIVE_INFINITY;
    for (const provider of this.deps.providers) {
      const live = await provider.readEndpoints(this.deps.endpoints);
      if (!live.ok) return 'unreadable';
      for (const endpoint of live.value) {
        if (endpoint.fenceRaw === null) return { unfenced: endpoint.name, provider: provider.id };
        if (endpoint.fence === null || endpoint.fence.generation > ceiling) continue;
        lowest = Math.min(lowest, endpoint.fence.generation);
      }
    }
    return Number.isFinite(lowest) ? generation(lowest) : null;
  }
}

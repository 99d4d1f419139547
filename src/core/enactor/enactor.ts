/**
 * An Enactor applies the newest plan to every provider target with the fenced protocol
 * (ARCHITECTURE §2). Enactors are independent and leaderless: correctness comes from each
 * endpoint's compare-and-swap on its fence, never from coordination between Enactors.
 *
 *   latest plan ──► guards ──► read live fences ──► write set (live gen < plan gen)
 *                                                      │ batches of writesPerTransactionMax
 *                                                      ▼
 *                              applyFenced ── conflict ──► re-read those endpoints, drop the
 *                                  │                       ones at or above the plan, back off,
 *                                  ▼                       retry (at most enactAttemptsMax)
 *                               applied
 */
import { assert } from '../model/assert.js';
import { fenceGeneration } from '../model/fence.js';
import type { EnactorId, EndpointName, Generation, ProviderId } from '../model/ids.js';
import type { Plan } from '../model/plan.js';
import type { Clock } from '../ports/clock.js';
import type { DnsProvider, FencedWrite, LiveEndpoint } from '../ports/dns-provider.js';
import type { DecisionKind, EventSink } from '../ports/events.js';
import type { PlanStore } from '../ports/plan-store.js';
import type { Random } from '../ports/random.js';
import { backoffMs, type BackoffSettings } from './backoff.js';
import { checkPlanBeforeApply } from './plan-guards.js';
import { buildWriteSet, type WriteSetSkip } from './write-set.js';

export interface EnactorSettings extends BackoffSettings {
  /** Attempts per batch (first try included) before the batch is left for the next tick. */
  readonly enactAttemptsMax: number;
  /** Even when converged, re-read live state this often to repair drift (hand edits, restores). */
  readonly reconcileIntervalMs: number;
}

export interface ProviderProgress {
  lastAppliedGeneration: number;
  convergedGeneration: number;
  lastReconcileAtMs: number;
  writes: number;
  conflicts: number;
  errors: number;
  lastError: string;
  skippedNewer: number;
}

export interface EnactorStatus {
  readonly id: EnactorId;
  readonly lastPlanGeneration: number;
  readonly providers: Readonly<Record<string, Readonly<ProviderProgress>>>;
}

export type EnactorTickResult =
  | { readonly kind: 'no-plan' }
  | { readonly kind: 'store-unavailable'; readonly message: string }
  | { readonly kind: 'refused'; readonly generation: Generation; readonly reason: string }
  | { readonly kind: 'done'; readonly generation: Generation; readonly converged: boolean };

export interface EnactorDeps {
  readonly id: EnactorId;
  readonly store: PlanStore;
  readonly providers: readonly DnsProvider[];
  readonly clock: Clock;
  readonly random: Random;
  readonly events: EventSink;
  readonly settings: EnactorSettings;
}

export class Enactor {
  private readonly progress = new Map<ProviderId, ProviderProgress>();
  private lastPlanGeneration = 0;
  private refusedGeneration = 0;
  /** Per provider, the last plan every endpoint was brought up to (for applyChangedFirst). */
  private readonly convergedPlans = new Map<ProviderId, Plan>();
  private stopRequested = false;

  constructor(private readonly deps: EnactorDeps) {
    assert(deps.settings.enactAttemptsMax >= 1, 'enactAttemptsMax must be at least 1');
    for (const provider of deps.providers) this.progress.set(provider.id, emptyProgress());
  }

  get id(): EnactorId {
    return this.deps.id;
  }

  /** Stop after the transaction in flight; the current tick returns early. */
  requestStop(): void {
    this.stopRequested = true;
  }

  status(): EnactorStatus {
    const providers: Record<string, ProviderProgress> = {};
    for (const [id, p] of this.progress) providers[id] = { ...p };
    return { id: this.deps.id, lastPlanGeneration: this.lastPlanGeneration, providers };
  }

  async tick(): Promise<EnactorTickResult> {
    const latest = await this.deps.store.latest();
    if (!latest.ok) {
      // Static stability: without the store, what is live stays live.
      this.record('store.unavailable', latest.message);
      return { kind: 'store-unavailable', message: latest.message };
    }
    const plan = latest.value;
    if (plan === null) return { kind: 'no-plan' };
    this.lastPlanGeneration = plan.generation;
    const refusal = checkPlanBeforeApply(plan);
    if (refusal) return this.refuse(plan, refusal.reason);
    let converged = true;
    for (const provider of this.deps.providers) {
      if (this.stopRequested) return { kind: 'done', generation: plan.generation, converged: false };
      converged = (await this.applyToProvider(plan, provider)) && converged;
    }
    return { kind: 'done', generation: plan.generation, converged };
  }

  private refuse(plan: Plan, reason: string): EnactorTickResult {
    if (this.refusedGeneration !== plan.generation) {
      this.refusedGeneration = plan.generation;
      this.record('enact.refused', reason, { generation: plan.generation });
    }
    return { kind: 'refused', generation: plan.generation, reason };
  }

  /** Returns true when every endpoint on the provider is at or above the plan's generation. */
  private async applyToProvider(plan: Plan, provider: DnsProvider): Promise<boolean> {
    const progress = this.progress.get(provider.id)!;
    const now = this.deps.clock.nowMs();
    if (progress.convergedGeneration === plan.generation && now - progress.lastReconcileAtMs < this.deps.settings.reconcileIntervalMs) {
      return true;
    }
    if (!(await this.applyChangedFirst(plan, provider))) return false;
    const live = await this.readLive(provider, plan.endpoints.map((e) => e.name));
    if (live === null) return false;
    const writeSet = buildWriteSet(plan, live, this.deps.id);
    this.reportSkips(plan, provider, writeSet.skipped);
    const allApplied = await this.applyBatches(plan, provider, writeSet.writes, writeSet.contentChangeCount);
    if (allApplied === null) return false;
    const malformed = writeSet.skipped.some((s) => s.why === 'malformed-fence');
    if (allApplied && !malformed) {
      progress.convergedGeneration = plan.generation;
      progress.lastReconcileAtMs = now;
      this.convergedPlans.set(provider.id, plan);
    }
    return allApplied && !malformed;
  }

  /**
   * A fast path for the common case, one health change in a large fleet: the endpoints whose
   * records differ from the plan this Enactor last converged on are read and written first, so
   * their answers do not wait for reading and fencing every other endpoint. It is only an
   * ordering: every write is still a compare-and-swap on a fence read just before. Returns false
   * when stopped on request.
   */
  private async applyChangedFirst(plan: Plan, provider: DnsProvider): Promise<boolean> {
    const converged = this.convergedPlans.get(provider.id);
    if (converged === undefined || converged.generation >= plan.generation) return true;
    const before = new Map(converged.endpoints.map((e) => [e.name as string, e.digest]));
    const changed = plan.endpoints.filter((e) => before.get(e.name) !== e.digest).map((e) => e.name);
    if (changed.length === 0 || changed.length * 2 > plan.endpoints.length) return true;
    const live = await this.readLive(provider, changed);
    if (live === null) return true; // the full pass below reads again and reports
    const writeSet = buildWriteSet(plan, live, this.deps.id, new Set<string>(changed));
    return (await this.applyBatches(plan, provider, writeSet.writes.slice(0, writeSet.contentChangeCount), writeSet.contentChangeCount)) !== null;
  }

  /**
   * The write set in batches of writesPerTransactionMax, in order (content changes first). With
   * transactionsInFlightMax > 1 that many batches are in flight at once; the batches hold disjoint
   * endpoints, so their order does not matter for correctness. null: stopped on request.
   */
  private async applyBatches(plan: Plan, provider: DnsProvider, writes: readonly FencedWrite[], contentChangeCount: number): Promise<boolean | null> {
    // Content changes get batches of their own, so a changed answer never waits for fence moves.
    const batches = [
      ...chunk(writes.slice(0, contentChangeCount), provider.writesPerTransactionMax),
      ...chunk(writes.slice(contentChangeCount), provider.writesPerTransactionMax),
    ];
    const inFlight = Math.min(batches.length, Math.max(1, provider.transactionsInFlightMax ?? 1));
    let allApplied = true;
    if (inFlight <= 1) {
      for (const batch of batches) {
        if (this.stopRequested) return null;
        allApplied = (await this.applyBatch(plan, provider, batch)) && allApplied;
      }
      return allApplied;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length && !this.stopRequested) {
        const batch = batches[next++]!;
        allApplied = (await this.applyBatch(plan, provider, batch)) && allApplied;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return this.stopRequested ? null : allApplied;
  }

  /** One batch, retried on conflicts (narrowed to the endpoints still behind) and on retryable errors. */
  private async applyBatch(plan: Plan, provider: DnsProvider, initial: readonly FencedWrite[]): Promise<boolean> {
    const progress = this.progress.get(provider.id)!;
    let batch = initial;
    for (let attempt = 1; attempt <= this.deps.settings.enactAttemptsMax; attempt++) {
      for (const write of batch) {
        assert(write.newFence.generation > fenceGeneration(write.expectedFence), `enactor ${this.deps.id} would write ${write.endpoint} backwards`);
      }
      const result = await provider.applyFenced(batch);
      if (!result.ok) {
        progress.errors++;
        progress.lastError = `${result.code}: ${result.message}`;
        this.record('enact.error', result.message, { generation: plan.generation, provider: provider.id });
        if (!result.retryable) return false;
      } else if (result.value.kind === 'applied') {
        progress.writes += batch.length;
        progress.lastAppliedGeneration = Math.max(progress.lastAppliedGeneration, plan.generation);
        this.record('enact.applied', `${batch.length} endpoint(s) written`, {
          generation: plan.generation, provider: provider.id, ...(batch.length === 1 ? { endpoint: batch[0]!.endpoint } : {}),
        });
        return true;
      } else {
        progress.conflicts++;
        this.record('enact.conflict', result.value.detail, { generation: plan.generation, provider: provider.id });
        const narrowed = await this.narrow(plan, provider, batch);
        if (narrowed === null) return false;
        if (narrowed.length === 0) return true;
        batch = narrowed;
      }
      if (this.stopRequested) return false;
      if (attempt < this.deps.settings.enactAttemptsMax) {
        await this.deps.clock.sleepMs(backoffMs(attempt, this.deps.settings, this.deps.random));
      }
    }
    return false;
  }

  /** After a lost race: re-read the batch's endpoints and keep only the writes still needed. */
  private async narrow(plan: Plan, provider: DnsProvider, batch: readonly FencedWrite[]): Promise<readonly FencedWrite[] | null> {
    const names = batch.map((w) => w.endpoint);
    const live = await this.readLive(provider, names);
    if (live === null) return null;
    const rebuilt = buildWriteSet(plan, live, this.deps.id, new Set<string>(names));
    this.reportSkips(plan, provider, rebuilt.skipped);
    return rebuilt.writes;
  }

  private async readLive(provider: DnsProvider, names: readonly EndpointName[]): Promise<Map<string, LiveEndpoint> | null> {
    const result = await provider.readEndpoints(names);
    if (!result.ok) {
      const progress = this.progress.get(provider.id)!;
      progress.errors++;
      progress.lastError = `${result.code}: ${result.message}`;
      this.record('enact.error', `reading live state: ${result.message}`, { provider: provider.id });
      return null;
    }
    const live = new Map<string, LiveEndpoint>();
    for (const endpoint of result.value) live.set(endpoint.name, endpoint);
    return live;
  }

  private reportSkips(plan: Plan, provider: DnsProvider, skipped: readonly WriteSetSkip[]): void {
    const progress = this.progress.get(provider.id)!;
    for (const skip of skipped) {
      if (skip.why === 'malformed-fence') {
        this.record('enact.malformed-fence', `fence of ${skip.endpoint} does not parse (${skip.detail}); not overwritten`, {
          endpoint: skip.endpoint, generation: plan.generation, provider: provider.id,
        });
      }
    }
    // Equal generations are the normal case (another Enactor got there first); only a fence
    // strictly above the plan is news: a foreign writer or a restored store.
    const newer = skipped.filter((s) => s.why === 'newer-or-equal' && s.liveGeneration > plan.generation);
    if (newer.length > 0) {
      progress.skippedNewer += newer.length;
      this.record('enact.skipped-newer', `${newer.length} endpoint(s) already live above generation ${plan.generation}, e.g. ${newer[0]!.endpoint}`, {
        generation: plan.generation, provider: provider.id,
      });
    }
  }

  private record(kind: DecisionKind, reason: string, extra: { generation?: number; provider?: string; endpoint?: string } = {}): void {
    this.deps.events.record({ atMs: this.deps.clock.nowMs(), kind, actor: this.deps.id, reason, ...extra });
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function emptyProgress(): ProviderProgress {
  return { lastAppliedGeneration: 0, convergedGeneration: 0, lastReconcileAtMs: Number.NEGATIVE_INFINITY, writes: 0, conflicts: 0, errors: 0, lastError: '', skippedNewer: 0 };
}

/**
 * An Enactor applies the newest plan to every provider target with the fenced protocol
 * (ARCHITECTURE §2). Enactors are independent and leaderless: correctness comes from each
 * endpoint's compare-and-swap on its fence, never from coordination between Enactors.
 *
 *   latest plan ──► plan guards ──► read live (fence RRset + records) ──► write set (write-set.ts)
 *                                                      │ per-write guards, batches of writesPerTransactionMax
 *                                                      ▼
 *                              applyFenced ── conflict ──► re-read those endpoints, rebuild their
 *                                  │                       writes, back off, retry (enactAttemptsMax)
 *                                  ▼
 *                               applied
 *
 * Reconciliation: even when converged, every reconcileIntervalMs (monotonic) the Enactor reads
 * each name's records again and repairs what differs from the plan of its live generation (a hand
 * edit, a restore, a half-applied write). Alarms (a fence that is not ours, a divergent generation,
 * a refused write, an empty name repaired) are kept per name for status and recorded as events.
 */
import { assert } from '../model/assert.js';
import { fenceGeneration, GENERATION_JUMP_MAX } from '../model/fence.js';
import { generation, type EnactorId, type EndpointName, type Generation, type ProviderId } from '../model/ids.js';
import { findEndpoint, type Plan } from '../model/plan.js';
import { ServedDifferenceCache } from '../model/served.js';
import type { Clock } from '../ports/clock.js';
import type { DnsProvider, FencedWrite, LiveEndpoint } from '../ports/dns-provider.js';
import type { DecisionKind, EventSink } from '../ports/events.js';
import type { PlanStore } from '../ports/plan-store.js';
import type { Random } from '../ports/random.js';
import { backoffMs, type BackoffSettings } from './backoff.js';
import { checkPlanBeforeApply, type ServedPeak, type WriteGuards } from './plan-guards.js';
import { ServedWindow } from './served-window.js';
import { buildWriteSet, contentChangeCount, refusalNow, type PlannedWrite, type WriteSetContext, type WriteSetSkip } from './write-set.js';

export interface EnactorSettings extends BackoffSettings {
  /** Attempts per batch (first try included) before the batch is left for the next tick. */
  readonly enactAttemptsMax: number;
  /** Even when converged, re-read live state this often (monotonic) to repair drift (hand edits, restores). */
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
  repairs: number;
}

/** Something on a live name that needs a person's attention (status, logs, history). */
export interface EnactorAlarm {
  readonly provider: string;
  readonly endpoint: string;
  readonly kind: 'foreign-fence' | 'divergent' | 'refused' | 'newer';
  readonly detail: string;
}

export interface EnactorStatus {
  readonly id: EnactorId;
  readonly lastPlanGeneration: number;
  readonly providers: Readonly<Record<string, Readonly<ProviderProgress>>>;
  readonly alarms: readonly EnactorAlarm[];
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
  /** The per-write guards in force now (operator controls change them); read once per tick. */
  readonly guards: () => WriteGuards;
  /** Whether an operator asked to take this name back from a fence that is not ours. */
  readonly adopt: (endpoint: string) => boolean;
}

/**
 * A fence left behind (write-set.ts, fenceMayStay) at most this many generations below the plan:
 * under a steady stream of changes the fences still move now and then, so the Cleaner (which
 * keeps every generation a live fence names) is not held up for ever.
 */
export const FENCE_LAG_GENERATIONS_MAX = 64;

/** Skips that mean the provider does not serve the plan: it is not converged. */
const UNCONVERGED_SKIPS: ReadonlySet<WriteSetSkip['why']> = new Set(['newer', 'divergent', 'foreign-fence', 'refused']);

export class Enactor {
  private readonly progress = new Map<ProviderId, ProviderProgress>();
  private lastPlanGeneration = 0;
  private refusedGeneration = 0;
  /** Per provider, the last plan every endpoint was brought up to (for applyChangedFirst). */
  private readonly convergedPlans = new Map<ProviderId, Plan>();
  /** Per provider, when the last full pass (every name read) began. */
  private readonly fullPassAtMs = new Map<ProviderId, number>();
  /** Per provider, the generation whose pass left fences behind: the next pass on it moves them. */
  private readonly fencesLeftAt = new Map<ProviderId, number>();
  /** Current alarms, by provider|endpoint; an alarm is recorded as an event when it appears or changes. */
  private readonly alarms = new Map<string, EnactorAlarm>();
  private stopRequested = false;
  /** What each provider served within the velocity window, as read and written here. */
  private readonly window = new ServedWindow();
  /** Plan-against-live comparisons, kept while the plan's endpoint and the live records are the same objects. */
  private readonly differences = new ServedDifferenceCache();

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
    return { id: this.deps.id, lastPlanGeneration: this.lastPlanGeneration, providers, alarms: [...this.alarms.values()] };
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

  /** Built for every write set (and every rebuild after a conflict): an override lifted mid-tick no longer lets a write through. */
  private context(plan: Plan, provider: DnsProvider): WriteSetContext {
    const guards = this.guardsNow();
    return { plan, provider, by: this.deps.id, guards, generationJumpMax: GENERATION_JUMP_MAX, adopt: this.deps.adopt, servedPeak: (endpoint) => this.servedPeak(provider, endpoint), differences: this.differences };
  }

  /** The guards in force now; the served window follows their velocity settings. */
  private guardsNow(): WriteGuards {
    const guards = this.deps.guards();
    const share = guards.removedShareMaxPerWrite;
    this.window.use(share === null || guards.velocityWindowMs === null ? null : { maxShare: share, windowMs: guards.velocityWindowMs });
    return guards;
  }

  private servedPeak(provider: DnsProvider, endpoint: string): ServedPeak {
    const now = this.deps.clock.monotonicMs();
    return {
      peak: (family, served) => this.window.peak(provider.id, endpoint, family, served, now),
      possiblyServed: (family, served) => this.window.possiblyServed(provider.id, endpoint, family, served, now),
    };
  }

  /** Returns true when every endpoint on the provider serves the plan (or a newer generation of ours is not in the way). */
  private async applyToProvider(plan: Plan, provider: DnsProvider): Promise<boolean> {
    const progress = this.progress.get(provider.id)!;
    const now = this.deps.clock.monotonicMs();
    if (progress.convergedGeneration === plan.generation && now - progress.lastReconcileAtMs < this.deps.settings.reconcileIntervalMs) {
      return true;
    }
    const changedFirst = await this.applyChangedFirst(plan, provider);
    if (changedFirst === 'stopped') return false;
    if (changedFirst === 'clean' && this.fullPassMayWait(plan, provider, now)) {
      // Every name any generation since the converged plan changed is written (fence included);
      // every other name serves what it served then, which is this plan's records.
      this.convergedPlans.set(provider.id, plan);
      this.fencesLeftAt.set(provider.id, plan.generation);
      return false;
    }
    // The fast path's fence moves gave way to a newer plan: the next tick applies that one.
    if (changedFirst === 'partial' && (await this.newerPlanStored(plan))) return false;
    this.fullPassAtMs.set(provider.id, now);
    const names = plan.endpoints.map((e) => e.name);
    const live = await this.readLive(provider, names);
    if (live === null) return false;
    const fenceMayStay = await this.fencesThatMayStay(plan, provider, live);
    const writeSet = buildWriteSet({ ...this.context(plan, provider), ...(fenceMayStay === null ? {} : { fenceMayStay }) }, live);
    this.reportSkips(plan, provider, names, writeSet.skipped);
    const allApplied = await this.applyBatches(plan, provider, writeSet.writes, contentChangeCount(writeSet));
    if (allApplied === null) return false;
    const unconverged = writeSet.skipped.some((s) => UNCONVERGED_SKIPS.has(s.why));
    if (!allApplied || unconverged) return false;
    // Every name answers as the plan says: the next generation's changed names go first.
    this.convergedPlans.set(provider.id, plan);
    if (writeSet.lagging > 0) {
      this.fencesLeftAt.set(provider.id, plan.generation);
      return false;
    }
    this.fencesLeftAt.delete(provider.id);
    progress.convergedGeneration = plan.generation;
    progress.lastReconcileAtMs = now;
    return true;
  }

  /**
   * Which names may keep an older fence of ours on this pass (null: none; every fence moves).
   * The first pass over a plan leaves them, so that a one-name change costs one write; the next
   * pass over the same plan (the store quiet for an interval) moves them, as does a fence more
   * than FENCE_LAG_GENERATIONS_MAX behind. The store must be able to say which names any
   * generation since the oldest such fence changed; when it cannot (a gap in the numbering, a
   * deleted generation, an error), every fence moves, as it always did.
   */
  private async fencesThatMayStay(plan: Plan, provider: DnsProvider, live: ReadonlyMap<string, LiveEndpoint>): Promise<((endpoint: EndpointName, liveGeneration: number) => boolean) | null> {
    const store = this.deps.store;
    if (store.lastChangesSince === undefined || this.fencesLeftAt.get(provider.id) === plan.generation) return null;
    const lowest = plan.generation - FENCE_LAG_GENERATIONS_MAX;
    let oldest: number = plan.generation;
    for (const endpoint of plan.endpoints) {
      const fence = live.get(endpoint.name)?.fence;
      if (fence === undefined || fence === null || fence.digest !== endpoint.digest) continue;
      if (fence.generation >= lowest && fence.generation < oldest) oldest = fence.generation;
    }
    if (oldest === plan.generation) return null;
    const changes = await this.lastChangesUpTo(plan, generation(oldest));
    if (changes === null) return null;
    return (endpoint, liveGeneration) => liveGeneration >= oldest && (changes.get(endpoint) ?? 0) <= liveGeneration;
  }

  /**
   * A fast path for the common case, one health change in a large fleet: the endpoints whose
   * records changed since the plan this Enactor last converged on are read and written first, so
   * their answers do not wait for reading every other endpoint. Every write is still a
   * compare-and-swap on a fence read just before.
   *
   * When the store can list every name any generation in between changed (lastChangesSince, a
   * change undone included), those names are written fence and all, and the rest keep fences that
   * no plan in between disputes: 'clean', and the full pass may wait (fullPassMayWait). Otherwise
   * the names of the net difference get their content written and the full pass follows.
   */
  private async applyChangedFirst(plan: Plan, provider: DnsProvider): Promise<'stopped' | 'clean' | 'partial'> {
    const converged = this.convergedPlans.get(provider.id);
    if (converged === undefined || converged.generation >= plan.generation) return 'partial';
    const every = await this.everyChangeSince(converged, plan);
    const changed = every ?? changedEndpoints(converged, plan);
    if (changed.length * 2 > plan.endpoints.length) return 'partial';
    if (changed.length === 0) return every === null ? 'partial' : 'clean';
    const live = await this.readLive(provider, changed);
    if (live === null) return 'partial'; // the full pass below reads again and reports
    const writeSet = buildWriteSet(this.context(plan, provider), live, new Set<string>(changed));
    const writes = every === null ? writeSet.writes.filter((w) => w.kind !== 'fence-only') : writeSet.writes;
    const applied = await this.applyBatches(plan, provider, writes, contentChangeCount(writeSet));
    if (applied === null) return 'stopped';
    const clean = every !== null && applied && !writeSet.skipped.some((skip) => UNCONVERGED_SKIPS.has(skip.why));
    return clean ? 'clean' : 'partial';
  }

  /** Every name of the plan any generation after `converged` changed, in plan order (null: the store cannot tell). */
  private async everyChangeSince(converged: Plan, plan: Plan): Promise<EndpointName[] | null> {
    const changes = await this.lastChangesUpTo(plan, converged.generation);
    if (changes === null) return null;
    return [...changes.keys()].filter((name) => findEndpoint(plan.endpoints, name) !== undefined).sort();
  }

  /** The store's lastChangesSince(since), counted up to `plan` itself (null: it cannot tell, failed, or counted to another latest). */
  private async lastChangesUpTo(plan: Plan, since: Generation): Promise<ReadonlyMap<EndpointName, Generation> | null> {
    if (this.deps.store.lastChangesSince === undefined) return null;
    const answer = await this.deps.store.lastChangesSince(since);
    if (!answer.ok || answer.value === null || answer.value.latest !== plan.generation) return null;
    return answer.value.changes;
  }

  /**
   * After a clean fast path, the full pass (fence moves of unchanged names, repairs of drift) is
   * left to the next pass over the same plan, unless none has run within the reconcile interval.
   */
  private fullPassMayWait(plan: Plan, provider: DnsProvider, now: number): boolean {
    if (this.fencesLeftAt.get(provider.id) === plan.generation) return false;
    return now - (this.fullPassAtMs.get(provider.id) ?? Number.NEGATIVE_INFINITY) < this.deps.settings.reconcileIntervalMs;
  }

  /** Whether the store holds a generation above `plan` (a store that cannot be read: no). */
  private async newerPlanStored(plan: Plan): Promise<boolean> {
    const latest = await this.deps.store.latest();
    return latest.ok && latest.value !== null && latest.value.generation > plan.generation;
  }

  /**
   * The write set in batches of writesPerTransactionMax, in order (content changes first). With
   * transactionsInFlightMax > 1 that many batches are in flight at once; the batches hold disjoint
   * endpoints, so their order does not matter for correctness. null: stopped on request.
   */
  private async applyBatches(plan: Plan, provider: DnsProvider, writes: readonly PlannedWrite[], contentCount: number): Promise<boolean | null> {
    // Content changes get batches of their own, so a changed answer never waits for fence moves.
    const contentBatches = chunk(writes.slice(0, contentCount), provider.writesPerTransactionMax);
    const batches = [...contentBatches, ...chunk(writes.slice(contentCount), provider.writesPerTransactionMax)];
    const inFlight = Math.min(batches.length, Math.max(1, provider.transactionsInFlightMax ?? 1));
    let allApplied = true;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length && !this.stopRequested) {
        const index = next++;
        // Fence moves change no answer: a newer plan's changes go before the rest of them.
        if (index >= contentBatches.length && (await this.newerPlanStored(plan))) {
          allApplied = false;
          next = batches.length;
          return;
        }
        allApplied = (await this.applyBatch(plan, provider, batches[index]!)) && allApplied;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, inFlight) }, worker));
    return this.stopRequested ? null : allApplied;
  }

  /** One batch, retried on conflicts (rebuilt for the endpoints still behind) and on retryable errors. */
  private async applyBatch(plan: Plan, provider: DnsProvider, initial: readonly PlannedWrite[]): Promise<boolean> {
    const progress = this.progress.get(provider.id)!;
    let batch = initial;
    let refusedAny = false;
    for (let attempt = 1; attempt <= this.deps.settings.enactAttemptsMax; attempt++) {
      const allowed = this.stillAllowed(plan, provider, batch);
      refusedAny ||= allowed.length < batch.length;
      batch = allowed;
      // A write refused now leaves the provider unconverged: it is tried again next tick.
      if (batch.length === 0) return !refusedAny;
      for (const planned of batch) assertNotBackwards(this.deps.id, planned);
      this.observeSending(provider, batch);
      const result = await provider.applyFenced(batch.map((p) => p.write));
      if (!result.ok) {
        progress.errors++;
        progress.lastError = `${result.code}: ${result.message}`;
        this.record('enact.error', result.message, { generation: plan.generation, provider: provider.id });
        if (!result.retryable) return false;
      } else if (result.value.kind === 'applied') {
        this.recordApplied(plan, provider, batch);
        return !refusedAny;
      } else {
        // A conflict applied nothing: the batch's writes are no longer in doubt.
        for (const planned of batch) this.window.settled(provider.id, planned.write.endpoint);
        progress.conflicts++;
        this.record('enact.conflict', result.value.detail, { generation: plan.generation, provider: provider.id });
        const narrowed = await this.narrow(plan, provider, batch);
        if (narrowed === null) return false;
        batch = narrowed;
        if (batch.length === 0) return true;
      }
      if (this.stopRequested) return false;
      if (attempt < this.deps.settings.enactAttemptsMax) {
        await this.deps.clock.sleepMs(backoffMs(attempt, this.deps.settings, this.deps.random));
      }
    }
    return false;
  }

  /**
   * The per-write guards once more, with the controls in force at the instant of sending: a write
   * planned under an operator's override (or before a freeze) waits behind other batches, and the
   * override may have ended by the time it goes out.
   */
  private stillAllowed(plan: Plan, provider: DnsProvider, batch: readonly PlannedWrite[]): readonly PlannedWrite[] {
    const guards = this.guardsNow();
    const allowed: PlannedWrite[] = [];
    const refused: WriteSetSkip[] = [];
    for (const planned of batch) {
      const refusal = refusalNow(guards, provider, planned, this.servedPeak(provider, planned.write.endpoint));
      if (refusal === null) allowed.push(planned);
      else refused.push({ endpoint: planned.write.endpoint, why: 'refused', liveGeneration: fenceGeneration(planned.liveFence), detail: refusal });
    }
    if (refused.length > 0) this.reportSkips(plan, provider, refused.map((r) => r.endpoint), refused);
    return allowed.length === batch.length ? batch : allowed;
  }

  /** A write may land whatever its answer, until its answer comes: see ServedWindow.sending. */
  private observeSending(provider: DnsProvider, batch: readonly PlannedWrite[]): void {
    const { weightOf } = this.guardsNow();
    const now = this.deps.clock.monotonicMs();
    for (const planned of batch) this.window.sending(provider.id, planned.write.endpoint, provider.materialise(planned.write.records), weightOf, now);
  }

  private recordApplied(plan: Plan, provider: DnsProvider, batch: readonly PlannedWrite[]): void {
    const progress = this.progress.get(provider.id)!;
    progress.writes += batch.length;
    progress.lastAppliedGeneration = Math.max(progress.lastAppliedGeneration, plan.generation);
    this.record('enact.applied', `${batch.length} endpoint(s) written`, {
      generation: plan.generation, provider: provider.id, ...(batch.length === 1 ? { endpoint: batch[0]!.write.endpoint } : {}),
    });
    const guards = this.guardsNow();
    const now = this.deps.clock.monotonicMs();
    for (const planned of batch) {
      const endpoint = planned.write.endpoint;
      this.window.settled(provider.id, endpoint);
      this.window.observe(provider.id, endpoint, provider.materialise(planned.write.records), guards.weightOf, now);
      if (planned.kind === 'repair') {
        progress.repairs++;
        this.record(planned.liveEmpty ? 'enact.empty-repaired' : 'enact.repaired', `${endpoint}: ${planned.detail}`, { endpoint, generation: plan.generation, provider: provider.id });
      } else if (planned.kind === 'adopt') {
        this.record('enact.adopted', `${endpoint}: ${planned.detail}`, { endpoint, generation: plan.generation, provider: provider.id });
      } else if (planned.liveEmpty && planned.write.expectedFence !== null) {
        this.record('enact.empty-repaired', `${endpoint} answered with no address; written with generation ${plan.generation}`, { endpoint, generation: plan.generation, provider: provider.id });
      }
      this.alarms.delete(alarmKey(provider.id, endpoint));
    }
  }

  /** After a lost race: re-read the batch's endpoints and keep only the writes still needed. */
  private async narrow(plan: Plan, provider: DnsProvider, batch: readonly PlannedWrite[]): Promise<readonly PlannedWrite[] | null> {
    const names = batch.map((w) => w.write.endpoint);
    const live = await this.readLive(provider, names);
    if (live === null) return null;
    const rebuilt = buildWriteSet(this.context(plan, provider), live, new Set<string>(names));
    this.reportSkips(plan, provider, names, rebuilt.skipped);
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
    const { weightOf } = this.guardsNow();
    const now = this.deps.clock.monotonicMs();
    this.window.begin(provider.id, result.value.some((e) => e.fenceRaw !== null), now);
    for (const endpoint of result.value) {
      live.set(endpoint.name, endpoint);
      this.window.observe(provider.id, endpoint.name, endpoint, weightOf, now);
    }
    return live;
  }

  /** Keeps the alarms of the names just looked at current, and records the new ones. */
  private reportSkips(plan: Plan, provider: DnsProvider, names: readonly string[], skipped: readonly WriteSetSkip[]): void {
    const progress = this.progress.get(provider.id)!;
    const looked = new Set(names);
    const raised = new Set<string>();
    for (const skip of skipped) {
      if (skip.why === 'in-sync') continue;
      const alarm: EnactorAlarm = { provider: provider.id, endpoint: skip.endpoint, kind: skip.why, detail: skip.detail };
      const key = alarmKey(provider.id, skip.endpoint);
      raised.add(key);
      const before = this.alarms.get(key);
      this.alarms.set(key, alarm);
      if (skip.why === 'newer') progress.skippedNewer++;
      if (before !== undefined && before.kind === alarm.kind && before.detail === alarm.detail) continue;
      this.record(alarmEventKind(skip.why), `${skip.endpoint}: ${skip.detail}`, { endpoint: skip.endpoint, generation: plan.generation, provider: provider.id });
    }
    for (const [key, alarm] of this.alarms) {
      if (alarm.provider === provider.id && looked.has(alarm.endpoint) && !raised.has(key)) this.alarms.delete(key);
    }
  }

  private record(kind: DecisionKind, reason: string, extra: { generation?: number; provider?: string; endpoint?: string } = {}): void {
    this.deps.events.record({ atMs: this.deps.clock.nowMs(), kind, actor: this.deps.id, reason, ...extra });
  }
}

/** Never write backwards: a new generation advances the fence; a repair rewrites the same one; only an operator's adoption replaces a fence that is not ours. */
function assertNotBackwards(by: EnactorId, planned: PlannedWrite): void {
  const write: FencedWrite = planned.write;
  if (planned.kind === 'adopt') return;
  const live = fenceGenerationOfRaw(planned);
  if (planned.kind === 'repair') {
    assert(write.newFence.generation === live, `enactor ${by} would repair ${write.endpoint} at generation ${write.newFence.generation}, live ${live}`);
    return;
  }
  assert(write.newFence.generation > live, `enactor ${by} would write ${write.endpoint} backwards (live ${live}, new ${write.newFence.generation})`);
}

function fenceGenerationOfRaw(planned: PlannedWrite): number {
  return fenceGeneration(planned.liveFence);
}

function alarmKey(provider: string, endpoint: string): string {
  return `${provider}|${endpoint}`;
}

function alarmEventKind(why: WriteSetSkip['why']): DecisionKind {
  switch (why) {
    case 'foreign-fence': return 'enact.foreign-fence';
    case 'divergent': return 'enact.divergent';
    case 'refused': return 'enact.write-refused';
    case 'newer': return 'enact.skipped-newer';
    case 'in-sync': return 'enact.applied';
  }
}

/** The names whose endpoint in `plan` differs from `before`'s (in plan order); by index while both list the same names. */
function changedEndpoints(before: Plan, plan: Plan): EndpointName[] {
  const changed: EndpointName[] = [];
  const aligned = before.endpoints.length === plan.endpoints.length;
  for (let index = 0; index < plan.endpoints.length; index++) {
    const endpoint = plan.endpoints[index]!;
    const old = aligned && before.endpoints[index]!.name === endpoint.name ? before.endpoints[index] : findEndpoint(before.endpoints, endpoint.name);
    if (old !== endpoint && old?.digest !== endpoint.digest) changed.push(endpoint.name);
  }
  return changed;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function emptyProgress(): ProviderProgress {
  return { lastAppliedGeneration: 0, convergedGeneration: 0, lastReconcileAtMs: Number.NEGATIVE_INFINITY, writes: 0, conflicts: 0, errors: 0, lastError: '', skippedNewer: 0, repairs: 0 };
}

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
import { findEndpoint } from '../model/plan.js';
import { ServedDifferenceCache } from '../model/served.js';
import { backoffMs } from './backoff.js';
import { checkPlanBeforeApply } from './plan-guards.js';
import { ServedWindow } from './served-window.js';
import { buildWriteSet, contentChangeCount, refusalNow } from './write-set.js';
/** Skips that mean the provider does not serve the plan: it is not converged. */
const UNCONVERGED_SKIPS = new Set(['newer', 'divergent', 'foreign-fence', 'refused']);
export class Enactor {
    deps;
    progress = new Map();
    lastPlanGeneration = 0;
    refusedGeneration = 0;
    /** Per provider, the last plan every endpoint was brought up to (for applyChangedFirst). */
    convergedPlans = new Map();
    /** Current alarms, by provider|endpoint; an alarm is recorded as an event when it appears or changes. */
    alarms = new Map();
    stopRequested = false;
    /** What each provider served within the velocity window, as read and written here. */
    window = new ServedWindow();
    /** Plan-against-live comparisons, kept while the plan's endpoint and the live records are the same objects. */
    differences = new ServedDifferenceCache();
    constructor(deps) {
        this.deps = deps;
        assert(deps.settings.enactAttemptsMax >= 1, 'enactAttemptsMax must be at least 1');
        for (const provider of deps.providers)
            this.progress.set(provider.id, emptyProgress());
    }
    get id() {
        return this.deps.id;
    }
    /** Stop after the transaction in flight; the current tick returns early. */
    requestStop() {
        this.stopRequested = true;
    }
    status() {
        const providers = {};
        for (const [id, p] of this.progress)
            providers[id] = { ...p };
        return { id: this.deps.id, lastPlanGeneration: this.lastPlanGeneration, providers, alarms: [...this.alarms.values()] };
    }
    async tick() {
        const latest = await this.deps.store.latest();
        if (!latest.ok) {
            // Static stability: without the store, what is live stays live.
            this.record('store.unavailable', latest.message);
            return { kind: 'store-unavailable', message: latest.message };
        }
        const plan = latest.value;
        if (plan === null)
            return { kind: 'no-plan' };
        this.lastPlanGeneration = plan.generation;
        const refusal = checkPlanBeforeApply(plan);
        if (refusal)
            return this.refuse(plan, refusal.reason);
        let converged = true;
        for (const provider of this.deps.providers) {
            if (this.stopRequested)
                return { kind: 'done', generation: plan.generation, converged: false };
            converged = (await this.applyToProvider(plan, provider)) && converged;
        }
        return { kind: 'done', generation: plan.generation, converged };
    }
    refuse(plan, reason) {
        if (this.refusedGeneration !== plan.generation) {
            this.refusedGeneration = plan.generation;
            this.record('enact.refused', reason, { generation: plan.generation });
        }
        return { kind: 'refused', generation: plan.generation, reason };
    }
    /** Built for every write set (and every rebuild after a conflict): an override lifted mid-tick no longer lets a write through. */
    context(plan, provider) {
        const guards = this.guardsNow();
        return { plan, provider, by: this.deps.id, guards, generationJumpMax: GENERATION_JUMP_MAX, adopt: this.deps.adopt, servedPeak: (endpoint) => this.servedPeak(provider, endpoint), differences: this.differences };
    }
    /** The guards in force now; the served window follows their velocity settings. */
    guardsNow() {
        const guards = this.deps.guards();
        const share = guards.removedShareMaxPerWrite;
        this.window.use(share === null || guards.velocityWindowMs === null ? null : { maxShare: share, windowMs: guards.velocityWindowMs });
        return guards;
    }
    servedPeak(provider, endpoint) {
        const now = this.deps.clock.monotonicMs();
        return {
            peak: (family, served) => this.window.peak(provider.id, endpoint, family, served, now),
            possiblyServed: (family, served) => this.window.possiblyServed(provider.id, endpoint, family, served, now),
        };
    }
    /** Returns true when every endpoint on the provider serves the plan (or a newer generation of ours is not in the way). */
    async applyToProvider(plan, provider) {
        const progress = this.progress.get(provider.id);
        const now = this.deps.clock.monotonicMs();
        if (progress.convergedGeneration === plan.generation && now - progress.lastReconcileAtMs < this.deps.settings.reconcileIntervalMs) {
            return true;
        }
        if (!(await this.applyChangedFirst(plan, provider)))
            return false;
        const names = plan.endpoints.map((e) => e.name);
        const live = await this.readLive(provider, names);
        if (live === null)
            return false;
        const writeSet = buildWriteSet(this.context(plan, provider), live);
        this.reportSkips(plan, provider, names, writeSet.skipped);
        const allApplied = await this.applyBatches(plan, provider, writeSet.writes, contentChangeCount(writeSet));
        if (allApplied === null)
            return false;
        const unconverged = writeSet.skipped.some((s) => UNCONVERGED_SKIPS.has(s.why));
        if (allApplied && !unconverged) {
            progress.convergedGeneration = plan.generation;
            progress.lastReconcileAtMs = now;
            this.convergedPlans.set(provider.id, plan);
        }
        return allApplied && !unconverged;
    }
    /**
     * A fast path for the common case, one health change in a large fleet: the endpoints whose
     * records differ from the plan this Enactor last converged on are read and written first, so
     * their answers do not wait for reading and fencing every other endpoint. It is only an
     * ordering: every write is still a compare-and-swap on a fence read just before. Returns false
     * when stopped on request.
     */
    async applyChangedFirst(plan, provider) {
        const converged = this.convergedPlans.get(provider.id);
        if (converged === undefined || converged.generation >= plan.generation)
            return true;
        const changed = changedEndpoints(converged, plan);
        if (changed.length === 0 || changed.length * 2 > plan.endpoints.length)
            return true;
        const live = await this.readLive(provider, changed);
        if (live === null)
            return true; // the full pass below reads again and reports
        const writeSet = buildWriteSet(this.context(plan, provider), live, new Set(changed));
        const contentWrites = writeSet.writes.filter((w) => w.kind !== 'fence-only');
        return (await this.applyBatches(plan, provider, contentWrites, contentWrites.length)) !== null;
    }
    /**
     * The write set in batches of writesPerTransactionMax, in order (content changes first). With
     * transactionsInFlightMax > 1 that many batches are in flight at once; the batches hold disjoint
     * endpoints, so their order does not matter for correctness. null: stopped on request.
     */
    async applyBatches(plan, provider, writes, contentCount) {
        // Content changes get batches of their own, so a changed answer never waits for fence moves.
        const batches = [
            ...chunk(writes.slice(0, contentCount), provider.writesPerTransactionMax),
            ...chunk(writes.slice(contentCount), provider.writesPerTransactionMax),
        ];
        const inFlight = Math.min(batches.length, Math.max(1, provider.transactionsInFlightMax ?? 1));
        let allApplied = true;
        let next = 0;
        const worker = async () => {
            while (next < batches.length && !this.stopRequested) {
                const batch = batches[next++];
                allApplied = (await this.applyBatch(plan, provider, batch)) && allApplied;
            }
        };
        await Promise.all(Array.from({ length: Math.max(1, inFlight) }, worker));
        return this.stopRequested ? null : allApplied;
    }
    /** One batch, retried on conflicts (rebuilt for the endpoints still behind) and on retryable errors. */
    async applyBatch(plan, provider, initial) {
        const progress = this.progress.get(provider.id);
        let batch = initial;
        let refusedAny = false;
        for (let attempt = 1; attempt <= this.deps.settings.enactAttemptsMax; attempt++) {
            const allowed = this.stillAllowed(plan, provider, batch);
            refusedAny ||= allowed.length < batch.length;
            batch = allowed;
            // A write refused now leaves the provider unconverged: it is tried again next tick.
            if (batch.length === 0)
                return !refusedAny;
            for (const planned of batch)
                assertNotBackwards(this.deps.id, planned);
            this.observeSending(provider, batch);
            const result = await provider.applyFenced(batch.map((p) => p.write));
            if (!result.ok) {
                progress.errors++;
                progress.lastError = `${result.code}: ${result.message}`;
                this.record('enact.error', result.message, { generation: plan.generation, provider: provider.id });
                if (!result.retryable)
                    return false;
            }
            else if (result.value.kind === 'applied') {
                this.recordApplied(plan, provider, batch);
                return !refusedAny;
            }
            else {
                // A conflict applied nothing: the batch's writes are no longer in doubt.
                for (const planned of batch)
                    this.window.settled(provider.id, planned.write.endpoint);
                progress.conflicts++;
                this.record('enact.conflict', result.value.detail, { generation: plan.generation, provider: provider.id });
                const narrowed = await this.narrow(plan, provider, batch);
                if (narrowed === null)
                    return false;
                batch = narrowed;
                if (batch.length === 0)
                    return true;
            }
            if (this.stopRequested)
                return false;
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
    stillAllowed(plan, provider, batch) {
        const guards = this.guardsNow();
        const allowed = [];
        const refused = [];
        for (const planned of batch) {
            const refusal = refusalNow(guards, provider, planned, this.servedPeak(provider, planned.write.endpoint));
            if (refusal === null)
                allowed.push(planned);
            else
                refused.push({ endpoint: planned.write.endpoint, why: 'refused', liveGeneration: fenceGeneration(planned.liveFence), detail: refusal });
        }
        if (refused.length > 0)
            this.reportSkips(plan, provider, refused.map((r) => r.endpoint), refused);
        return allowed.length === batch.length ? batch : allowed;
    }
    /** A write may land whatever its answer, until its answer comes: see ServedWindow.sending. */
    observeSending(provider, batch) {
        const { weightOf } = this.guardsNow();
        const now = this.deps.clock.monotonicMs();
        for (const planned of batch)
            this.window.sending(provider.id, planned.write.endpoint, provider.materialise(planned.write.records), weightOf, now);
    }
    recordApplied(plan, provider, batch) {
        const progress = this.progress.get(provider.id);
        progress.writes += batch.length;
        progress.lastAppliedGeneration = Math.max(progress.lastAppliedGeneration, plan.generation);
        this.record('enact.applied', `${batch.length} endpoint(s) written`, {
            generation: plan.generation, provider: provider.id, ...(batch.length === 1 ? { endpoint: batch[0].write.endpoint } : {}),
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
            }
            else if (planned.kind === 'adopt') {
                this.record('enact.adopted', `${endpoint}: ${planned.detail}`, { endpoint, generation: plan.generation, provider: provider.id });
            }
            else if (planned.liveEmpty && planned.write.expectedFence !== null) {
                this.record('enact.empty-repaired', `${endpoint} answered with no address; written with generation ${plan.generation}`, { endpoint, generation: plan.generation, provider: provider.id });
            }
            this.alarms.delete(alarmKey(provider.id, endpoint));
        }
    }
    /** After a lost race: re-read the batch's endpoints and keep only the writes still needed. */
    async narrow(plan, provider, batch) {
        const names = batch.map((w) => w.write.endpoint);
        const live = await this.readLive(provider, names);
        if (live === null)
            return null;
        const rebuilt = buildWriteSet(this.context(plan, provider), live, new Set(names));
        this.reportSkips(plan, provider, names, rebuilt.skipped);
        return rebuilt.writes;
    }
    async readLive(provider, names) {
        const result = await provider.readEndpoints(names);
        if (!result.ok) {
            const progress = this.progress.get(provider.id);
            progress.errors++;
            progress.lastError = `${result.code}: ${result.message}`;
            this.record('enact.error', `reading live state: ${result.message}`, { provider: provider.id });
            return null;
        }
        const live = new Map();
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
    reportSkips(plan, provider, names, skipped) {
        const progress = this.progress.get(provider.id);
        const looked = new Set(names);
        const raised = new Set();
        for (const skip of skipped) {
            if (skip.why === 'in-sync')
                continue;
            const alarm = { provider: provider.id, endpoint: skip.endpoint, kind: skip.why, detail: skip.detail };
            const key = alarmKey(provider.id, skip.endpoint);
            raised.add(key);
            const before = this.alarms.get(key);
            this.alarms.set(key, alarm);
            if (skip.why === 'newer')
                progress.skippedNewer++;
            if (before !== undefined && before.kind === alarm.kind && before.detail === alarm.detail)
                continue;
            this.record(alarmEventKind(skip.why), `${skip.endpoint}: ${skip.detail}`, { endpoint: skip.endpoint, generation: plan.generation, provider: provider.id });
        }
        for (const [key, alarm] of this.alarms) {
            if (alarm.provider === provider.id && looked.has(alarm.endpoint) && !raised.has(key))
                this.alarms.delete(key);
        }
    }
    record(kind, reason, extra = {}) {
        this.deps.events.record({ atMs: this.deps.clock.nowMs(), kind, actor: this.deps.id, reason, ...extra });
    }
}
/** Never write backwards: a new generation advances the fence; a repair rewrites the same one; only an operator's adoption replaces a fence that is not ours. */
function assertNotBackwards(by, planned) {
    const write = planned.write;
    if (planned.kind === 'adopt')
        return;
    const live = fenceGenerationOfRaw(planned);
    if (planned.kind === 'repair') {
        assert(write.newFence.generation === live, `enactor ${by} would repair ${write.endpoint} at generation ${write.newFence.generation}, live ${live}`);
        return;
    }
    assert(write.newFence.generation > live, `enactor ${by} would write ${write.endpoint} backwards (live ${live}, new ${write.newFence.generation})`);
}
function fenceGenerationOfRaw(planned) {
    return fenceGeneration(planned.liveFence);
}
function alarmKey(provider, endpoint) {
    return `${provider}|${endpoint}`;
}
function alarmEventKind(why) {
    switch (why) {
        case 'foreign-fence': return 'enact.foreign-fence';
        case 'divergent': return 'enact.divergent';
        case 'refused': return 'enact.write-refused';
        case 'newer': return 'enact.skipped-newer';
        case 'in-sync': return 'enact.applied';
    }
}
/** The names whose endpoint in `plan` differs from `before`'s (in plan order); by index while both list the same names. */
function changedEndpoints(before, plan) {
    const changed = [];
    const aligned = before.endpoints.length === plan.endpoints.length;
    for (let index = 0; index < plan.endpoints.length; index++) {
        const endpoint = plan.endpoints[index];
        const old = aligned && before.endpoints[index].name === endpoint.name ? before.endpoints[index] : findEndpoint(before.endpoints, endpoint.name);
        if (old !== endpoint && old?.digest !== endpoint.digest)
            changed.push(endpoint.name);
    }
    return changed;
}
function chunk(items, size) {
    const chunks = [];
    for (let start = 0; start < items.length; start += size)
        chunks.push(items.slice(start, start + size));
    return chunks;
}
function emptyProgress() {
    return { lastAppliedGeneration: 0, convergedGeneration: 0, lastReconcileAtMs: Number.NEGATIVE_INFINITY, writes: 0, conflicts: 0, errors: 0, lastError: '', skippedNewer: 0, repairs: 0 };
}
//# sourceMappingURL=enactor.js.map
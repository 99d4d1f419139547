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
import { generation } from '../model/ids.js';
/** Pure: which stored generations may go. `lowestLive` null: no fence of ours is live anywhere. */
export function deletableGenerations(stored, lowestLive, settings) {
    const newestFirst = [...stored].sort((a, b) => b.generation - a.generation);
    const protectedByCount = new Set(newestFirst.slice(0, settings.generationsRetainedMin).map((g) => g.generation));
    return stored
        .filter((g) => (lowestLive === null || g.generation < lowestLive) && !protectedByCount.has(g.generation) && g.ageMs >= settings.retentionMs)
        .map((g) => g.generation)
        .slice(0, settings.deletionsPerTickMax);
}
export class Cleaner {
    deps;
    /** Monotonic instant at which each generation was first listed. */
    firstSeenAtMs = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    async tick() {
        const listed = await this.deps.store.list();
        if (!listed.ok)
            return { kind: 'skipped', reason: `store: ${listed.message}` };
        const lowestLive = await this.lowestLiveGeneration(listed.value);
        if (lowestLive === 'unreadable')
            return { kind: 'skipped', reason: 'live fences unreadable; deleting nothing' };
        if (typeof lowestLive === 'object' && lowestLive !== null) {
            return { kind: 'skipped', reason: `${lowestLive.unfenced} has no fence on ${lowestLive.provider} yet: an Enactor may be about to write any stored generation there; deleting nothing` };
        }
        const doomed = deletableGenerations(this.aged(listed.value), lowestLive, this.deps.settings);
        const deleted = [];
        for (const g of doomed) {
            const result = await this.deps.store.delete(g);
            if (!result.ok)
                break;
            deleted.push(g);
            this.firstSeenAtMs.delete(g);
            this.deps.events.record({
                atMs: this.deps.clock.nowMs(), kind: 'clean.deleted', actor: 'cleaner', generation: g,
                reason: `${lowestLive === null ? 'no fence of ours is live' : `below lowest live fence ${lowestLive}`}, beyond the newest ${this.deps.settings.generationsRetainedMin}, older than retention`,
            });
        }
        return { kind: 'cleaned', deleted, lowestLive };
    }
    aged(stored) {
        const now = this.deps.clock.monotonicMs();
        const present = new Set();
        const aged = stored.map((info) => {
            present.add(info.generation);
            let seen = this.firstSeenAtMs.get(info.generation);
            if (seen === undefined) {
                seen = now;
                this.firstSeenAtMs.set(info.generation, seen);
            }
            return { ...info, ageMs: now - seen };
        });
        for (const g of this.firstSeenAtMs.keys())
            if (!present.has(g))
                this.firstSeenAtMs.delete(g);
        return aged;
    }
    /**
     * The lowest generation of ours live on any endpoint of any provider (null: none at all).
     * A fence beyond the store's highest generation plus the jump bound is not ours either.
     */
    async lowestLiveGeneration(stored) {
        const ceiling = (stored.at(-1)?.generation ?? 0) + GENERATION_JUMP_MAX;
        let lowest = Number.POSITIVE_INFINITY;
        for (const provider of this.deps.providers) {
            const live = await provider.readEndpoints(this.deps.endpoints);
            if (!live.ok)
                return 'unreadable';
            for (const endpoint of live.value) {
                if (endpoint.fenceRaw === null)
                    return { unfenced: endpoint.name, provider: provider.id };
                if (endpoint.fence === null || endpoint.fence.generation > ceiling)
                    continue;
                lowest = Math.min(lowest, endpoint.fence.generation);
            }
        }
        return Number.isFinite(lowest) ? generation(lowest) : null;
    }
}
//# sourceMappingURL=cleaner.js.map
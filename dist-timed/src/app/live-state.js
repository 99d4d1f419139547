import { failure } from '../core/ports/result.js';
export const LIVE_READ_INTERVAL_MS = 1000;
/**
 * A read taking longer than LIVE_READ_TIMEOUT_MS, plus LIVE_READ_MS_PER_NAME for each managed name,
 * counts as failed (the provider is shown down) and the reader waits no longer. The allowance
 * grows with the fleet: reading 100,000 names from an RFC 2136 server takes seconds even when it
 * is healthy, and a busy machine is slower still; a provider that refuses fails at once anyway.
 */
export const LIVE_READ_TIMEOUT_MS = 5000;
export const LIVE_READ_MS_PER_NAME = 0.5;
export class LiveStateCache {
    providers;
    names;
    clock;
    timeoutMs;
    states = new Map();
    inFlight = new Map();
    /** Providers with a read queued behind the one in flight (refreshAfterWrite). */
    rereadQueued = new Set();
    timer = null;
    firstRead = null;
    constructor(providers, names, clock, timeoutMs = LIVE_READ_TIMEOUT_MS + Math.ceil(names.length * LIVE_READ_MS_PER_NAME)) {
        this.providers = providers;
        this.names = names;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        for (const provider of providers) {
            this.states.set(provider.id, { provider: provider.id, reachable: false, lastOkAtMs: null, downSinceMs: null, lastError: 'not read yet', endpoints: [] });
        }
    }
    start(intervalMs = LIVE_READ_INTERVAL_MS) {
        this.firstRead = this.refresh();
        this.timer = setInterval(() => void this.refresh(), intervalMs);
        this.timer.unref();
    }
    stop() {
        if (this.timer !== null)
            clearInterval(this.timer);
        this.timer = null;
    }
    /** Resolves once the first round of reads has finished or `waitMs` passed, whichever is first. */
    async warm(waitMs) {
        if (this.firstRead === null)
            return;
        await Promise.race([this.firstRead, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    }
    /** One read of every provider that has none in flight (a slow provider does not pile reads up). */
    refresh() {
        return Promise.all(this.providers.map((provider) => this.refreshOne(provider))).then(() => undefined);
    }
    /**
     * A write was applied: read again as soon as the read in flight ends (it may have started
     * before the write and would show the name as it was until the next interval), so status and
     * /readyz agree with DNS within one read. One read at most is queued per provider.
     */
    refreshAfterWrite() {
        if (this.timer === null)
            return;
        for (const provider of this.providers) {
            if (this.rereadQueued.has(provider.id))
                continue;
            this.rereadQueued.add(provider.id);
            void (this.inFlight.get(provider.id) ?? Promise.resolve()).then(() => {
                this.rereadQueued.delete(provider.id);
                return this.timer === null ? undefined : this.refreshOne(provider);
            });
        }
    }
    snapshot() {
        return this.providers.map((p) => this.states.get(p.id));
    }
    refreshOne(provider) {
        const running = this.inFlight.get(provider.id);
        if (running !== undefined)
            return running;
        const read = (async () => {
            const result = await withTimeout(provider.readEndpoints(this.names), this.timeoutMs);
            this.record(provider.id, result);
        })().finally(() => this.inFlight.delete(provider.id));
        this.inFlight.set(provider.id, read);
        return read;
    }
    record(id, result) {
        const previous = this.states.get(id);
        const now = this.clock.nowMs();
        if (result.ok) {
            this.states.set(id, { provider: id, reachable: true, lastOkAtMs: now, downSinceMs: null, lastError: '', endpoints: result.value });
            return;
        }
        this.states.set(id, { ...previous, reachable: false, downSinceMs: previous.downSinceMs ?? now, lastError: result.message });
    }
}
async function withTimeout(read, timeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(failure('timeout', `no answer within ${timeoutMs} ms`, true)), timeoutMs);
    });
    try {
        return await Promise.race([read.catch((error) => failure('unavailable', error instanceof Error ? error.message : String(error), true)), timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * Per provider, how many of the `endpointsTotal` managed names serve `generation` or a newer one
 * (fences only move up, so "at or above" is served). `up` shows it while a large fleet is
 * written for the first time.
 */
export function syncProgressOf(live, endpointsTotal, generation) {
    return live.map((state) => ({
        provider: state.provider,
        reachable: state.reachable,
        downSinceMs: state.downSinceMs,
        synced: state.endpoints.filter((e) => (e.fence?.generation ?? 0) >= generation).length,
        endpoints: endpointsTotal,
    }));
}
//# sourceMappingURL=live-state.js.map
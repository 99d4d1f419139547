/**
 * What every provider serves, read in the background and kept: `status`, `/readyz`, `/metrics`
 * and the dashboard answer from this cache at once, so a provider that is down (an RFC 2136 server
 * whose reads wait out a timeout) costs a reader nothing, and the report says which provider and
 * since when. The cache never decides anything; the Planner and the Enactors read live themselves.
 */
import type { EndpointName } from '../core/model/ids.js';
import type { Clock } from '../core/ports/clock.js';
import type { DnsProvider, LiveEndpoint } from '../core/ports/dns-provider.js';
import { failure, type Result } from '../core/ports/result.js';

export const LIVE_READ_INTERVAL_MS = 1000;
/** A reread after a write waits this many times as long as the last read took (at most a quarter of the time reading). */
export const LIVE_REREAD_PAUSE_FACTOR = 3;
/**
 * A read taking longer than LIVE_READ_TIMEOUT_MS, plus LIVE_READ_MS_PER_NAME for each managed name,
 * counts as failed (the provider is shown down) and the reader waits no longer. The allowance
 * grows with the fleet: reading 100,000 names from an RFC 2136 server takes seconds even when it
 * is healthy, and a busy machine is slower still; a provider that refuses fails at once anyway.
 */
export const LIVE_READ_TIMEOUT_MS = 5000;
export const LIVE_READ_MS_PER_NAME = 0.5;

export interface ProviderLiveState {
  readonly provider: string;
  readonly reachable: boolean;
  /** Wall time of the last successful read (null: none yet). */
  readonly lastOkAtMs: number | null;
  /** Wall time of the first failed read since the last success (null: reachable). */
  readonly downSinceMs: number | null;
  readonly lastError: string;
  /** The last successful read, kept while the provider is down. */
  readonly endpoints: readonly LiveEndpoint[];
}

export class LiveStateCache {
  private readonly states = new Map<string, ProviderLiveState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Providers with a read queued behind the one in flight (refreshAfterWrite). */
  private readonly rereadQueued = new Set<string>();
  /** Per provider, when its last read ended and how long it took (monotonic ms): paces rereads. */
  private readonly lastRead = new Map<string, { readonly endedMs: number; readonly tookMs: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private firstRead: Promise<void> | null = null;

  constructor(
    private readonly providers: readonly DnsProvider[],
    private readonly names: readonly EndpointName[],
    private readonly clock: Clock,
    private readonly timeoutMs = LIVE_READ_TIMEOUT_MS + Math.ceil(names.length * LIVE_READ_MS_PER_NAME),
  ) {
    for (const provider of providers) {
      this.states.set(provider.id, { provider: provider.id, reachable: false, lastOkAtMs: null, downSinceMs: null, lastError: 'not read yet', endpoints: [] });
    }
  }

  start(intervalMs = LIVE_READ_INTERVAL_MS): void {
    this.firstRead = this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves once the first round of reads has finished or `waitMs` passed, whichever is first. */
  async warm(waitMs: number): Promise<void> {
    if (this.firstRead === null) return;
    await Promise.race([this.firstRead, new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  /** One read of every provider that has none in flight (a slow provider does not pile reads up). */
  refresh(): Promise<void> {
    return Promise.all(this.providers.map((provider) => this.refreshOne(provider))).then(() => undefined);
  }

  /**
   * A write was applied: read again as soon as the read in flight ends (it may have started
   * before the write and would show the name as it was until the next interval), so status and
   * /readyz agree with DNS within one read. One read at most is queued per provider.
   */
  refreshAfterWrite(): void {
    if (this.timer === null) return;
    for (const provider of this.providers) {
      if (this.rereadQueued.has(provider.id)) continue;
      this.rereadQueued.add(provider.id);
      void (this.inFlight.get(provider.id) ?? Promise.resolve())
        .then(() => {
          const pauseMs = this.rereadPauseMs(provider.id);
          return pauseMs > 0 ? this.clock.sleepMs(pauseMs) : undefined;
        })
        .then(() => {
          this.rereadQueued.delete(provider.id);
          return this.timer === null ? undefined : this.refreshOne(provider);
        });
    }
  }

  /**
   * How long a reread after a write waits after the last read ended: LIVE_REREAD_PAUSE_FACTOR
   * times as long as that read took. While the Enactors write batch after batch (the first sync
   * of 100,000 names is 100 of them), back-to-back rereads of every name took a third of the
   * process's time, and pausing only as long as the read still a sixth. Pacing keeps the cache
   * at most a quarter of the time reading; a read of a small fleet takes a millisecond, so there
   * the reread still follows the write at once.
   */
  private rereadPauseMs(providerId: string): number {
    const last = this.lastRead.get(providerId);
    if (last === undefined) return 0;
    return Math.max(0, last.endedMs + LIVE_REREAD_PAUSE_FACTOR * last.tookMs - this.clock.monotonicMs());
  }

  snapshot(): readonly ProviderLiveState[] {
    return this.providers.map((p) => this.states.get(p.id)!);
  }

  private refreshOne(provider: DnsProvider): Promise<void> {
    const running = this.inFlight.get(provider.id);
    if (running !== undefined) return running;
    const read = (async () => {
      const startedMs = this.clock.monotonicMs();
      const result = await withTimeout(provider.readEndpoints(this.names), this.timeoutMs);
      const endedMs = this.clock.monotonicMs();
      this.lastRead.set(provider.id, { endedMs, tookMs: endedMs - startedMs });
      this.record(provider.id, result);
    })().finally(() => this.inFlight.delete(provider.id));
    this.inFlight.set(provider.id, read);
    return read;
  }

  private record(id: string, result: Result<readonly LiveEndpoint[]>): void {
    const previous = this.states.get(id)!;
    const now = this.clock.nowMs();
    if (result.ok) {
      this.states.set(id, { provider: id, reachable: true, lastOkAtMs: now, downSinceMs: null, lastError: '', endpoints: result.value });
      return;
    }
    this.states.set(id, { ...previous, reachable: false, downSinceMs: previous.downSinceMs ?? now, lastError: result.message });
  }
}

async function withTimeout<T>(read: Promise<Result<T>>, timeoutMs: number): Promise<Result<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Result<T>>((resolve) => {
    timer = setTimeout(() => resolve(failure('timeout', `no answer within ${timeoutMs} ms`, true)), timeoutMs);
  });
  try {
    return await Promise.race([read.catch((error: unknown) => failure('unavailable', error instanceof Error ? error.message : String(error), true)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How far one provider is in serving a generation: endpoints whose fence is at or above it. */
export interface ProviderSyncProgress {
  readonly provider: string;
  readonly reachable: boolean;
  readonly downSinceMs: number | null;
  /** Endpoints whose live fence is at `generation` or newer, at the provider's last read. */
  readonly synced: number;
  readonly endpoints: number;
}

/**
 * Per provider, how many of the `endpointsTotal` managed names serve `generation` or a newer one
 * (fences only move up, so "at or above" is served). `up` shows it while a large fleet is
 * written for the first time.
 */
export function syncProgressOf(live: readonly ProviderLiveState[], endpointsTotal: number, generation: number): ProviderSyncProgress[] {
  return live.map((state) => ({
    provider: state.provider,
    reachable: state.reachable,
    downSinceMs: state.downSinceMs,
    synced: syncedCount(state, generation),
    endpoints: endpointsTotal,
  }));
}

/** Per state (replaced, never changed, by a new read), the last count and the generation it was counted against: a status poll between two reads counts nothing. */
const syncedOfState = new WeakMap<ProviderLiveState, { readonly generation: number; readonly synced: number }>();

function syncedCount(state: ProviderLiveState, generation: number): number {
  const known = syncedOfState.get(state);
  if (known !== undefined && known.generation === generation) return known.synced;
  let synced = 0;
  for (const endpoint of state.endpoints) if ((endpoint.fence?.generation ?? 0) >= generation) synced++;
  syncedOfState.set(state, { generation, synced });
  return synced;
}

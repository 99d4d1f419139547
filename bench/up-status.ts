/**
 * Reading a running `dnsplane up`'s /status from a benchmark. `up` protects /status with an API
 * token; when the config names none it generates one and runtime.json names the file
 * (`apiTokenFile`). A request without it answers 401 with an error body, which is not a status:
 * reading it as one made `bench rss` throw on `status.store` being undefined.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface UpStatus {
  readonly store?: { readonly latestGeneration: number | null };
  readonly endpoints?: readonly { readonly providers: Readonly<Record<string, { readonly generation: number }>> }[];
  /** Per provider, the names at the newest generation or above (what `?endpoints=none` still carries). */
  readonly sync?: readonly { readonly synced: number; readonly endpoints: number }[];
}

/**
 * Which report to ask for: the whole one, or the per-provider counts alone. At 100,000 names the
 * whole report is tens of megabytes built and serialised by `up` on every poll, and polling it
 * twice a second took about a tenth of the CPU of the process being measured.
 */
export type UpStatusDetail = 'all' | 'none';

interface UpRuntime {
  readonly http: { readonly host: string; readonly port: number };
  readonly apiTokenFile?: string;
}

/** GET /status with the token `up` generated (runtime.json in `dataDir` names its file); null until it answers 200. */
export async function readUpStatus(dataDir: string, detail: UpStatusDetail = 'all'): Promise<UpStatus | null> {
  try {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as UpRuntime;
    const token = runtime.apiTokenFile === undefined ? null : readFileSync(runtime.apiTokenFile, 'utf8').trim();
    const response = await fetch(`http://${runtime.http.host}:${runtime.http.port}/status${detail === 'none' ? '?endpoints=none' : ''}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    return response.ok ? (await response.json()) as UpStatus : null;
  } catch {
    // Not started yet (no runtime.json, connection refused) or a body that is not JSON: not yet.
    return null;
  }
}

/** Whether every one of `endpoints` endpoints is live at the latest generation on every provider. */
export function upConverged(status: UpStatus | null, endpoints: number): boolean {
  const latest = status?.store?.latestGeneration;
  if (status?.endpoints === undefined || latest === null || latest === undefined) return false;
  return status.endpoints.length === endpoints && status.endpoints.every((e) => Object.values(e.providers).every((p) => p.generation === latest));
}

/** Whether the counts say every provider serves the newest generation on all `endpoints` names. */
export function upSyncedBySummary(status: UpStatus | null, endpoints: number): boolean {
  const sync = status?.sync;
  return sync !== undefined && sync.length > 0 && sync.every((p) => p.endpoints === endpoints && p.synced === endpoints);
}

/**
 * Polls the counts (every `pollMs`) until they say synced, then confirms with the whole report
 * that `upConverged`, up to `waitMs` after `startedMs` (performance.now()
 * time); returns the time from `startedMs` to convergence. `exited()` names a reason when the
 * process is gone (then it stops at once); `stderr()` goes into the timeout's message.
 */
export async function waitUpConverged(args: {
  readonly dataDir: string; readonly endpoints: number; readonly startedMs: number; readonly waitMs: number; readonly pollMs: number;
  readonly exited: () => string | null; readonly stderr: () => string;
}): Promise<number> {
  while (performance.now() - args.startedMs < args.waitMs) {
    await new Promise((resolve) => setTimeout(resolve, args.pollMs));
    const gone = args.exited();
    if (gone !== null) throw new Error(`dnsplane up ${gone}: ${args.stderr()}`);
    if (!upSyncedBySummary(await readUpStatus(args.dataDir, 'none'), args.endpoints)) continue;
    const seenMs = performance.now() - args.startedMs;
    if (upConverged(await readUpStatus(args.dataDir), args.endpoints)) return seenMs;
  }
  throw new Error(`dnsplane up did not converge within ${args.waitMs / 1000} s: ${args.stderr()}`);
}

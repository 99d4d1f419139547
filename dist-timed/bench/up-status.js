/**
 * Reading a running `dnsplane up`'s /status from a benchmark. `up` protects /status with an API
 * token; when the config names none it generates one and runtime.json names the file
 * (`apiTokenFile`). A request without it answers 401 with an error body, which is not a status:
 * reading it as one made `bench rss` throw on `status.store` being undefined.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/** GET /status with the token `up` generated (runtime.json in `dataDir` names its file); null until it answers 200. */
export async function readUpStatus(dataDir) {
    try {
        const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
        const token = runtime.apiTokenFile === undefined ? null : readFileSync(runtime.apiTokenFile, 'utf8').trim();
        const response = await fetch(`http://${runtime.http.host}:${runtime.http.port}/status`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
        return response.ok ? (await response.json()) : null;
    }
    catch {
        // Not started yet (no runtime.json, connection refused) or a body that is not JSON: not yet.
        return null;
    }
}
/** Whether every one of `endpoints` endpoints is live at the latest generation on every provider. */
export function upConverged(status, endpoints) {
    const latest = status?.store?.latestGeneration;
    if (status?.endpoints === undefined || latest === null || latest === undefined)
        return false;
    return status.endpoints.length === endpoints && status.endpoints.every((e) => Object.values(e.providers).every((p) => p.generation === latest));
}
/**
 * Polls until `upConverged` (every `pollMs`), up to `waitMs` after `startedMs` (performance.now()
 * time); returns the time from `startedMs` to convergence. `exited()` names a reason when the
 * process is gone (then it stops at once); `stderr()` goes into the timeout's message.
 */
export async function waitUpConverged(args) {
    while (performance.now() - args.startedMs < args.waitMs) {
        await new Promise((resolve) => setTimeout(resolve, args.pollMs));
        const gone = args.exited();
        if (gone !== null)
            throw new Error(`dnsplane up ${gone}: ${args.stderr()}`);
        if (upConverged(await readUpStatus(args.dataDir), args.endpoints))
            return performance.now() - args.startedMs;
    }
    throw new Error(`dnsplane up did not converge within ${args.waitMs / 1000} s: ${args.stderr()}`);
}
//# sourceMappingURL=up-status.js.map
/**
 * The benchmarks read a running `up`'s /status. `up` answers 401 without its API token, and the
 * RSS benchmark used to ask without it (and then read the error body as a status).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUpStatus, upConverged, upSyncedBySummary, waitUpConverged } from '../../bench/up-status.js';

const TOKEN = 'bench-token-for-test';
const converged = {
  store: { latestGeneration: 3 }, sync: [{ synced: 2, endpoints: 2 }],
  endpoints: [{ providers: { embedded: { generation: 3 } } }, { providers: { embedded: { generation: 3 } } }],
};
const summary = { ...converged, endpoints: [] };
/** The paths asked for, in order. */
let asked: string[] = [];

let dir: string;
let server: Server;

/** A stand-in for `up`'s API: /status only with the bearer token, 401 with an error body otherwise. */
async function startStatusServer(): Promise<void> {
  server = createServer((request, response) => {
    const authorized = request.headers.authorization === `Bearer ${TOKEN}`;
    asked.push(request.url ?? '');
    response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(authorized ? (request.url === '/status?endpoints=none' ? summary : converged) : { error: 'unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tokenFile = join(dir, 'api-token');
  await writeFile(tokenFile, `${TOKEN}\n`);
  await writeFile(join(dir, 'runtime.json'), JSON.stringify({ pid: 1, http: { host: '127.0.0.1', port }, apiTokenFile: tokenFile }));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-up-status-'));
  asked = [];
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('bench: reading up /status', () => {
  it('sends the token runtime.json names, and sees convergence', async () => {
    await startStatusServer();
    expect(await readUpStatus(dir)).toEqual(converged);
    const convergedAfterMs = await waitUpConverged({
      dataDir: dir, endpoints: 2, startedMs: performance.now(), waitMs: 10_000, pollMs: 10, exited: () => null, stderr: () => '',
    });
    expect(convergedAfterMs).toBeGreaterThanOrEqual(0);
    // Polled by the counts alone; the whole report only to confirm.
    expect(asked.slice(1)).toEqual(['/status?endpoints=none', '/status']);
  });

  it('takes counts short of every name, or no counts at all, for "not yet"', () => {
    expect(upSyncedBySummary(summary, 2)).toBe(true);
    expect(upSyncedBySummary({ ...summary, sync: [{ synced: 2, endpoints: 2 }, { synced: 1, endpoints: 2 }] }, 2)).toBe(false);
    expect(upSyncedBySummary({ ...summary, sync: [] }, 2)).toBe(false);
    expect(upSyncedBySummary({ store: { latestGeneration: 3 } }, 2)).toBe(false);
    expect(upSyncedBySummary(summary, 3)).toBe(false);
  });

  it('takes a 401 body for "not yet", not for a status', async () => {
    await startStatusServer();
    await writeFile(join(dir, 'api-token'), 'a-wrong-token\n');
    expect(await readUpStatus(dir)).toBeNull();
    expect(upConverged(null, 2)).toBe(false);
    await expect(waitUpConverged({
      dataDir: dir, endpoints: 2, startedMs: performance.now(), waitMs: 100, pollMs: 10, exited: () => null, stderr: () => 'stderr tail',
    })).rejects.toThrow(/did not converge within 0.1 s: stderr tail/);
  });

  it('stops at once when the process is gone', async () => {
    await startStatusServer();
    await expect(waitUpConverged({
      dataDir: dir, endpoints: 5, startedMs: performance.now(), waitMs: 10_000, pollMs: 10, exited: () => 'exited 1', stderr: () => 'boom',
    })).rejects.toThrow('dnsplane up exited 1: boom');
  });
});

/**
 * `dnsplane history` as an operator runs it, against the audit log of a real `dnsplane up`, and
 * GET /history without a cursor: the newest events (it used to answer the oldest).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DnsplaneProcess, api, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const execFileAsync = promisify(execFile);

interface Ran { readonly code: number; readonly stdout: string; readonly stderr: string }

async function run(args: readonly string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Event { readonly id: number; readonly kind: string; readonly atMs: number }

describe('dnsplane history on the audit log of a running up', () => {
  let dir: string;
  let dataDir: string;
  let up: { process: DnsplaneProcess; endpoints: RuntimeEndpoints };
  let all: Event[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-history-cli-'));
    dataDir = join(dir, 'data');
    up = await DnsplaneProcess.up(dataDir);
    // The first plan and its write, then a load balancer going down and up: more than a page of 3.
    await api(up.endpoints, '/demo/lb/lb-a1/stop', 'POST');
    await waitFor(async () => (await api<Event[]>(up.endpoints, '/history?kind=health.transition')).length >= 1, 15_000);
    await api(up.endpoints, '/demo/lb/lb-a1/start', 'POST');
    const enough = await waitFor(async () => (await api<Event[]>(up.endpoints, '/history?sinceId=0&limit=1000')).length >= 5, 15_000);
    expect(enough).not.toBeNull();
    all = await api<Event[]>(up.endpoints, '/history?sinceId=0&limit=1000');
  });
  afterAll(async () => {
    up.process.kill('SIGTERM');
    await up.process.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /history?limit=3 answers the newest three, oldest of them first', async () => {
    const newest = await api<Event[]>(up.endpoints, '/history?limit=3');
    const ids = newest.map((e) => e.id);
    const everything = await api<Event[]>(up.endpoints, '/history?sinceId=0&limit=1000');
    expect(ids).toEqual(everything.slice(-3).map((e) => e.id));
    expect(ids[0]).toBeGreaterThan(everything[0]!.id);
  });

  it('history --limit 3 --json: the newest three from the file, without the API', async () => {
    const ran = await run(['history', '--data-dir', dataDir, '--limit', '3', '--json']);
    expect(ran.code).toBe(0);
    const events = JSON.parse(ran.stdout) as Event[];
    expect(events).toHaveLength(3);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events[0]!.id).toBeGreaterThanOrEqual(all[all.length - 1]!.id - 2);
  });

  it('history --kind takes families and refuses unknown kinds with a suggestion (exit 2)', async () => {
    const enact = await run(['history', '--data-dir', dataDir, '--kind', 'enact.*', '--json']);
    expect(enact.code).toBe(0);
    const kinds = (JSON.parse(enact.stdout) as Event[]).map((e) => e.kind);
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k.startsWith('enact.'))).toBe(true);
    const text = await run(['history', '--data-dir', dataDir, '--kind', 'plan.created', '--since', '1h']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^id +time +kind/);
    expect(text.stdout).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z +plan\.created/);
    const wrong = await run(['history', '--data-dir', dataDir, '--kind', 'plan.creatd']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("did you mean 'plan.created'");
    const since = await run(['history', '--data-dir', dataDir, '--since', 'yesterday']);
    expect(since.code).toBe(2);
  });

  it('history export writes Parquet partitioned by date; history sql reads it back with DuckDB', async () => {
    const out = join(dir, 'lake');
    const exported = await run(['history', 'export', '--data-dir', dataDir, '--out', out, '--json']);
    expect(exported.code).toBe(0);
    const summary = JSON.parse(exported.stdout) as { eventsExported: number; rawFilesWritten: string[] };
    expect(summary.eventsExported).toBeGreaterThanOrEqual(all.length);
    expect(summary.rawFilesWritten.every((f) => /^raw\/date=\d{4}-\d{2}-\d{2}\/events-\d+-\d+\.parquet$/.test(f))).toBe(true);
    expect(readdirSync(join(out, 'curated', 'events')).every((d) => d.startsWith('date='))).toBe(true);
    const counted = await run(['history', 'sql', '--dir', out, '--json', "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events WHERE kind = 'plan.created'"]);
    expect(counted.code).toBe(0);
    const [row] = JSON.parse(counted.stdout) as { n: number; ids: number }[];
    expect(row!.n).toBeGreaterThanOrEqual(1);
    expect(row!.n).toBe(row!.ids);
    // Without --dir: a fresh export of the data dir, queried, removed.
    const fresh = await run(['history', 'sql', '--data-dir', dataDir, "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind"]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^kind +n/);
    expect(fresh.stdout).toMatch(/enact\.applied +\d+/);
    expect(fresh.stdout).toMatch(/\(\d+ rows?\)/);
  });

  it('errors: bad SQL names the problem (exit 1); a data dir without an audit log is not created', async () => {
    const bad = await run(['history', 'sql', '--data-dir', dataDir, 'SELEC nothing']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/syntax error/i);
    const badJson = await run(['history', 'sql', '--data-dir', dataDir, '--json', 'SELECT * FROM no_such_table']);
    expect(badJson.code).toBe(1);
    expect((JSON.parse(badJson.stdout) as { error: { message: string } }).error.message).toMatch(/no_such_table/);
    const nowhere = join(dir, 'nowhere');
    const missing = await run(['history', '--data-dir', nowhere]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no audit log');
    expect(existsSync(nowhere)).toBe(false);
  });
});

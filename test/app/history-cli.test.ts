/**
 * `dnsplane history` as an operator runs it, against the audit log of a real `dnsplane up`, and
 * GET /history without a cursor: the newest events (it used to answer the oldest).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogOverApi } from '../../src/cli/history-over-api.js';
import { BIN, DnsplaneProcess, api, sleep, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const execFileAsync = promisify(execFile);

interface Ran { readonly code: number; readonly stdout: string; readonly stderr: string }

async function run(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { timeout: 60_000, ...(options.cwd === undefined ? {} : { cwd: options.cwd }), env: { ...process.env, ...options.env } });
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

  describe('--url: the same history read from the running instance over its API', () => {
    const url = (): string => `http://${up.endpoints.http.host}:${up.endpoints.http.port}`;
    const tokenFile = (): string => up.endpoints.apiTokenFile!;
    // A directory with no ./dnsplane-data: the token comes only from what a test passes.
    const elsewhere = (): string => {
      const cwd = join(dir, 'elsewhere');
      mkdirSync(cwd, { recursive: true });
      return cwd;
    };

    it('history --url answers what the file answers (--kind family, --since, --until, --limit, --json)', async () => {
      // A closed window, so that events recorded meanwhile change neither answer.
      const until = new Date().toISOString();
      await sleep(300);
      const filters = ['--kind', 'enact.*,plan.created,health.*', '--since', '1h', '--until', until, '--limit', '20', '--json'];
      const local = await run(['history', '--data-dir', dataDir, ...filters]);
      const remote = await run(['history', '--url', url(), '--token-file', tokenFile(), ...filters], { cwd: elsewhere() });
      expect(local.code).toBe(0);
      expect(remote.code).toBe(0);
      const events = JSON.parse(remote.stdout) as Event[];
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events).toEqual(JSON.parse(local.stdout));
      // The token from the environment, text output with ISO times.
      const text = await run(['history', '--url', url(), '--limit', '3'], { cwd: elsewhere(), env: { DNSPLANE_API_TOKEN: readFileSync(tokenFile(), 'utf8').trim() } });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^id +time +kind/);
      expect(text.stdout.trim().split('\n')).toHaveLength(4);
    });

    it('without a token, or with a wrong one, the API refuses (401) and history exits 1 saying where a token comes from', async () => {
      const none = await run(['history', '--url', url()], { cwd: elsewhere() });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/401 .*bearer token is required/);
      expect(none.stderr).toContain('DNSPLANE_API_TOKEN');
      const wrong = await run(['history', '--url', url(), '--json'], { cwd: elsewhere(), env: { DNSPLANE_API_TOKEN: 'not-the-token-at-all' } });
      expect(wrong.code).toBe(1);
      expect((JSON.parse(wrong.stdout) as { error: { message: string } }).error.message).toMatch(/401 the bearer token is not valid/);
      const gone = await run(['history', '--url', 'http://127.0.0.1:9', '--token-file', tokenFile()], { cwd: elsewhere() });
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('cannot reach dnsplane at http://127.0.0.1:9');
    });

    it('GET /history takes since/until as ISO times and refuses anything else (400)', async () => {
      const first = all[0]!;
      const window = await api<Event[]>(up.endpoints, `/history?order=ascending&since=${new Date(first.atMs).toISOString()}&until=${new Date(first.atMs + 1).toISOString()}`);
      expect(window.map((e) => e.id)).toContain(first.id);
      expect(window.every((e) => e.atMs === first.atMs)).toBe(true);
      await expect(api(up.endpoints, '/history?since=yesterday')).rejects.toThrow(/400/);
    });

    it('pages: a query larger than one page reads every page in order, forward and back', async () => {
      const token = readFileSync(tokenFile(), 'utf8').trim();
      const log = auditLogOverApi({ url: url(), token }, 2);
      const forward = await log.query({ sinceId: 0, limit: 7, order: 'ascending' });
      expect(forward.ok && forward.value.map((e) => e.id)).toEqual(all.slice(0, 7).map((e) => e.id));
      const newest = await api<Event[]>(up.endpoints, '/history?order=newest-first&limit=7');
      const back = await log.query({ limit: 7, order: 'newest-first' });
      expect(back.ok && back.value.map((e) => e.id)).toEqual(newest.map((e) => e.id));
    });

    it('history export --url writes the same partitions; history sql --url queries a fresh export of the instance', async () => {
      const out = join(dir, 'lake-over-api');
      const exported = await run(['history', 'export', '--url', url(), '--token-file', tokenFile(), '--out', out, '--json'], { cwd: elsewhere() });
      expect(exported.code).toBe(0);
      const summary = JSON.parse(exported.stdout) as { eventsExported: number; rawFilesWritten: string[] };
      expect(summary.eventsExported).toBeGreaterThanOrEqual(all.length);
      expect(summary.rawFilesWritten.every((f) => /^raw\/date=\d{4}-\d{2}-\d{2}\/events-\d+-\d+\.parquet$/.test(f))).toBe(true);
      const ids = await run(['history', 'sql', '--dir', out, '--json', `SELECT id FROM events WHERE id <= ${all[all.length - 1]!.id} ORDER BY id`]);
      expect(ids.code).toBe(0);
      expect((JSON.parse(ids.stdout) as { id: number }[]).map((r) => r.id)).toEqual(all.map((e) => e.id));
      const fresh = await run(['history', 'sql', '--url', url(), '--token-file', tokenFile(), "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind"], { cwd: elsewhere() });
      expect(fresh.code).toBe(0);
      expect(fresh.stdout).toMatch(/enact\.applied +\d+/);
    });
  });
});

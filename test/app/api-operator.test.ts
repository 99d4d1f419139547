/**
 * The operator's API and process behaviour, on the real `dnsplane up` process: tokens (none, the
 * generated one, configured ones with scopes), a browser-style cross-origin POST, a DNS-rebinding
 * Host header, bounded controls, /metrics, /readyz, a taken port, SIGHUP with a good and a bad
 * config, and `status` while an RFC 2136 provider is down.
 */
import { execFile, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../src/app/demo-fleet.js';
import { BIN, DnsplaneProcess, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const execFileAsync = promisify(execFile);

async function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { timeout: 20_000, env });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', ms: Date.now() - started };
  }
}

/** A raw HTTP request (fetch may not set Host, and a browser's headers are the point here). */
function raw(endpoints: RuntimeEndpoints, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: endpoints.http.host, port: endpoints.http.port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function hostOf(endpoints: RuntimeEndpoints): string {
  return `${endpoints.http.host}:${endpoints.http.port}`;
}

describe('the API of the demo (no tokens configured: a generated one)', () => {
  let dir: string;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;
  let token: string;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}`, host: hostOf(endpoints) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-api-'));
    ({ process: proc, endpoints } = await DnsplaneProcess.up(join(dir, 'data')));
    token = readFileSync(join(dir, 'data', 'api-token'), 'utf8').trim();
  }, 30_000);
  afterAll(async () => {
    proc.kill('SIGTERM');
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the token 0600, refuses requests without it (401) and answers with it; health routes need none', async () => {
    expect(statSync(join(dir, 'data', 'api-token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'data', 'runtime.json'), 'utf8')).not.toContain(token);
    expect((await raw(endpoints, 'GET', '/status', { host: hostOf(endpoints) })).status).toBe(401);
    expect((await raw(endpoints, 'GET', '/status', { host: hostOf(endpoints), authorization: 'Bearer not-the-token-0123456789' })).status).toBe(401);
    expect((await raw(endpoints, 'GET', '/status', auth())).status).toBe(200);
    expect((await raw(endpoints, 'GET', '/healthz', { host: hostOf(endpoints) })).status).toBe(200);
    const ready = await raw(endpoints, 'GET', '/readyz', { host: hostOf(endpoints) });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, store: { reachable: true } });
  });

  it('answers /status?endpoints=none with the per-provider sync counts and no endpoint list, and refuses another value (400)', async () => {
    type Report = { endpoints: unknown[]; store: { latestGeneration: number | null }; sync: { provider: string; synced: number; endpoints: number }[] };
    const read = async (path: string): Promise<Report> => JSON.parse((await raw(endpoints, 'GET', path, auth())).body) as Report;
    const converged = await waitFor(async () => {
      const full = await read('/status');
      return full.sync.length > 0 && full.sync.every((p) => p.synced === p.endpoints && p.endpoints === full.endpoints.length);
    }, 20_000);
    expect(converged).not.toBeNull();
    const full = await read('/status');
    const summary = await read('/status?endpoints=none');
    expect(summary.endpoints).toEqual([]);
    expect(summary.store.latestGeneration).toBe(full.store.latestGeneration);
    expect(summary.sync).toEqual(full.sync);
    expect(summary.sync.map((p) => p.endpoints)).toEqual(full.sync.map(() => full.endpoints.length));
    // /enactors is the report's Enactors, without building the per-endpoint list for them.
    const enactors = JSON.parse((await raw(endpoints, 'GET', '/enactors', auth())).body) as { id: string }[];
    expect(enactors.map((e) => e.id)).toEqual((JSON.parse((await raw(endpoints, 'GET', '/status', auth())).body) as { enactors: { id: string }[] }).enactors.map((e) => e.id));
    expect(enactors.length).toBeGreaterThan(0);
    const bad = await raw(endpoints, 'GET', '/status?endpoints=some', auth());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/endpoints/);
  });

  it('refuses a browser page\'s cross-origin "simple" POST and a DNS-rebinding Host header; nothing is recorded', async () => {
    const body = JSON.stringify({ kind: 'freeze', reason: 'from a web page' });
    const simple = await raw(endpoints, 'POST', '/controls', { host: hostOf(endpoints), origin: 'http://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }, body);
    expect(simple.status).toBe(403);
    // Even with the token (a page cannot have it, but the check does not rely on that).
    const withToken = await raw(endpoints, 'POST', '/controls', { ...auth(), origin: 'http://evil.example', 'content-type': 'application/json' }, body);
    expect(withToken.status).toBe(403);
    const textPlain = await raw(endpoints, 'POST', '/controls', { ...auth(), 'content-type': 'text/plain' }, body);
    expect(textPlain.status).toBe(415);
    const rebound = await raw(endpoints, 'GET', '/status', { ...auth(), host: `rebind.evil.example:${endpoints.http.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/DNS rebinding/);
    const demoStop = await raw(endpoints, 'POST', '/demo/lb/lb-a1/stop', { host: hostOf(endpoints), origin: 'http://evil.example', 'content-type': 'text/plain' });
    expect(demoStop.status).toBe(403);
    const controls = JSON.parse((await raw(endpoints, 'GET', '/controls', auth())).body) as unknown[];
    expect(controls).toEqual([]);
    const demo = JSON.parse((await raw(endpoints, 'GET', '/demo', auth())).body) as { id: string; running: boolean }[];
    expect(demo.every((lb) => lb.running)).toBe(true);
  });

  it('records a write with the token name, never a name the request claims; bounds size and count', async () => {
    const claimed = await raw(endpoints, 'POST', '/controls', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ kind: 'freeze', reason: 'drill', by: 'mallory' }));
    expect(claimed.status).toBe(400);
    const added = await raw(endpoints, 'POST', '/controls', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ kind: 'freeze', target: 'api.use1-az1.example.test.', reason: 'drill' }));
    expect(added.status).toBe(201);
    expect(JSON.parse(added.body)).toMatchObject({ by: 'local', kind: 'freeze' });
    const long = await raw(endpoints, 'POST', '/controls', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ kind: 'freeze', reason: 'x'.repeat(1025) }));
    expect(long.status).toBe(400);
    const huge = await raw(endpoints, 'POST', '/controls', { ...auth(), 'content-type': 'application/json' }, JSON.stringify({ kind: 'freeze', reason: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    const status = await run(['status', '--data-dir', join(dir, 'data')]);
    expect(status.stdout).toMatch(/freeze api\.use1-az1\.example\.test\. by local: drill/);
    const lifted = await run(['unfreeze', '--endpoint', 'api.use1-az1.example.test.', '--data-dir', join(dir, 'data'), '--json']);
    expect(lifted.code).toBe(0);
    expect(JSON.parse(lifted.stdout)).toMatchObject({ removed: [{ target: 'api.use1-az1.example.test.' }] });
  });

  it('serves Prometheus metrics with the token, and the newest history first', async () => {
    expect((await raw(endpoints, 'GET', '/metrics', { host: hostOf(endpoints) })).status).toBe(401);
    const metrics = await raw(endpoints, 'GET', '/metrics', auth());
    expect(metrics.status).toBe(200);
    for (const name of ['dnsplane_live_generation{endpoint="api.us-east-1.example.test.",provider="embedded"} 1', 'dnsplane_live_generation_lag', 'dnsplane_plan_age_seconds',
      'dnsplane_provider_apply_seconds_bucket', 'dnsplane_decisions_total{kind="plan.created"}', 'dnsplane_load_balancer_healthy{load_balancer="lb-a1"} 1',
      'dnsplane_frozen_endpoints', 'dnsplane_fail_open_active', 'dnsplane_velocity_deferrals_total', 'dnsplane_provider_up{provider="embedded"} 1', 'dnsplane_store_up 1']) {
      expect(metrics.body).toContain(name);
    }
    const history = JSON.parse((await raw(endpoints, 'GET', '/history?limit=2', auth())).body) as { id: number }[];
    const all = JSON.parse((await raw(endpoints, 'GET', '/history?limit=1000', auth())).body) as { id: number }[];
    expect(history.map((e) => e.id)).toEqual(all.slice(-2).map((e) => e.id));
  });

  it('plans: list, get, diff, preview; plan --data-dir is that preview, exit 0 without changes', async () => {
    const plans = JSON.parse((await raw(endpoints, 'GET', '/plans', auth())).body) as { generation: number }[];
    expect(plans[0]!.generation).toBeGreaterThanOrEqual(1);
    const plan = JSON.parse((await raw(endpoints, 'GET', `/plans/${plans[0]!.generation}`, auth())).body) as { endpoints: unknown[] };
    expect(plan.endpoints).toHaveLength(3);
    const diff = JSON.parse((await raw(endpoints, 'GET', `/plans/diff?from=${plans[0]!.generation}&to=${plans[0]!.generation}`, auth())).body) as { changes: unknown[] };
    expect(diff.changes).toEqual([]);
    const result = await run(['plan', '--data-dir', join(dir, 'data'), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ changed: false, summary: { endpointsChanged: 0 } });
  });
});

describe('configured tokens and scopes', () => {
  let dir: string;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;
  let fleet: DemoFleet;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-tokens-'));
    fleet = await DemoFleet.start(['lb-1'], []);
    writeFileSync(join(dir, 'tokens'), '# name scopes token\ngrafana read grafana-token-0123456789\nerin read,operate erin-token-0123456789\n');
    writeFileSync(join(dir, 'fleet.yaml'), fleetYaml(fleet, 'http: { listen: "127.0.0.1:0", tokens: { file: tokens } }'));
    ({ process: proc, endpoints } = await DnsplaneProcess.upWithConfig(join(dir, 'data'), join(dir, 'fleet.yaml')));
  }, 30_000);
  afterAll(async () => {
    proc.kill('SIGTERM');
    await proc.exited;
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a read token reads but may not operate (403); an operate token writes, recorded under its name', async () => {
    const host = hostOf(endpoints);
    expect((await raw(endpoints, 'GET', '/status', { host, authorization: 'Bearer grafana-token-0123456789' })).status).toBe(200);
    const body = JSON.stringify({ kind: 'freeze', reason: 'drill' });
    expect((await raw(endpoints, 'POST', '/controls', { host, authorization: 'Bearer grafana-token-0123456789', 'content-type': 'application/json' }, body)).status).toBe(403);
    const url = `http://${host}`;
    const frozen = await run(['freeze', '--reason', 'drill', '--url', url], { ...process.env, DNSPLANE_API_TOKEN: 'erin-token-0123456789' });
    expect(frozen.stdout).toMatch(/frozen: \* by erin: drill/);
    const refused = await run(['unfreeze', '--url', url, '--json'], { ...process.env, DNSPLANE_API_TOKEN: 'grafana-token-0123456789' });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { kind: 'api' }, exitCode: 1 });
    expect(existsNot(join(dir, 'data', 'api-token'))).toBe(true);
  });
});

describe('process behaviour', () => {
  let dir: string;
  let fleet: DemoFleet;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-proc-'));
    fleet = await DemoFleet.start(['lb-1'], []);
  });
  afterAll(async () => {
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a taken DNS port is one line and exit 2, quickly (no crash loop of DNS workers)', async () => {
    const taken = await listenTcp();
    const port = (taken.address() as { port: number }).port;
    const result = await run(['up', '--data-dir', join(dir, 'taken'), '--dns-listen', `127.0.0.1:${port}`, '--http-listen', '127.0.0.1:0']);
    taken.close();
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`dnsplane up: cannot listen for DNS on 127.0.0.1:${port}: the address is already in use (another process listens there)`]);
    // Bounded, not timed: a crash loop of DNS workers would run until the test's timeout.
    expect(result.ms).toBeLessThan(30_000);
    const nonsense = await run(['up', '--data-dir', join(dir, 'taken'), '--dns-listen', 'nonsense', '--json']);
    expect(nonsense.code).toBe(2);
    expect(JSON.parse(nonsense.stdout)).toMatchObject({ error: { kind: 'usage', message: expect.stringMatching(/--dns-listen: 'nonsense' is not host:port/) as string }, exitCode: 2 });
    const open = await run(['up', '--data-dir', join(dir, 'taken'), '--http-listen', '0.0.0.0:0']);
    expect(open.code).toBe(2);
  }, 30_000);

  it('SIGHUP applies a good config (logging what changed) and refuses a bad one, keeping the running one', async () => {
    const configPath = join(dir, 'reload.yaml');
    writeFileSync(configPath, fleetYaml(fleet, 'http: { listen: "127.0.0.1:0" }'));
    const { process: proc, endpoints } = await DnsplaneProcess.upWithConfig(join(dir, 'reload-data'), configPath);
    try {
      writeFileSync(configPath, fleetYaml(fleet, 'http: { listen: "127.0.0.1:0" }').replace('keepGenerations: 10', 'keepGenerations: 7'));
      proc.kill('SIGHUP');
      expect(await waitFor(async () => proc.stderr.includes('reload applied'), 5000)).not.toBeNull();
      expect(proc.stderr).toMatch(/cleaner\.generationsRetainedMin: 10 → 7/);
      writeFileSync(configPath, 'zone: example.test.\nregion: [not, a, string]\n');
      proc.kill('SIGHUP');
      expect(await waitFor(async () => proc.stderr.includes('reload refused'), 5000)).not.toBeNull();
      expect(proc.child.exitCode).toBeNull();
      const status = await run(['status', '--data-dir', join(dir, 'reload-data'), '--json']);
      expect(status.code).toBe(0);
      expect((JSON.parse(status.stdout) as { zone: string }).zone).toBe('example.test.');
      void endpoints;
    } finally {
      proc.kill('SIGTERM');
      const exited = await proc.exited;
      expect(exited.code).toBe(0);
      expect(proc.stderr).toMatch(/"msg":"stopped"/);
    }
  }, 30_000);

  it('status answers within 1 s while an RFC 2136 provider is down, naming it and since when; /readyz says not ready', async () => {
    const dead = await listenTcp();
    const deadPort = (dead.address() as { port: number }).port;
    dead.close();
    const configPath = join(dir, 'down.yaml');
    const providers = [
      'providers:', '  - { id: embedded, type: embedded }',
      `  - { id: bind-down, type: rfc2136, server: "127.0.0.1:${deadPort}", timeoutMs: 3000, tsig: { name: dnsplane-key, algorithm: hmac-sha256, secretEnv: DNSPLANE_TEST_TSIG } }`,
    ].join('\n');
    writeFileSync(configPath, `${fleetYaml(fleet, 'http: { listen: "127.0.0.1:0" }')}${providers}\n`);
    const missing = await run(['validate', '--config', configPath], { ...process.env, DNSPLANE_TEST_TSIG: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/DNSPLANE_TEST_TSIG/);
    process.env['DNSPLANE_TEST_TSIG'] = Buffer.alloc(32, 7).toString('base64');
    const { process: proc, endpoints } = await DnsplaneProcess.upWithConfig(join(dir, 'down-data'), configPath);
    try {
      await waitFor(async () => (await run(['status', '--data-dir', join(dir, 'down-data'), '--json'])).stdout.includes('"downSinceMs": 1'), 8000);
      const status = await run(['status', '--data-dir', join(dir, 'down-data')]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/provider bind-down DOWN since \d{4}-\d\d-\d\dT/);
      // The answer itself (the CLI adds its own start-up): within 1 s although reads of bind-down time out after 3 s.
      const token = readFileSync(join(dir, 'down-data', 'api-token'), 'utf8').trim();
      const started = Date.now();
      const answered = await raw(endpoints, 'GET', '/status', { host: hostOf(endpoints), authorization: `Bearer ${token}` });
      const answerMs = Date.now() - started;
      expect(answered.status).toBe(200);
      expect(answerMs).toBeLessThan(1000);
      const report = JSON.parse(answered.body) as { providers: { provider: string; reachable: boolean }[] };
      expect(report.providers.find((p) => p.provider === 'bind-down')?.reachable).toBe(false);
      const ready = await raw(endpoints, 'GET', '/readyz', { host: hostOf(endpoints) });
      expect(ready.status).toBe(503);
      expect((await raw(endpoints, 'GET', '/healthz', { host: hostOf(endpoints) })).status).toBe(200);
    } finally {
      delete process.env['DNSPLANE_TEST_TSIG'];
      proc.kill('SIGTERM');
      await proc.exited;
    }
  }, 40_000);

  it('SIGTERM at any moment of start-up is a clean stop: a log line and exit 0 (a signal pending while handlers change hands is not lost)', async () => {
    for (const delayMs of [1000, 2500, 4000]) {
      const child = spawn(process.execPath, [BIN, 'up', '--data-dir', join(dir, `term-${delayMs}`), '--dns-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code, `SIGTERM after ${delayMs} ms`).toBe(0);
      expect(stderr, `SIGTERM after ${delayMs} ms`).toMatch(/"msg":"stopping: SIGTERM received"/);
    }
  }, 90_000);

  it('--help for every command, --version and -v', async () => {
    for (const command of ['up', 'status', 'plan', 'validate', 'demo', 'override', 'adopt', 'freeze', 'unfreeze', 'sim']) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`dnsplane ${command}`));
    }
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await run(['--version'])).stdout.trim()).toBe(version.version);
    expect((await run(['-v'])).stdout.trim()).toBe(version.version);
  }, 180_000);
});

function fleetYaml(fleet: DemoFleet, http: string): string {
  return [
    'zone: example.test.', 'region: r1', 'loadBalancers:',
    ...fleet.list().map((lb, i) => `  - { id: ${lb.id}, az: az1, ipv4: 198.51.100.${i + 1}, check: { http: "http://127.0.0.1:${lb.port}/health" } }`),
    'endpoints:', '  - { name: api.example.test., select: {} }', 'enactors: [az1]',
    'health: { intervalMs: 300, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1 }',
    'cleaner: { keepGenerations: 10 }',
    'dns: { listen: "127.0.0.1:0", workers: 0 }', http, '',
  ].join('\n');
}

function listenTcp(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function existsNot(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch {
    return true;
  }
}

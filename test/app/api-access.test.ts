/**
 * Who gets in, and how often, on the real `dnsplane up`: unauthenticated loopback access only when
 * configured (and then recorded as 'loopback'), rate limits per caller (429 with retry-after, for
 * reads and, tighter, per write route), and a listen address reachable from other hosts refused
 * by `validate` unless tokens are configured.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DnsplaneProcess, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const execFileAsync = promisify(execFile);

async function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { timeout: 30_000, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Load balancers without checks (always healthy): nothing to start beside dnsplane. */
function configYaml(http: string): string {
  return [
    'zone: example.test.', 'region: r1', 'loadBalancers:',
    '  - { id: lb-1, az: az1, ipv4: 198.51.100.1 }', '  - { id: lb-2, az: az1, ipv4: 198.51.100.2 }',
    'endpoints:', '  - { name: api.example.test., select: {} }', 'enactors: [az1]',
    'dns: { listen: "127.0.0.1:0", workers: 0 }', http, '',
  ].join('\n');
}

async function call(endpoints: RuntimeEndpoints, method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<Response> {
  return fetch(`http://${endpoints.http.host}:${endpoints.http.port}${path}`, {
    method, signal: AbortSignal.timeout(5000),
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}

describe('API access: unauthenticated loopback when configured, rate limits, non-loopback listen', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-api-access-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate refuses a listen address reachable from other hosts without tokens (exit 2), and accepts it with tokens', async () => {
    const open = join(dir, 'open.yaml');
    writeFileSync(open, configYaml('http: { listen: "0.0.0.0:8053" }'));
    const refused = await run(['validate', '--config', open]);
    expect(refused.code).toBe(2);
    expect(refused.stderr + refused.stdout).toMatch(/http\.listen: '0\.0\.0\.0:8053' is reachable from other hosts: configure http\.tokens/);
    const loose = join(dir, 'loose.yaml');
    writeFileSync(loose, configYaml('http: { listen: "0.0.0.0:8053", tokens: { env: DNSPLANE_TEST_TOKENS }, allowUnauthenticatedLoopback: true }'));
    const both = await run(['validate', '--config', loose], { ...process.env, DNSPLANE_TEST_TOKENS: 'erin read,operate 0123456789abcdef0123456789abcdef' });
    expect(both.code).toBe(2);
    expect(both.stderr + both.stdout).toMatch(/http\.allowUnauthenticatedLoopback: applies to a loopback listen address only/);
    const guarded = join(dir, 'guarded.yaml');
    writeFileSync(guarded, configYaml('http: { listen: "0.0.0.0:8053", tokens: { env: DNSPLANE_TEST_TOKENS } }'));
    const accepted = await run(['validate', '--config', guarded], { ...process.env, DNSPLANE_TEST_TOKENS: 'erin read,operate 0123456789abcdef0123456789abcdef' });
    expect(accepted.code, accepted.stderr).toBe(0);
  }, 90_000);

  it('unauthenticated loopback access exists only when configured; such writes are recorded as loopback; rate limits answer 429 with retry-after', async () => {
    // Without the setting, a request with no token is refused even from loopback.
    const closedPath = join(dir, 'closed.yaml');
    writeFileSync(closedPath, configYaml('http: { listen: "127.0.0.1:0" }'));
    const closed = await DnsplaneProcess.upWithConfig(join(dir, 'closed-data'), closedPath);
    try {
      expect((await call(closed.endpoints, 'GET', '/status')).status).toBe(401);
    } finally {
      closed.process.kill('SIGTERM');
      await closed.process.exited;
    }

    const openPath = join(dir, 'loopback.yaml');
    writeFileSync(openPath, configYaml('http: { listen: "127.0.0.1:0", allowUnauthenticatedLoopback: true, rateLimit: { requestsPerMinute: 30, writesPerMinute: 2 } }'));
    const { process: proc, endpoints } = await DnsplaneProcess.upWithConfig(join(dir, 'loopback-data'), openPath);
    try {
      expect((await call(endpoints, 'GET', '/status')).status).toBe(200);
      const frozen = await call(endpoints, 'POST', '/controls', { kind: 'freeze', reason: 'access test' });
      expect(frozen.status).toBe(201);
      const controls = await (await call(endpoints, 'GET', '/controls')).json() as { kind: string; by: string }[];
      expect(controls).toEqual([expect.objectContaining({ kind: 'freeze', by: 'loopback' })]);
      // Writes: at most 2 a minute on this route.
      expect((await call(endpoints, 'POST', '/controls', { kind: 'freeze', target: 'api.example.test.', reason: 'second' })).status).toBe(201);
      const third = await call(endpoints, 'POST', '/controls', { kind: 'freeze', target: 'api.example.test.', reason: 'third' });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await third.json()) as { error: string }).error).toMatch(/rate limit: at most 2 requests per minute/);
      // Reads: 30 a minute in all (5 made so far); the rest are refused until the minute is over.
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await call(endpoints, 'GET', '/controls')).status);
      expect(statuses.filter((s) => s === 200).length).toBeLessThan(30);
      expect(statuses[statuses.length - 1]).toBe(429);
      // Liveness is never rate limited (a probe answered 429 would restart a healthy process).
      const probes: number[] = [];
      for (let i = 0; i < 35; i++) probes.push((await call(endpoints, 'GET', '/healthz')).status);
      expect(probes.every((s) => s === 200)).toBe(true);
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
    }
  }, 90_000);
});

/**
 * The command line as an operator uses it: validate, up with a bad config (exit 2, nothing
 * started, nothing written), status, plan (computes against live DNS, writes nothing).
 */
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../src/app/demo-fleet.js';
import { BIN, DnsplaneProcess, api, dig, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const execFileAsync = promisify(execFile);

async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const BAD_CONFIG = `zone: example.test.
region: us-east-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 300.1.1.1 }
endpoints:
  - { name: api.example.test., select: { az: nowhere } }
enactors: [az1]
`;

describe('dnsplane validate and up refuse a bad config', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-cli-'));
    writeFileSync(join(dir, 'bad.yaml'), BAD_CONFIG);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate: exit 2, file:line:column, the field and what is wrong', async () => {
    const result = await run(['validate', '--config', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:4:\d+: loadBalancers\[0\]\.ipv4: '300\.1\.1\.1' is not a valid IPv4 address/);
  });

  it('up: exit 2 before anything starts, and nothing is written to the data dir', async () => {
    const dataDir = join(dir, 'data');
    const result = await run(['up', '--config', join(dir, 'bad.yaml'), '--data-dir', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('loadBalancers[0].ipv4');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the role commands take --json: a bad config is one JSON object naming the field, exit 2', async () => {
    for (const role of [['planner'], ['enactor', '--zone', 'az1'], ['dns-server', '--data-dir', join(dir, 'role-data')]]) {
      const result = await run([...role, '--config', join(dir, 'bad.yaml'), '--json']);
      expect(result.code, role[0]).toBe(2);
      const parsed = JSON.parse(result.stdout) as { ok: boolean; problems: { path: string }[] };
      expect(parsed.ok).toBe(false);
      expect(JSON.stringify(parsed.problems)).toContain('loadBalancers[0].ipv4');
    }
  });

  it('an unknown command or flag is a usage error (exit 2)', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['status', '--no-such-flag'])).code).toBe(2);
  });

  it('status with nothing running says so (exit 1)', async () => {
    const result = await run(['status', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach dnsplane/);
  });
});

describe('dnsplane status and plan against a running instance', () => {
  let dir: string;
  let fleet: DemoFleet;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;
  let configPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-plan-'));
    fleet = await DemoFleet.start(['lb-1', 'lb-2'], []);
    // Fixed-in-file listen addresses are needed by `plan`, which reads the config: use free ports.
    const ports = await freePorts(2);
    configPath = join(dir, 'fleet.yaml');
    writeFileSync(configPath, [
      'zone: example.test.', 'region: r1', 'loadBalancers:',
      ...fleet.list().map((lb, i) => `  - { id: ${lb.id}, az: az1, ipv4: 198.51.100.${i + 1}, check: { http: "http://127.0.0.1:${lb.port}/health" } }`),
      'endpoints:', '  - { name: api.example.test., select: {} }', 'enactors: [az1]',
      'health: { intervalMs: 300, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1 }',
      `dns: { listen: "127.0.0.1:${ports[0]}", workers: 0 }`, `http: { listen: "127.0.0.1:${ports[1]}" }`, '',
    ].join('\n'));
    ({ process: proc, endpoints } = await DnsplaneProcess.upWithConfig(dir, configPath));
    await waitFor(async () => (await dig(endpoints.dns, 'api.example.test.', 'A')).length === 2, 5000);
  });
  afterAll(async () => {
    proc.kill('SIGKILL');
    await proc.exited;
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('status prints every endpoint with its live generation, and --json the same data', async () => {
    const text = await run(['status', '--data-dir', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/api\.example\.test\.\s+embedded\s+1\s+az1\s+198\.51\.100\.1 198\.51\.100\.2/);
    const json = JSON.parse((await run(['status', '--json', '--config', configPath, '--token-file', join(dir, 'api-token')])).stdout) as { endpoints: { name: string }[]; enactors: unknown[] };
    expect(json.endpoints.map((e) => e.name)).toEqual(['api.example.test.']);
    expect(json.enactors).toHaveLength(1);
  });

  it('plan shows no change when live DNS is current, and writes nothing', async () => {
    const before = await api<{ store: { latestGeneration: number } }>(endpoints, '/status');
    const result = await run(['plan', '--config', configPath, '--data-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no change: generation \d+ is what every provider serves/);
    const json = JSON.parse((await run(['plan', '--config', configPath, '--data-dir', dir, '--json'])).stdout) as { changed: boolean; changes: { added: string[]; removed: string[] }[] };
    expect(json.changed).toBe(false);
    expect(json.changes[0]).toMatchObject({ added: [], removed: [] });
    const after = await api<{ store: { latestGeneration: number } }>(endpoints, '/status');
    expect(after.store.latestGeneration).toBe(before.store.latestGeneration);
  });
});

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

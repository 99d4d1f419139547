/**
 * The embedded server's update policy follows a reload: after SIGHUP adds an endpoint, an
 * operator key may no longer write it (it is managed now), and after SIGHUP removes one, the
 * operator key may write that name again. Before, the managed names were fixed at start: a name
 * added by a reload stayed writable by every operator key. Real `dnsplane up`, real nsupdate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dig, DnsplaneProcess, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const ENACTOR_SECRET = Buffer.alloc(32, 7).toString('base64');
const OPERATOR_SECRET = Buffer.alloc(32, 9).toString('base64');
const FIRST = 'api.example.test.';
const ADDED = 'added.example.test.';

function config(dataDir: string, endpointNames: readonly string[]): string {
  return `zone: example.test.
region: test-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 192.0.2.11 }
endpoints:
${endpointNames.map((name) => `  - { name: ${name}, select: { ids: [lb-1] }, ttl: 5, answers: 8 }`).join('\n')}
enactors: [az1]
planner: { intervalMs: 300 }
enactor: { intervalMs: 200 }
dns:
  listen: "127.0.0.1:0"
  workers: 0
  tsig: { name: dnsplane-key, algorithm: hmac-sha256, secret: "${ENACTOR_SECRET}" }
  operatorKeys: [{ name: operator-key, algorithm: hmac-sha256, secret: "${OPERATOR_SECRET}" }]
http: { listen: "127.0.0.1:0" }
store: { sqlite: "${join(dataDir, 'plans.db')}" }
`;
}

/** nsupdate's outcome with the operator key: its status and what it printed (REFUSED on a refusal). */
function operatorUpdate(port: number, commands: readonly string[]): { status: number | null; output: string } {
  const script = [`server 127.0.0.1 ${port}`, 'zone example.test.', ...commands, 'send', ''].join('\n');
  const run = spawnSync('nsupdate', ['-y', `hmac-sha256:operator-key:${OPERATOR_SECRET}`], { input: script, timeout: 10_000, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('dnsplane up: the update policy follows a reload', () => {
  let dataDir: string;
  let configPath: string;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-reload-policy-'));
    configPath = join(dataDir, 'dnsplane.yaml');
    writeFileSync(configPath, config(dataDir, [FIRST]));
    ({ process: proc, endpoints } = await DnsplaneProcess.upWithConfig(dataDir, configPath));
    expect(await waitFor(async () => (await dig(endpoints.dns, FIRST, 'A')).length === 1, 15_000)).not.toBeNull();
  }, 30_000);
  afterAll(async () => {
    proc.kill('SIGKILL');
    await proc.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a name not managed is the operator\'s; once a reload manages it, the operator key is refused and the Enactors publish it', async () => {
    const before = operatorUpdate(endpoints.dns.port, [`update add ${ADDED} 60 A 198.51.100.7`]);
    expect(before.status, before.output).toBe(0);
    expect(await dig(endpoints.dns, ADDED, 'A')).toEqual(['198.51.100.7']);

    writeFileSync(configPath, config(dataDir, [FIRST, ADDED]));
    proc.kill('SIGHUP');
    expect(await waitFor(async () => proc.stderr.includes('reload applied'), 10_000)).not.toBeNull();
    // The Enactors' key writes the new managed name: its plan replaces the operator's record.
    expect(await waitFor(async () => (await dig(endpoints.dns, ADDED, 'A')).join() === '192.0.2.11', 15_000)).not.toBeNull();

    const after = operatorUpdate(endpoints.dns.port, [`update add ${ADDED} 60 A 198.51.100.8`]);
    expect(after.status).not.toBe(0);
    expect(after.output).toMatch(/REFUSED/);
    expect(await dig(endpoints.dns, ADDED, 'A')).toEqual(['192.0.2.11']);
  }, 60_000);

  it('a name a reload stops managing is the operator\'s again', async () => {
    writeFileSync(configPath, config(dataDir, [FIRST]));
    proc.kill('SIGHUP');
    expect(await waitFor(async () => (proc.stderr.match(/reload applied/g) ?? []).length >= 2, 10_000)).not.toBeNull();
    const update = operatorUpdate(endpoints.dns.port, [`update delete ${ADDED} A`, `update add ${ADDED} 60 A 198.51.100.9`]);
    expect(update.status, update.output).toBe(0);
    expect(await dig(endpoints.dns, ADDED, 'A')).toEqual(['198.51.100.9']);
  }, 60_000);
});

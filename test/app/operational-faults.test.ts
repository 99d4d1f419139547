/**
 * Operational faults on the real `dnsplane up` process, checked with dig and nsupdate: a hand
 * edit that deletes a managed name's A RRset is repaired by reconciliation (and alarmed in
 * status), a foreign fence is left alone and alarmed, and a damaged plan store leaves the DNS
 * answer path untouched and recovers once repaired.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/app/status.js';
import { DnsplaneProcess, api, dig, sleep, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const SECRET = 'c2VjcmV0LWtleS1mb3ItdGhlLWV4YW1wbGUtb25seSE=';
const REGIONAL = 'api.region.example.test.';
const CELL = 'cell.region.example.test.';
const DUAL = 'dual.region.example.test.';
const ALL = ['192.0.2.11', '192.0.2.12', '192.0.2.13'];

function config(dataDir: string): string {
  return `zone: example.test.
region: test-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 192.0.2.11 }
  - { id: lb-2, az: az1, ipv4: 192.0.2.12 }
  - { id: lb-3, az: az2, ipv4: 192.0.2.13 }
  - { id: lb-4, az: az2, ipv4: 192.0.2.14, ipv6: 2001:db8::14 }
endpoints:
  - { name: ${REGIONAL}, select: { ids: [lb-1, lb-2, lb-3] }, ttl: 5, answers: 8 }
  - { name: ${DUAL}, select: { ids: [lb-4] }, ttl: 5, answers: 8 }
  - { name: ${CELL}, select: { az: az1 }, ttl: 5, answers: 8 }
enactors: [az1, az2]
planner: { intervalMs: 300 }
enactor: { intervalMs: 200, reconcileIntervalMs: 1000 }
dns: { listen: "127.0.0.1:0", workers: 0, tsig: { name: dnsplane-key, algorithm: hmac-sha256, secret: "${SECRET}" } }
http: { listen: "127.0.0.1:0" }
store: { sqlite: "${join(dataDir, 'plans.db')}" }
`;
}

function nsupdate(port: number, commands: readonly string[]): void {
  const script = ['server 127.0.0.1 ' + String(port), 'zone example.test.', ...commands, 'send', ''].join('\n');
  execFileSync('nsupdate', ['-y', `hmac-sha256:dnsplane-key:${SECRET}`], { input: script, timeout: 10_000 });
}

describe('dnsplane up under operational faults', () => {
  let dataDir: string;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-faults-'));
    const path = join(dataDir, 'dnsplane.yaml');
    writeFileSync(path, config(dataDir));
    ({ process: proc, endpoints } = await DnsplaneProcess.upWithConfig(dataDir, path));
    expect(await waitFor(async () => (await dig(endpoints.dns, REGIONAL, 'A')).length === 3, 10_000)).not.toBeNull();
  });
  afterAll(async () => {
    proc.kill('SIGKILL');
    await proc.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a signed UPDATE deleting the A RRset (fence intact) is repaired and alarmed', async () => {
    nsupdate(endpoints.dns.port, [`update delete ${REGIONAL} A`]);
    expect(await dig(endpoints.dns, REGIONAL, 'A')).toEqual([]);
    const repairedAfterMs = await waitFor(async () => (await dig(endpoints.dns, REGIONAL, 'A')).length === 3, 5000);
    expect(repairedAfterMs).not.toBeNull();
    expect((await dig(endpoints.dns, REGIONAL, 'A')).sort()).toEqual(ALL);
    const history = await api<{ events?: { kind: string }[] } | { kind: string }[]>(endpoints, '/events?limit=200');
    const kinds = (Array.isArray(history) ? history : history.events ?? []).map((e) => e.kind);
    expect(kinds).toContain('enact.empty-repaired');
  });

  it('an AAAA RRset given another TTL by hand (A untouched) is found and repaired: the TTLs are compared per record', async () => {
    const ttlOf = (type: 'A' | 'AAAA'): number[] => execFileSync('dig', ['@127.0.0.1', '-p', String(endpoints.dns.port), '+noall', '+answer', '+norec', DUAL, type], { encoding: 'utf8', timeout: 10_000 })
      .trim().split('\n').filter((line) => line !== '').map((line) => Number(line.split(/\s+/)[1]));
    expect(await waitFor(async () => ttlOf('AAAA')[0] === 5, 5000)).not.toBeNull();
    nsupdate(endpoints.dns.port, [`update delete ${DUAL} AAAA`, `update add ${DUAL} 3600 AAAA 2001:db8::14`]);
    expect(ttlOf('AAAA')).toEqual([3600]);
    const repairedAfterMs = await waitFor(async () => ttlOf('AAAA')[0] === 5, 5000);
    expect(repairedAfterMs, 'the AAAA TTL set by hand was never repaired').not.toBeNull();
    expect(ttlOf('A')).toEqual([5]);
  });

  it('a foreign 15-digit fence is left alone and alarmed in status; the other name keeps working', async () => {
    nsupdate(endpoints.dns.port, [`update delete _dnsplane.${CELL} TXT`, `update add _dnsplane.${CELL} 5 TXT "gen=999999999999999 digest=ab by=foreign"`]);
    const alarmed = await waitFor(async () => (await api<StatusReport>(endpoints, '/status')).alarms.some((a) => a.endpoint === CELL && a.kind === 'foreign-fence'), 5000);
    expect(alarmed).not.toBeNull();
    expect(await dig(endpoints.dns, `_dnsplane.${CELL}`, 'TXT')).toEqual(['"gen=999999999999999 digest=ab by=foreign"']);
    const status = await api<StatusReport>(endpoints, '/status');
    expect(status.store.latestGeneration).toBeLessThan(1000);
    expect((await dig(endpoints.dns, REGIONAL, 'A')).length).toBe(3);
  });

  it('a damaged plan store (rows deleted while serving) leaves DNS answering, and the process alive', async () => {
    const db = join(dataDir, 'plans.db');
    execFileSync('sqlite3', [db, 'DELETE FROM plan_store_meta; DELETE FROM plans;'], { timeout: 10_000 });
    await sleep(2000);
    expect(proc.child.exitCode).toBeNull();
    expect((await dig(endpoints.dns, REGIONAL, 'A')).sort()).toEqual(ALL);
    const status = await api<StatusReport>(endpoints, '/status');
    expect(status.controlPlaneHalted).toBeNull();
  });
});

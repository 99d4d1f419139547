/**
 * Issue 2 acceptance 1, 2 and SIGTERM, on the real command: `dnsplane up` with no config runs
 * the demo fleet; `dig` shows the healthy load balancers; stopping one takes its address out
 * within interval × unhealthyThreshold + 2 s; starting it brings it back; all stopped → the name
 * still answers (never empty).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsplaneProcess, api, dig, waitFor, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const REGIONAL = 'api.us-east-1.example.test.';
const ALL = ['192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14'];
// The demo's health settings: intervalMs 1000, unhealthyThreshold 2 (docs/configuration.md).
const REMOVAL_BOUND_MS = 1000 * 2 + 2000;

describe('dnsplane up (demo fleet)', () => {
  let dataDir: string;
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-up-'));
    ({ process: proc, endpoints } = await DnsplaneProcess.up(dataDir));
  });
  afterAll(async () => {
    proc.kill('SIGKILL');
    await proc.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the regional name with every healthy load balancer, and the fence is visible', async () => {
    const ready = await waitFor(async () => (await dig(endpoints.dns, REGIONAL, 'A')).length === 4, 5000);
    expect(ready).not.toBeNull();
    expect(await dig(endpoints.dns, REGIONAL, 'A')).toEqual(ALL);
    expect(await dig(endpoints.dns, REGIONAL, 'AAAA')).toHaveLength(4);
    const fence = await dig(endpoints.dns, `_dnsplane.${REGIONAL}`, 'TXT');
    expect(fence[0]).toMatch(/^"gen=\d+ digest=[0-9a-f]{16} by=use1-az[124]"$/);
  });

  it('a stopped load balancer leaves the answer within interval x threshold + 2 s, and comes back', async () => {
    await api(endpoints, '/demo/lb/lb-a1/stop', 'POST');
    const removedAfter = await waitFor(async () => !(await dig(endpoints.dns, REGIONAL, 'A')).includes('192.0.2.11'), REMOVAL_BOUND_MS);
    expect(removedAfter, `not removed within ${REMOVAL_BOUND_MS} ms`).not.toBeNull();
    expect(await dig(endpoints.dns, REGIONAL, 'A')).toEqual(ALL.slice(1));
    // The decision is in the durable audit history, with its reason.
    const history = await api<{ kind: string; reason: string }[]>(endpoints, '/history?kind=health.transition&kind=plan.created&limit=50');
    expect(history.some((e) => e.kind === 'health.transition' && e.reason.includes('lb-a1 is now unhealthy'))).toBe(true);
    expect(history.some((e) => e.kind === 'plan.created')).toBe(true);
    await api(endpoints, '/demo/lb/lb-a1/start', 'POST');
    const backAfter = await waitFor(async () => (await dig(endpoints.dns, REGIONAL, 'A')).length === 4, 1000 * 2 + 2000);
    expect(backAfter).not.toBeNull();
  });

  it('when every load balancer stops answering, the name still answers (never empty)', async () => {
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2']) await api(endpoints, `/demo/lb/${id}/stop`, 'POST');
    const allUnhealthy = await waitFor(async () => {
      const status = await api<{ loadBalancers: { healthy: boolean }[] }>(endpoints, '/status');
      return status.loadBalancers.every((lb) => !lb.healthy);
    }, 6000);
    expect(allUnhealthy).not.toBeNull();
    // Watch the answer for a while after health has condemned everything: never empty.
    for (let i = 0; i < 10; i++) {
      expect((await dig(endpoints.dns, REGIONAL, 'A')).length).toBeGreaterThan(0);
      expect((await dig(endpoints.dns, 'api.use1-az1.example.test.', 'A')).length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const status = await api<{ planner: { guardDecisions: { guard: string }[] } }>(endpoints, '/status');
    expect(status.planner.guardDecisions.some((d) => d.guard === 'never-empty')).toBe(true);
    for (const id of ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2']) await api(endpoints, `/demo/lb/${id}/start`, 'POST');
  });
});

describe('dnsplane up: SIGTERM', () => {
  it('finishes what is in flight and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-term-'));
    try {
      const { process: proc, endpoints } = await DnsplaneProcess.up(dataDir);
      await waitFor(async () => (await dig(endpoints.dns, REGIONAL, 'A')).length === 4, 5000);
      proc.kill('SIGTERM');
      const exit = await proc.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(proc.stderr).toContain('"msg":"stopped"');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

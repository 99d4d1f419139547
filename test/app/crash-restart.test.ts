/**
 * Issue 2 acceptance 5: `kill -9` during churn, then restart on the same data dir. DNS answers at
 * once from persisted state (nothing the server acknowledged is lost), the plan store still has
 * every generation it acknowledged, and generations continue above the last one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../src/app/demo-fleet.js';
import { SqlitePlanStore } from '../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { DnsplaneProcess, api, dig, sleep, waitFor } from '../support/dnsplane-process.js';

const LB_IDS = ['lb-1', 'lb-2', 'lb-3', 'lb-4', 'lb-5', 'lb-6'];
const REGIONAL = 'api.region.example.test.';

function churnConfig(ports: readonly number[], dataDir: string): string {
  return [
    'zone: example.test.',
    'region: test-1',
    'loadBalancers:',
    ...LB_IDS.map((id, i) => `  - { id: ${id}, az: az${i % 3}, ipv4: 198.51.100.${i + 1}, check: { http: "http://127.0.0.1:${ports[i]!}/health" } }`),
    'endpoints:',
    `  - { name: ${REGIONAL}, select: {} }`,
    ...[0, 1, 2].map((z) => `  - { name: api.az${z}.example.test., select: { az: az${z} } }`),
    'enactors: [az0, az1, az2]',
    'health: { intervalMs: 150, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 1 }',
    'planner: { intervalMs: 100 }',
    'enactor: { intervalMs: 50 }',
    'guards: { minCapacityShare: 0 }',
    // A short, loose velocity window: the churn is the subject here, and a restarted Planner
    // removes nothing for one window (its warm-up).
    'safety: { velocity: { maxShare: 0.5, windowMs: 1500 } }',
    `store: { sqlite: ${JSON.stringify(join(dataDir, 'plans.db'))} }`,
    '',
  ].join('\n');
}

function createdGenerations(stderr: string): number[] {
  return stderr.split('\n').filter((l) => l.includes('"kind":"plan.created"')).map((l) => (JSON.parse(l) as { generation: number }).generation);
}

async function fenceGeneration(server: { host: string; port: number }): Promise<number> {
  const txt = await dig(server, `_dnsplane.${REGIONAL}`, 'TXT');
  const match = /gen=(\d+)/.exec(txt[0] ?? '');
  return match ? Number(match[1]) : 0;
}

describe('kill -9 during churn, restart on the same data dir', () => {
  let dataDir: string;
  let fleet: DemoFleet;
  /** Every process started, stopped by PID in afterAll even when an assertion failed midway. */
  const started: { kill(signal: NodeJS.Signals): void; exited: Promise<unknown> }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-crash-'));
    fleet = await DemoFleet.start(LB_IDS, []);
    writeFileSync(join(dataDir, 'dnsplane.yaml'), churnConfig(fleet.ports(), dataDir));
  });
  afterAll(async () => {
    for (const p of started) {
      p.kill('SIGKILL');
      await p.exited;
    }
    await fleet.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves persisted answers at once, loses nothing accepted, and numbers above the last generation', async () => {
    const config = join(dataDir, 'dnsplane.yaml');
    const first = await DnsplaneProcess.up(dataDir, ['--config', config]);
    started.push(first.process);
    expect(await waitFor(async () => (await dig(first.endpoints.dns, REGIONAL, 'A')).length === 6, 5000)).not.toBeNull();

    // Churn: load balancers go down and up while the process is killed mid-stream.
    let lastSeenFence = 0;
    for (let round = 0; round < 16; round++) {
      const id = LB_IDS[round % LB_IDS.length]!;
      if (round % 2 === 0) await fleet.stop(id);
      else await fleet.start(LB_IDS[(round - 1) % LB_IDS.length]!);
      await sleep(120);
      lastSeenFence = Math.max(lastSeenFence, await fenceGeneration(first.endpoints.dns));
    }
    first.process.kill('SIGKILL');
    await first.process.exited;
    const acknowledged = createdGenerations(first.process.stderr);
    expect(acknowledged.length).toBeGreaterThan(3);
    expect(lastSeenFence).toBeGreaterThan(1);

    // Restart. Stop the health checks from moving anything: every LB up again first.
    for (const id of LB_IDS) await fleet.start(id);
    const second = await DnsplaneProcess.up(dataDir, ['--config', config]);
    started.push(second.process);
    // The very first answer comes from the persisted zone: never empty, never behind what a client saw.
    const firstAnswer = await dig(second.endpoints.dns, REGIONAL, 'A');
    expect(firstAnswer.length).toBeGreaterThan(0);
    expect(await fenceGeneration(second.endpoints.dns)).toBeGreaterThanOrEqual(lastSeenFence);

    // Every generation the store acknowledged before the kill is still there (or was cleaned
    // only as the Cleaner's rule allows: cleaner.retentionMs defaults to 10 minutes, so none).
    const highestBefore = Math.max(...acknowledged);
    const status = await api<{ store: { latestGeneration: number } }>(second.endpoints, '/status');
    expect(status.store.latestGeneration).toBeGreaterThanOrEqual(highestBefore);

    // New generations continue above the last one.
    await fleet.stop('lb-1');
    expect(await waitFor(async () => !(await dig(second.endpoints.dns, REGIONAL, 'A')).includes('198.51.100.1'), 15_000)).not.toBeNull();
    const after = await api<{ store: { latestGeneration: number } }>(second.endpoints, '/status');
    expect(after.store.latestGeneration).toBeGreaterThan(highestBefore);
    expect(await fenceGeneration(second.endpoints.dns)).toBeGreaterThan(highestBefore);
    second.process.kill('SIGTERM');
    expect((await second.process.exited).code).toBe(0);

    const store = await SqlitePlanStore.open({ path: join(dataDir, 'plans.db') });
    expect(store.ok).toBe(true);
    if (!store.ok) return;
    const listed = await store.value.list();
    store.value.close();
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    const stored = new Set(listed.value.map((g) => g.generation as number));
    for (const g of acknowledged) expect(stored.has(g), `generation ${g} acknowledged before the kill`).toBe(true);
  });
});

/**
 * Operator controls on a distributed deployment, with real processes on a real 3-member etcd:
 * `dnsplane freeze --cluster --config F` writes a freeze into etcd (who, why), the Planner
 * process reads it and stops changing that endpoint while a load balancer behind it fails (the
 * regional name, not frozen, does change); `override ... --etcd URLS` works without a config;
 * `unfreeze` lets the change through; the roles' decisions and the operator's controls land in
 * the audit history in etcd, which `dnsplane history --cluster` lists and exports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/adapters/events-memory/event-log.js';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore } from '../../../src/adapters/store-etcd/etcd-plan-store.js';
import type { OperatorControl } from '../../../src/core/safety/operator-controls.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { DistributedRig } from '../../support/distributed-rig.js';
import { BIN, dig, sleep, waitFor } from '../../support/dnsplane-process.js';

const run = promisify(execFile);
const FROZEN = 'api.az1.example.test.';
const REGIONAL = 'api.test-1.example.test.';
/** lb-1 (az1) answers with this address. */
const LB1 = '192.0.2.11';

describe.runIf(etcdAvailable())('operator controls and audit history in etcd, real processes', () => {
  let rig: DistributedRig;
  let connection: EtcdConnection;
  let store: EtcdPlanStore;
  const server = (): { host: string; port: number } => ({ host: '127.0.0.1', port: rig.dnsPort });
  const cli = async (...args: string[]): Promise<string> => (await run(process.execPath, [BIN, ...args], { timeout: 30_000, cwd: rig.dir })).stdout;
  const planned = async (name: string): Promise<string[]> => {
    const latest = await store.latest();
    const endpoint = latest.ok ? latest.value?.endpoints.find((e) => e.name === name) : undefined;
    return (endpoint?.addresses ?? []).map((a) => a.address).sort();
  };

  beforeAll(async () => {
    rig = await DistributedRig.start({ plannerIntervalMs: 300, zones: ['az1', 'az2'] });
    connection = EtcdConnection.open({ endpoints: rig.etcd.endpoints, prefix: rig.prefix });
    store = new EtcdPlanStore(connection);
    await rig.dnsServer();
    rig.planner('a');
    rig.enactor('az1');
    expect(await waitFor(async () => (await dig(server(), FROZEN, 'A').catch((): string[] => [])).includes(LB1), 30_000)).not.toBeNull();
  }, 90_000);

  afterAll(async () => {
    connection?.close();
    await rig?.stop();
  });

  it('a freeze written by the CLI into etcd stops the Planner process changing that endpoint; unfreeze lets it through', async () => {
    const frozen = JSON.parse(await cli('freeze', '--cluster', '--config', rig.configPath, '--endpoint', FROZEN, '--reason', 'change window', '--by', 'alice', '--json')) as OperatorControl;
    expect(frozen).toMatchObject({ kind: 'freeze', target: FROZEN, by: 'alice', reason: 'change window', expiresAtMs: null });

    // Without a config: the members' URLs and the prefix; names are checked against the newest plan.
    const etcdArgs = ['--etcd', rig.etcd.endpoints.join(','), '--etcd-prefix', rig.prefix];
    const override = JSON.parse(await cli('override', 'velocity', ...etcdArgs, '--endpoint', REGIONAL, '--reason', 'drain az1', '--ttl', '5m', '--by', 'bob', '--json')) as OperatorControl;
    expect(override.by).toBe('bob');
    expect(override.expiresAtMs! - override.createdAtMs).toBe(300_000);
    const listed = JSON.parse(await cli('override', 'list', ...etcdArgs, '--json')) as OperatorControl[];
    expect(listed.map((c) => c.kind).sort()).toEqual(['freeze', 'velocity-override']);
    await expect(cli('freeze', ...etcdArgs, '--endpoint', 'nope.example.test.', '--reason', 'x')).rejects.toMatchObject({ code: 2 });

    // lb-1 fails: the regional name drops it (the Planner is working) while the frozen name keeps it.
    rig.lbs[0]!.healthy = false;
    expect(await waitFor(async () => !(await dig(server(), REGIONAL, 'A').catch(() => [LB1])).includes(LB1), 20_000)).not.toBeNull();
    for (let i = 0; i < 10; i++) {
      expect(await dig(server(), FROZEN, 'A')).toContain(LB1);
      expect(await planned(FROZEN)).toContain(LB1);
      await sleep(200);
    }

    expect(await cli('unfreeze', '--cluster', '--config', rig.configPath, '--endpoint', FROZEN, '--by', 'alice')).toContain(`unfrozen: ${FROZEN}`);
    expect(await waitFor(async () => !(await dig(server(), FROZEN, 'A').catch(() => [LB1])).includes(LB1), 20_000)).not.toBeNull();
    expect(await planned(FROZEN)).not.toContain(LB1);
    rig.lbs[0]!.healthy = true;
  }, 120_000);

  it('dnsplane history --cluster lists the roles\' decisions and the operators\' controls from etcd, and exports them', async () => {
    const history = async (): Promise<StoredEvent[]> => JSON.parse(await cli('history', '--cluster', '--config', rig.configPath, '--limit', '1000', '--json')) as StoredEvent[];
    expect(await waitFor(async () => (await history()).some((e) => e.kind === 'freeze.ended'), 10_000)).not.toBeNull();
    const events = await history();
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['freeze.started', 'override.created', 'freeze.ended', 'plan.created', 'guard.frozen', 'health.transition']) expect(kinds, kind).toContain(kind);
    expect(events.find((e) => e.kind === 'freeze.started')).toMatchObject({ actor: 'operator:alice', endpoint: FROZEN });
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const frozenOnly = JSON.parse(await cli('history', '--etcd', rig.etcd.endpoints.join(','), '--etcd-prefix', rig.prefix, '--kind', 'freeze.*', '--json')) as StoredEvent[];
    expect(frozenOnly.map((e) => e.kind)).toEqual(['freeze.started', 'freeze.ended']);

    const out = await mkdtemp(join(tmpdir(), 'dnsplane-cluster-export-'));
    try {
      await cli('history', 'export', '--cluster', '--config', rig.configPath, '--out', out);
      expect((await readdir(join(out, 'raw'))).some((d) => d.startsWith('date='))).toBe(true);
      const rows = JSON.parse(await cli('history', 'sql', '--dir', out, "SELECT count(*)::INTEGER AS n FROM events WHERE kind = 'freeze.started'", '--json')) as { n: number }[];
      expect(rows[0]?.n).toBe(1);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 90_000);
});

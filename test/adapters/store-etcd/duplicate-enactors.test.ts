/**
 * Two Enactors of the same zone started by mistake, real processes on real etcd: the fence keeps
 * the served generation from going backwards, and `dnsplane status --cluster` names the duplicate
 * (and the leader, each Enactor's heartbeat and lag).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStatus } from '../../../src/app/roles/cluster-status.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { DistributedRig } from '../../support/distributed-rig.js';
import { BIN, dig, sleep, waitFor } from '../../support/dnsplane-process.js';

const run = promisify(execFile);
const NAME = 'api.test-1.example.test.';

describe.runIf(etcdAvailable())('two Enactors of one zone', () => {
  let rig: DistributedRig;

  beforeAll(async () => {
    rig = await DistributedRig.start({ plannerIntervalMs: 300, zones: ['az1', 'az2'] });
    await rig.dnsServer();
    rig.planner('a');
    rig.enactor('az1');
    rig.enactor('az1');
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('no fence regression while load balancers flap; status --cluster shows the duplicate', async () => {
    const server = { host: '127.0.0.1', port: rig.dnsPort };
    const fence = async (): Promise<number> => Number(/gen=(\d+)/.exec((await dig(server, `_dnsplane.${NAME}`, 'TXT').catch(() => [])).join(' '))?.[1] ?? 0);
    expect(await waitFor(async () => (await fence()) > 0, 20_000)).not.toBeNull();
    const fences: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (i % 5 === 0) rig.lbs[i % 4]!.healthy = !rig.lbs[i % 4]!.healthy;
      fences.push(await fence());
      await sleep(100);
    }
    for (let i = 1; i < fences.length; i++) expect(fences[i]!, `fence went from ${fences[i - 1]} to ${fences[i]}`).toBeGreaterThanOrEqual(fences[i - 1]!);
    expect(fences.at(-1)!).toBeGreaterThan(fences[0]!);

    const { stdout } = await run(process.execPath, [BIN, 'status', '--cluster', '--config', rig.configPath, '--json'], { timeout: 20_000 });
    const status = JSON.parse(stdout) as ClusterStatus;
    expect(status.etcd.reachable).toBe(true);
    expect(status.leader?.holder).toBe('planner@a');
    expect(status.duplicateZones).toEqual(['az1']);
    expect(status.enactors.filter((e) => e.zone === 'az1')).toHaveLength(2);
    for (const enactor of status.enactors) {
      expect(enactor.ageMs).toBeLessThan(10_000);
      expect(enactor.providers.map((p) => p.id)).toEqual(['dns1']);
    }
    const text = await run(process.execPath, [BIN, 'status', '--cluster', '--config', rig.configPath], { timeout: 20_000 });
    expect(text.stdout).toContain('planner leader: planner@a');
    expect(text.stdout).toContain('more than one live Enactor for zone az1');
  }, 90_000);
});

/**
 * Only the leading Planner cleans, real processes on a real 3-member etcd: with two Planners and a
 * Cleaner that deletes eagerly (keep 3, no retention), clean.deleted comes from the leader only;
 * after kill -9 of the leader, the new leader cleans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore } from '../../../src/adapters/store-etcd/etcd-plan-store.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { DistributedRig, type RoleProcess } from '../../support/distributed-rig.js';
import { sleep, waitFor } from '../../support/dnsplane-process.js';

const deletions = (role: RoleProcess): number => role.events.filter((e) => e.kind === 'clean.deleted').length;

describe.runIf(etcdAvailable())('the Cleaner runs on the leading Planner only', () => {
  let rig: DistributedRig;
  let connection: EtcdConnection;
  let flapping = true;
  let flapper: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    rig = await DistributedRig.start({
      plannerIntervalMs: 300, zones: ['az1', 'az2'],
      extraConfig: ['cleaner: { intervalMs: 300, retentionMs: 0, keepGenerations: 3 }'],
    });
    connection = EtcdConnection.open({ endpoints: rig.etcd.endpoints, prefix: rig.prefix });
    await rig.dnsServer();
    rig.enactor('az1');
    rig.enactor('az2');
    flapper = (async () => {
      while (flapping) {
        await sleep(400);
        rig.lbs[1]!.healthy = !rig.lbs[1]!.healthy;
      }
    })();
  }, 60_000);

  afterAll(async () => {
    flapping = false;
    await flapper;
    connection?.close();
    await rig?.stop();
  });

  it('the standby never deletes; the leader does, and after a takeover the new leader does', async () => {
    const store = new EtcdPlanStore(connection);
    const a = rig.planner('a');
    expect(await waitFor(async () => {
      const held = await store.leaseHolder();
      return held.ok && held.value?.holder === 'planner@a';
    }, 20_000)).not.toBeNull();
    const b = rig.planner('b');
    expect(await waitFor(async () => deletions(a) >= 3, 30_000), 'the leader cleans').not.toBeNull();
    await sleep(3_000);
    expect(deletions(b), 'the standby cleaned').toBe(0);
    const listed = await store.list();
    expect(listed.ok && listed.value.length).toBeLessThanOrEqual(8);

    await a.kill();
    expect(await waitFor(async () => deletions(b) >= 1, 30_000), 'the new leader cleans').not.toBeNull();
  }, 120_000);
});

/**
 * The Enactors' watch on the newest-plan key, on a real 3-member cluster: a generation created by
 * one client reaches a watcher on another within milliseconds; the watch survives the loss of the
 * etcd leader (the client re-establishes it), and polling `latest()` still sees everything.
 * Also measures etcd create and watch latency (printed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore, LATEST_KEY_PATH } from '../../../src/adapters/store-etcd/etcd-plan-store.js';
import { contractPlan } from '../../contract/plan-store.contract.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { sharedEtcdCluster, stopSharedEtcdCluster, uniquePrefix } from '../../support/etcd-plan-store-harness.js';
import { waitFor } from '../../support/dnsplane-process.js';

describe.runIf(etcdAvailable())('etcd watch for new generations', () => {
  const connections: EtcdConnection[] = [];
  let writer: EtcdPlanStore;
  let reader: EtcdPlanStore;
  let readerConnection: EtcdConnection;

  beforeAll(async () => {
    const cluster = await sharedEtcdCluster();
    const prefix = uniquePrefix('watch');
    const writerConnection = EtcdConnection.open({ endpoints: cluster.endpoints, prefix });
    readerConnection = EtcdConnection.open({ endpoints: cluster.endpoints, prefix });
    connections.push(writerConnection, readerConnection);
    writer = new EtcdPlanStore(writerConnection);
    reader = new EtcdPlanStore(readerConnection);
  }, 60_000);

  afterAll(async () => {
    for (const connection of connections) connection.close();
    await stopSharedEtcdCluster();
  });

  it('delivers each new generation to a watcher in milliseconds, also after the etcd leader is killed', async () => {
    const seen = new Map<number, number>();
    const watched = await readerConnection.watchKey(LATEST_KEY_PATH, (value) => seen.set(Number(value.toString('utf8')), performance.now()));
    expect(watched.ok).toBe(true);
    const grant = await writer.acquireLease('watch-test', 60_000);
    if (!grant.ok) throw new Error(grant.message);
    const createMs: number[] = [];
    const watchMs: number[] = [];
    const rounds = 20;
    for (let g = 1; g <= rounds; g++) {
      const started = performance.now();
      const created = await writer.create(contractPlan(g, { endpointCount: 100 }), grant.value.token);
      expect(created.ok).toBe(true);
      createMs.push(performance.now() - started);
      expect(await waitFor(async () => seen.has(g), 2_000, 1)).not.toBeNull();
      watchMs.push(seen.get(g)! - started);
    }
    const p = (values: number[], q: number): number => Math.round([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]! * 10) / 10;
    process.stdout.write(`${JSON.stringify({ measured: 'etcd create and watch', endpoints: 100, createMsP50: p(createMs, 0.5), createMsP99: p(createMs, 0.99), watchDeliveredMsP50: p(watchMs, 0.5), watchDeliveredMsP99: p(watchMs, 0.99) })}\n`);
    expect(p(watchMs, 0.5)).toBeLessThan(500);

    // The etcd leader dies: the watch is re-established by the client; polling sees the same.
    const cluster = await sharedEtcdCluster();
    const leader = await cluster.leaderIndex();
    expect(leader).not.toBeNull();
    await cluster.kill(leader!);
    const after = rounds + 1;
    expect(await waitFor(async () => (await writer.create(contractPlan(after), grant.value.token)).ok, 10_000, 200)).not.toBeNull();
    expect(await waitFor(async () => seen.has(after), 10_000, 20), 'watch after the etcd leader died').not.toBeNull();
    const polled = await reader.latest();
    expect(polled.ok && polled.value?.generation).toBe(after);
    await cluster.restart(leader!);
  }, 60_000);
});

/**
 * Planner leader election with fencing, with real processes on a real 3-member etcd cluster:
 * two `dnsplane planner` processes and a `dnsplane dns-server`, while load balancers flap.
 * - SIGSTOP the leader past its lease ttl: the standby leads and writes; after SIGCONT the old
 *   leader's writes are refused by etcd (it logs standby, creates nothing).
 * - kill -9 the leader: the standby leads within ttl + 1 s.
 * - No generation is created twice (each created generation appears in one process's log).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore } from '../../../src/adapters/store-etcd/etcd-plan-store.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { DistributedRig, type RoleProcess } from '../../support/distributed-rig.js';
import { sleep, waitFor } from '../../support/dnsplane-process.js';

/** Planner interval; the lease lasts 10 intervals. */
const PLANNER_INTERVAL_MS = 300;
const LEASE_TTL_MS = 10 * PLANNER_INTERVAL_MS;

describe.runIf(etcdAvailable())('Planner leader election on etcd, real processes', () => {
  let rig: DistributedRig;
  let store: EtcdPlanStore;
  let connection: EtcdConnection;
  let flapping = true;
  let flapper: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    rig = await DistributedRig.start({ plannerIntervalMs: PLANNER_INTERVAL_MS, zones: ['az1', 'az2'] });
    connection = EtcdConnection.open({ endpoints: rig.etcd.endpoints, prefix: rig.prefix });
    store = new EtcdPlanStore(connection);
    await rig.dnsServer();
    // Churn: one load balancer flaps every 400 ms, so the leader keeps creating generations.
    flapper = (async () => {
      while (flapping) {
        await sleep(400);
        rig.lbs[0]!.healthy = !rig.lbs[0]!.healthy;
      }
    })();
  }, 60_000);

  afterAll(async () => {
    flapping = false;
    await flapper;
    connection?.close();
    await rig?.stop();
  });

  async function leader(): Promise<string | null> {
    const held = await store.leaseHolder();
    return held.ok && held.value !== null ? held.value.holder : null;
  }

  async function waitLeader(holder: string, timeoutMs: number): Promise<number | null> {
    return waitFor(async () => (await leader()) === holder, timeoutMs, 20);
  }

  function createdAfter(process: RoleProcess, atMs: number): number[] {
    return process.created().filter((e) => e.seenAtMs > atMs).map((e) => e.generation ?? -1);
  }

  it('a leader paused past its ttl cannot write after SIGCONT; kill -9 hands over within ttl + 1 s; no duplicate generation', async () => {
    const a = rig.planner('a');
    expect(await waitLeader('planner@a', 15_000), a.stderr).not.toBeNull();
    const b = rig.planner('b');
    await waitFor(async () => a.created().length >= 2, 10_000);
    expect(a.created().length, a.stderr.slice(-3000)).toBeGreaterThanOrEqual(2);

    // SIGSTOP the leader: the standby takes the lease once it expires, and writes.
    const stoppedAtMs = Date.now();
    a.signal('SIGSTOP');
    const tookOverAfterMs = await waitLeader('planner@b', LEASE_TTL_MS + 5_000);
    expect(tookOverAfterMs, b.stderr).not.toBeNull();
    const pauseTakeoverMs = Date.now() - stoppedAtMs;
    await waitFor(async () => createdAfter(b, stoppedAtMs).length >= 2, 10_000);
    expect(createdAfter(b, stoppedAtMs).length).toBeGreaterThanOrEqual(2);

    // SIGCONT: the old leader resumes believing it leads; etcd refuses its writes.
    const continuedAtMs = Date.now();
    a.signal('SIGCONT');
    await sleep(3 * PLANNER_INTERVAL_MS + 1_500);
    expect(createdAfter(a, continuedAtMs), 'the resumed old leader created generations').toEqual([]);
    const aStandby = a.events.filter((e) => e.seenAtMs > continuedAtMs && e.kind === 'plan.standby');
    expect(aStandby.length, a.stderr.slice(-2000)).toBeGreaterThanOrEqual(1);
    expect(await leader()).toBe('planner@b');

    // kill -9 the leader: the standby (the old leader, resumed) leads within ttl + 1 s.
    const killedAtMs = Date.now();
    await b.kill();
    expect(await waitLeader('planner@a', LEASE_TTL_MS + 1_000 + 2_000)).not.toBeNull();
    const killTakeoverMs = Date.now() - killedAtMs;
    await waitFor(async () => createdAfter(a, killedAtMs).length >= 1, 10_000);
    process.stdout.write(`${JSON.stringify({ measured: 'planner takeover', leaseTtlMs: LEASE_TTL_MS, sigstopTakeoverMs: pauseTakeoverMs, kill9TakeoverMs: killTakeoverMs })}\n`);
    expect(killTakeoverMs).toBeLessThanOrEqual(LEASE_TTL_MS + 1_000);

    // No generation was created twice, and every created one is in the store's numbering.
    const all = [...a.created(), ...b.created()].map((e) => e.generation ?? -1);
    expect(new Set(all).size).toBe(all.length);
    const highWater = await store.highWater();
    expect(highWater.ok && highWater.value).toBe(Math.max(...all));
  }, 90_000);
});

/**
 * The PlanStore contract harness for etcd: every setup gets its own key prefix on one shared real
 * cluster (started on first use, stopped by `stopSharedEtcdCluster`).
 *
 * Lease time. etcd measures leases itself, in real seconds, and the contract moves lease time by
 * hand. The harness keeps the contract's time (a number it advances) and, when that time passes a
 * holder's expiry (its last grant or renewal plus ttl), does to etcd what etcd does at expiry:
 * revokes the lease, which deletes the campaign key attached to it. The leases granted are real
 * (1 s is etcd's smallest here), and a contract step takes milliseconds, so etcd's own expiry does
 * not fire first.
 */
import type { EtcdConnectionOptions } from '../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdConnection } from '../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore, LEADER_KEY_PATH } from '../../src/adapters/store-etcd/etcd-plan-store.js';
import type { LeaseGrant, PlanStore } from '../../src/core/ports/plan-store.js';
import type { Result } from '../../src/core/ports/result.js';
import type { PlanStoreHarness } from '../contract/plan-store.contract.js';
import { startEtcdCluster, type EtcdCluster } from './etcd-cluster.js';

let shared: Promise<EtcdCluster> | null = null;
let prefixCount = 0;

export function sharedEtcdCluster(): Promise<EtcdCluster> {
  shared ??= startEtcdCluster();
  return shared;
}

export async function stopSharedEtcdCluster(): Promise<void> {
  if (shared === null) return;
  const cluster = await shared;
  shared = null;
  await cluster.stop();
}

export function uniquePrefix(label: string): string {
  prefixCount += 1;
  return `/dnsplane-test/${label}-${process.pid}-${prefixCount}/`;
}

export async function etcdPlanStoreHarness(): Promise<PlanStoreHarness> {
  const cluster = await sharedEtcdCluster();
  const options: EtcdConnectionOptions = { endpoints: cluster.endpoints, prefix: uniquePrefix('contract') };
  const connections: EtcdConnection[] = [];
  const expiries = new LeaseTime();
  const open = (): PlanStore => {
    const connection = EtcdConnection.open(options);
    connections.push(connection);
    return new LeaseTimedStore(new EtcdPlanStore(connection), expiries);
  };
  const admin = EtcdConnection.open(options);
  let store = open();
  return {
    store,
    reopen: async () => {
      connections[0]?.close();
      store = open();
      return store;
    },
    connect: async () => open(),
    advanceLeaseTimeMs: async (deltaMs) => expiries.advance(deltaMs, admin),
    leaseRemainingExact: false,
    makeUnavailable: async () => {
      for (const connection of connections) connection.close();
    },
    close: async () => {
      for (const connection of connections) connection.close();
      admin.close();
    },
  };
}

/** The contract's lease time, and each holder's expiry on it. */
class LeaseTime {
  private nowMs = 0;
  private readonly expiresAtMs = new Map<string, number>();

  granted(grant: LeaseGrant): void {
    this.expiresAtMs.set(grant.holder, this.nowMs + grant.ttlMs);
  }

  async advance(deltaMs: number, admin: EtcdConnection): Promise<void> {
    this.nowMs += deltaMs;
    const read = await admin.rangePrefix('harness: leader', LEADER_KEY_PATH, false);
    if (!read.ok) throw new Error(read.message);
    for (const kv of read.value) {
      const holder = kv.value.toString('utf8');
      const expiry = this.expiresAtMs.get(holder);
      if (expiry !== undefined && expiry > this.nowMs) continue;
      const revoked = await admin.revokeLease(kv.lease);
      if (!revoked.ok) throw new Error(revoked.message);
    }
  }
}

/** The etcd store, telling the harness's lease time about every grant and renewal. */
class LeaseTimedStore implements PlanStore {
  constructor(private readonly inner: EtcdPlanStore, private readonly time: LeaseTime) {}

  async acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>> {
    const result = await this.inner.acquireLease(holder, ttlMs);
    if (result.ok) this.time.granted(result.value);
    return result;
  }
  latest: PlanStore['latest'] = () => this.inner.latest();
  highWater: PlanStore['highWater'] = () => this.inner.highWater();
  get: PlanStore['get'] = (g) => this.inner.get(g);
  create: PlanStore['create'] = (plan, token) => this.inner.create(plan, token);
  list: PlanStore['list'] = () => this.inner.list();
  delete: PlanStore['delete'] = (g) => this.inner.delete(g);
  changedSince: NonNullable<PlanStore['changedSince']> = (since) => this.inner.changedSince(since);
  lastChangesSince: NonNullable<PlanStore['lastChangesSince']> = (since) => this.inner.lastChangesSince(since);
}

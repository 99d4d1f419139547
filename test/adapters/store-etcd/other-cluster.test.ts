/**
 * An endpoint list that leads to two different etcd clusters (a member's address reused by
 * another cluster, a config copied from another deployment): the connection keeps to the
 * cluster it reached first, and every answer from the other is a retryable 'unavailable'
 * naming it, so nothing is read from (or, since writes read first, written to) the wrong one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { etcdAvailable, startEtcdCluster, type EtcdCluster } from '../../support/etcd-cluster.js';

describe.runIf(etcdAvailable())('a connection that reaches two etcd clusters', () => {
  let a: EtcdCluster;
  let b: EtcdCluster;

  beforeAll(async () => {
    [a, b] = await Promise.all([startEtcdCluster(1), startEtcdCluster(1)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('answers only from the first cluster it reached; the other is refused as unavailable', async () => {
    const connection = EtcdConnection.open({ endpoints: [...a.endpoints, ...b.endpoints], prefix: '/dnsplane-other-cluster/' });
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 40; i++) {
        const read = await connection.rangePrefix('probe', 'x/', true);
        outcomes.push(read.ok ? 'ok' : read.message);
      }
      expect(outcomes).toContain('ok');
      const refused = outcomes.filter((o) => o !== 'ok');
      expect(refused.length).toBeGreaterThan(0);
      for (const message of refused) expect(message).toMatch(/another etcd cluster/);
    } finally {
      connection.close();
    }
  }, 60_000);
});

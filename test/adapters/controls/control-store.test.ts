/** One contract for every ControlStore: memory, and SQLite on a real file (also across a reopen). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdConnection } from '../../../src/adapters/store-etcd/etcd-connection.js';
import { EtcdControlStore } from '../../../src/adapters/store-etcd/etcd-control-store.js';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { sharedEtcdCluster, stopSharedEtcdCluster, uniquePrefix } from '../../support/etcd-plan-store-harness.js';
import { MemoryControlStore } from '../../../src/adapters/controls-memory/memory-control-store.js';
import { SqliteControlStore } from '../../../src/adapters/store-sqlite/sqlite-control-store.js';
import type { ControlStore } from '../../../src/core/ports/control-store.js';
import type { OperatorControl } from '../../../src/core/safety/operator-controls.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplane-controls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function control(id: string, extra: Partial<OperatorControl> = {}): OperatorControl {
  return { id, kind: 'velocity-override', target: 'api.example.test.', reason: 'why', by: 'alice', createdAtMs: 1000, expiresAtMs: 2000, ...extra };
}

const stores: { name: string; open: () => Promise<ControlStore> }[] = [
  { name: 'memory', open: async () => new MemoryControlStore() },
  {
    name: 'sqlite', open: async () => {
      const opened = await SqliteControlStore.open({ path: join(dir, `controls-${Math.random().toString(36).slice(2)}.db`) });
      if (!opened.ok) throw new Error(opened.message);
      return opened.value;
    },
  },
];

// A real 3-member cluster, each store on its own prefix.
if (etcdAvailable()) {
  const connections: EtcdConnection[] = [];
  // Started before the cases, within the hook timeout: on a loaded machine a start outlasts a test's.
  beforeAll(async () => { await sharedEtcdCluster(); }, 60_000);
  afterAll(async () => {
    for (const connection of connections) connection.close();
    await stopSharedEtcdCluster();
  });
  stores.push({
    name: 'etcd (3 members)', open: async () => {
      const connection = EtcdConnection.open({ endpoints: (await sharedEtcdCluster()).endpoints, prefix: uniquePrefix('controls') });
      connections.push(connection);
      return new EtcdControlStore(connection);
    },
  });
}

for (const { name, open } of stores) {
  describe(`ControlStore contract: ${name}`, () => {
    it('adds, lists oldest first, refuses a duplicate id, removes by kind and target, prunes expired', async () => {
      const store = await open();
      expect((await store.add(control('a'))).ok).toBe(true);
      expect((await store.add(control('b', { kind: 'freeze', target: '*', expiresAtMs: null, createdAtMs: 1500 }))).ok).toBe(true);
      const duplicate = await store.add(control('a'));
      expect(duplicate.ok ? null : duplicate.code).toBe('exists');
      const listed = await store.list();
      expect(listed.ok && listed.value.map((c) => c.id)).toEqual(['a', 'b']);
      expect(listed.ok && listed.value[1]).toEqual(control('b', { kind: 'freeze', target: '*', expiresAtMs: null, createdAtMs: 1500 }));
      const removed = await store.remove('freeze', '*');
      expect(removed.ok && removed.value.map((c) => c.id)).toEqual(['b']);
      const pruned = await store.prune(2001);
      expect(pruned.ok && pruned.value).toBe(1);
      const empty = await store.list();
      expect(empty.ok && empty.value).toEqual([]);
    });
  });
}

describe('SqliteControlStore', () => {
  it('keeps controls across a reopen of the same file', async () => {
    const path = join(dir, 'reopen.db');
    const first = await SqliteControlStore.open({ path });
    if (!first.ok) throw new Error(first.message);
    await first.value.add(control('kept', { kind: 'freeze', expiresAtMs: null }));
    first.value.close();
    const second = await SqliteControlStore.open({ path });
    if (!second.ok) throw new Error(second.message);
    const listed = await second.value.list();
    expect(listed.ok && listed.value.map((c) => `${c.kind} ${c.id}`)).toEqual(['freeze kept']);
    second.value.close();
  });
});

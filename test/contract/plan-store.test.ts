import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryPlanStore } from '../../src/adapters/store-memory/memory-plan-store.js';
import { SqlitePlanStore } from '../../src/adapters/store-sqlite/sqlite-plan-store.js';
import type { PlanStore } from '../../src/core/ports/plan-store.js';
import { afterAll } from 'vitest';
import { etcdAvailable } from '../support/etcd-cluster.js';
import { etcdPlanStoreHarness, stopSharedEtcdCluster } from '../support/etcd-plan-store-harness.js';
import { describePlanStoreContract } from './plan-store.contract.js';

/** A time source the test moves by hand; starts away from 0 so no lease looks expired by accident. */
class ManualTime {
  private currentMs = 1_700_000_000_000;
  monotonicMs(): number {
    return this.currentMs;
  }
  nowMs(): number {
    return this.currentMs;
  }
  advance(deltaMs: number): void {
    this.currentMs += deltaMs;
  }
}

describePlanStoreContract('memory', async () => {
  const time = new ManualTime();
  const store = new MemoryPlanStore({ clock: time });
  return {
    store,
    // One process, one map: a second client of the memory backend is the same object.
    connect: async () => store,
    advanceLeaseTimeMs: async (deltaMs) => time.advance(deltaMs),
    makeUnavailable: async () => store.setAvailable(false),
    close: async () => undefined,
  };
});

describePlanStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dnsplane-plan-store-'));
  const path = join(dir, 'plans.db');
  // Every connection reads the same wall clock, as processes on one host do.
  const time = new ManualTime();
  const opened: SqlitePlanStore[] = [];
  const open = async (): Promise<SqlitePlanStore> => {
    const result = await SqlitePlanStore.open({ path, busyWaitMs: 1_000, wallClock: time });
    if (!result.ok) throw new Error(`open ${path}: ${result.message}`);
    opened.push(result.value);
    return result.value;
  };
  const first = await open();
  return {
    store: first,
    // A restart: the first connection goes away (with its cache); a new one reads the file.
    reopen: async (): Promise<PlanStore> => {
      first.close();
      return open();
    },
    // A second connection to the same file, as a second process would hold. better-sqlite3 runs
    // each call to completion, so within one process the contract's race is really sequential;
    // test/adapters/store-sqlite/ races two real processes on one file.
    connect: open,
    advanceLeaseTimeMs: async (deltaMs) => time.advance(deltaMs),
    // The process lost its database handle: every connection closed.
    makeUnavailable: async () => {
      for (const store of opened) store.close();
    },
    close: async () => {
      for (const store of opened) store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// A real 3-member cluster on loopback, started on the first etcd case and stopped after the file.
if (etcdAvailable()) {
  describePlanStoreContract('etcd (3 members)', etcdPlanStoreHarness);
  afterAll(stopSharedEtcdCluster);
}

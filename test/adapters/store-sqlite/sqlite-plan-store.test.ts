/**
 * SQLite-specific behaviour beyond the shared contract: real processes racing on one file,
 * kill -9 during churn, a write lock held by another connection, corrupted rows, and files
 * the store must refuse to open.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { AssertionFailure } from '../../../src/core/model/assert.js';
import { generation } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';
import { contractPlan } from '../../contract/plan-store.contract.js';
import { exited, killStartedChildren, nextLine, startChild } from './child-process.js';

let dir: string;
let path: string;
const stores: SqlitePlanStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-sqlite-'));
  path = join(dir, 'plans.db');
});

afterEach(async () => {
  killStartedChildren();
  for (const store of stores.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

async function openStore(busyWaitMs = 2_000): Promise<SqlitePlanStore> {
  const opened = await SqlitePlanStore.open({ path, busyWaitMs });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  stores.push(opened.value);
  return opened.value;
}

/** Every store in these cases writes as one Planner: a renewal hands each connection the same token. */
async function tokenOf(store: SqlitePlanStore): Promise<number> {
  const lease = await store.acquireLease('sqlite-test-planner', 3_600_000);
  if (!lease.ok) throw new Error(`lease: ${lease.message}`);
  return lease.value.token;
}

/**
 * The lease a killed child held expires after its ttl (CHILD_LEASE_TTL_MS in store-child.ts):
 * asks until it is granted, for a bounded time.
 */
async function takeOverFromChild(store: SqlitePlanStore): Promise<number> {
  const deadlineMs = performance.now() + 10_000;
  for (;;) {
    const lease = await store.acquireLease('sqlite-test-planner', 3_600_000);
    if (lease.ok) return lease.value.token;
    if (lease.code !== 'held' || performance.now() > deadlineMs) throw new Error(`lease: ${lease.code} ${lease.message}`);
    await sleep(50);
  }
}

function rawDb(): Database.Database {
  const db = new Database(path);
  return db;
}

describe('SqlitePlanStore across processes', () => {
  it('two processes racing to create generations 1..40 on one file: exactly one wins each', async () => {
    const rounds = 40;
    // The file does not exist yet: both children also race to create it and apply the migrations.
    const racers = ['alpha', 'beta'].map((client) => ({ client, ...startChild(['race', path, client, String(rounds)]) }));
    for (const racer of racers) expect(await nextLine(racer.lines, `${racer.client} ready`)).toBe('ready');
    for (const racer of racers) racer.child.stdin.write('go\n');
    const wins = new Map<number, string[]>();
    for (const racer of racers) {
      for (let i = 0; i < rounds; i++) {
        const line = JSON.parse(await nextLine(racer.lines, `${racer.client} round ${i + 1}`)) as { generation: number; outcome: string };
        expect(['ok', 'exists']).toContain(line.outcome);
        if (line.outcome === 'ok') wins.set(line.generation, [...(wins.get(line.generation) ?? []), racer.client]);
      }
    }
    await Promise.all(racers.map((r) => exited(r.child)));
    const store = await openStore();
    for (let g = 1; g <= rounds; g++) {
      expect(wins.get(g), `generation ${g}`).toHaveLength(1);
      const stored = await store.get(generation(g));
      expect(stored.ok && stored.value?.note).toBe(wins.get(g)![0]);
    }
    expect((await store.list()).ok && (await store.list())).toMatchObject({ value: { length: rounds } });
  });

  it.each([
    { mode: 'churn', what: 'one create at a time' },
    { mode: 'burst', what: '8 creates at a time, sharing group commits' },
  ])('kill -9 during churn ($what) loses nothing that was accepted, and numbering continues above it', async ({ mode }) => {
    const { child, lines } = startChild([mode, path]);
    const accepted = new Map<number, string>();
    const acceptedBeforeKillMin = 15;
    while (accepted.size < acceptedBeforeKillMin) {
      const [word, g, digest] = (await nextLine(lines, `accepted generation number ${accepted.size + 1}`)).split(' ');
      expect(word).toBe('accepted');
      accepted.set(Number(g), digest!);
    }
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');

    const store = await openStore();
    const token = await takeOverFromChild(store);
    const highestAccepted = Math.max(...accepted.keys());
    for (const [g, digest] of accepted) {
      const stored = await store.get(generation(g));
      expect(stored.ok && stored.value?.digest, `generation ${g}`).toBe(digest);
    }
    const latest = await store.latest();
    expect(latest.ok && latest.value!.generation).toBeGreaterThanOrEqual(highestAccepted);
    const again = await store.create(contractPlan(highestAccepted), token);
    expect(again.ok ? 'ok' : again.code).toBe('exists');
    const next = latest.ok ? latest.value!.generation + 1 : 0;
    expect(await store.create(contractPlan(next), token)).toEqual({ ok: true, value: undefined });
    const check = rawDb();
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});

describe('SqlitePlanStore on one machine', () => {
  it('creates issued in one turn share one transaction, and each is answered only after its commit', async () => {
    const store = await openStore();
    const token = await tokenOf(store);
    const plans = [contractPlan(1, { endpointCount: 50 })];
    for (let g = 2; g <= 10; g++) plans.push(contractPlan(g, { endpointCount: 50, variant: g }));
    const before = store.groupCommitStats();
    // A reader on another connection sees none of them until the answers arrive: one commit.
    const reader = await openStore();
    const answers = plans.map(async (plan) => {
      const result = await store.create(plan, token);
      return { result, seen: await reader.highWater() };
    });
    expect(await reader.highWater()).toEqual({ ok: true, value: 0 });
    for (const { result, seen } of await Promise.all(answers)) {
      expect(result).toEqual({ ok: true, value: undefined });
      expect(seen).toEqual({ ok: true, value: 10 });
    }
    expect(store.groupCommitStats()).toEqual({ transactions: before.transactions + 1, creates: before.creates + 10 });
    for (const plan of plans) expect(await reader.get(plan.generation)).toEqual({ ok: true, value: plan });
  });

  it('a create refused inside a group commit leaves the others of it written', async () => {
    const store = await openStore();
    const token = await tokenOf(store);
    const results = await Promise.all([
      store.create(contractPlan(1), token), store.create(contractPlan(1, { note: 'again' }), token),
      store.create(contractPlan(2), token + 1), store.create(contractPlan(3), token),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'exists', 'fenced', 'ok']);
    expect(store.groupCommitStats().transactions).toBe(1);
    const list = await (await openStore()).list();
    expect(list.ok && list.value.map((info) => info.generation)).toEqual([1, 3]);
  });

  it('creates streaming in faster than the window wait for it, and are all answered in order', async () => {
    const opened = await SqlitePlanStore.open({ path, groupCommitWindowMs: 20 });
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    stores.push(store);
    const token = await tokenOf(store);
    const answered: number[] = [];
    const creates: Promise<void>[] = [];
    for (let g = 1; g <= 12; g++) {
      creates.push(store.create(contractPlan(g), token).then((r) => {
        expect(r.ok).toBe(true);
        answered.push(g);
      }));
      // Three creates per turn of the event loop.
      if (g % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(creates);
    expect(answered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const stats = store.groupCommitStats();
    expect(stats.creates).toBe(12);
    expect(stats.transactions).toBeLessThan(12);
  });

  it('a write lock held past busyWaitMs makes create unavailable without freezing the event loop; reads still work', async () => {
    const store = await openStore(300);
    const token = await tokenOf(store);
    expect(await store.create(contractPlan(1), token)).toEqual({ ok: true, value: undefined });
    const locker = rawDb();
    locker.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => { ticks++; }, 10);
    const startedMs = performance.now();
    const created = await store.create(contractPlan(2), token);
    const waitedMs = performance.now() - startedMs;
    clearInterval(ticker);
    expect(created).toMatchObject({ ok: false, code: 'unavailable', retryable: true });
    expect(waitedMs).toBeGreaterThanOrEqual(290);
    expect(waitedMs).toBeLessThan(2_000);
    // A blocking wait would have let the 10 ms ticker run at most once or twice.
    expect(ticks).toBeGreaterThanOrEqual(10);
    // WAL: a held write lock does not stop readers (static stability for Enactors).
    const latest = await store.latest();
    expect(latest.ok && latest.value?.generation).toBe(1);
    locker.exec('ROLLBACK');
    locker.close();
    expect(await store.create(contractPlan(2), token)).toEqual({ ok: true, value: undefined });
  });

  it('a create waiting for a briefly held lock succeeds once it is released', async () => {
    const store = await openStore(2_000);
    const token = await tokenOf(store);
    const locker = rawDb();
    locker.exec('BEGIN IMMEDIATE');
    setTimeout(() => { locker.exec('COMMIT'); locker.close(); }, 100);
    expect(await store.create(contractPlan(1), token)).toEqual({ ok: true, value: undefined });
  });

  it('latest() returns the cached object while nothing changed, and a new one when another connection wrote', async () => {
    const store = await openStore();
    const other = await openStore();
    await store.create(contractPlan(1, { endpointCount: 100 }), await tokenOf(store));
    const first = await store.latest();
    const second = await store.latest();
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
    const fromOther = await other.latest();
    expect(fromOther.ok && fromOther.value).toEqual(first.ok && first.value);
    await other.create(contractPlan(2, { endpointCount: 100 }), await tokenOf(other));
    const third = await store.latest();
    expect(third.ok && third.value?.generation).toBe(2);
    // Another connection deletes the newest: the older plan becomes latest, and is cached in turn.
    await other.delete(generation(2));
    const fourth = await store.latest();
    const fifth = await store.latest();
    expect(fourth.ok && fourth.value?.generation).toBe(1);
    expect(fourth.ok && fifth.ok && fourth.value === fifth.value).toBe(true);
  });

  it('is in WAL mode with synchronous=FULL and records its schema version', async () => {
    (await openStore()).close();
    const db = rawDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT version FROM schema_versions WHERE component = 'plans'").get()).toEqual({ version: 4 });
    db.close();
  });

  it('refuses a database written by a newer dnsplane (schema version above the known)', async () => {
    (await openStore()).close();
    const db = rawDb();
    db.prepare("UPDATE schema_versions SET version = 99 WHERE component = 'plans'").run();
    db.close();
    const opened = await SqlitePlanStore.open({ path });
    expect(opened).toMatchObject({ ok: false, code: 'incompatible', retryable: false });
  });

  it('reports a file that is not a database, or a missing directory, as unavailable', async () => {
    await writeFile(path, 'this is not a sqlite database, just text that is long enough to have a header.'.repeat(10));
    expect(await SqlitePlanStore.open({ path })).toMatchObject({ ok: false, code: 'unavailable', retryable: true });
    expect(await SqlitePlanStore.open({ path: join(dir, 'missing', 'plans.db') })).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('asserts that a plan handed to create is canonical (a caller bug, not a stored row)', async () => {
    const store = await openStore();
    const plan = contractPlan(1);
    const wrongDigest: Plan = { ...plan, digest: '0000000000000000' };
    const unsorted: Plan = { ...plan, endpoints: [...plan.endpoints].reverse() };
    await expect(store.create(wrongDigest, await tokenOf(store))).rejects.toThrow(AssertionFailure);
    await expect(store.create(unsorted, await tokenOf(store))).rejects.toThrow(AssertionFailure);
    expect(await store.list()).toEqual({ ok: true, value: [] });
  });
});

describe('SqlitePlanStore refuses to serve a corrupted row', () => {
  async function storeWithPlan(): Promise<{ store: SqlitePlanStore; plan: Plan }> {
    const store = await openStore();
    const plan = contractPlan(1, { endpointCount: 20 });
    await store.create(plan, await tokenOf(store));
    return { store, plan };
  }

  async function expectCorrupt(mutate: (db: Database.Database) => void): Promise<void> {
    await storeWithPlan();
    const db = rawDb();
    mutate(db);
    db.close();
    // A fresh connection: nothing cached, the row must be decoded and checked.
    const reader = await openStore();
    for (const result of [await reader.latest(), await reader.get(generation(1))]) {
      expect(result).toMatchObject({ ok: false, code: 'corrupt', retryable: true });
    }
  }

  it('when the stored digest was altered', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plans SET digest = '0123456789abcdef'").run());
  });

  /** The (id, weight) pairs of one endpoint row, as stored (plan-rows.ts). */
  function weightChanged(blob: Buffer): Buffer {
    const copy = Buffer.from(blob);
    copy.writeUInt32LE(copy.readUInt32LE(4) + 1, 4);
    return copy;
  }

  it('when a row holds other content (a weight changed) under the old digest', async () => {
    await expectCorrupt((db) => {
      const row = db.prepare<[], { name: string; addresses: Buffer }>('SELECT name, addresses FROM plan_endpoints ORDER BY name LIMIT 1 OFFSET 3').get()!;
      db.prepare('UPDATE plan_endpoints SET addresses = ? WHERE name = ?').run(weightChanged(row.addresses), row.name);
    });
  });

  it('when a row does not decode', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plan_endpoints SET addresses = x'0102' WHERE name = (SELECT MIN(name) FROM plan_endpoints)").run());
  });

  it('when a row refers to an address that is not in the address table', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plan_endpoints SET addresses = x'ffffff7f01000000' WHERE name = (SELECT MIN(name) FROM plan_endpoints)").run());
  });

  it('when a row was deleted', async () => {
    await expectCorrupt((db) => db.prepare('DELETE FROM plan_endpoints WHERE name = (SELECT MIN(name) FROM plan_endpoints)').run());
  });

  it('when a row was added', async () => {
    await expectCorrupt((db) => db.prepare("INSERT INTO plan_endpoints SELECT 'zz.extra.example.test.', from_generation, to_generation, ttl_seconds, answers_max, addresses, digest, row_check FROM plan_endpoints LIMIT 1").run());
  });

  it('when the body of a plan stored by an older dnsplane is not a plan at all', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plans SET encoding = 'dnsplane-plan/1+deflate', body = ?").run(Buffer.from('garbage')));
  });

  it('when the encoding is unknown', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plans SET encoding = 'dnsplane-plan/9'").run());
  });

  // A cold read trusts an endpoint row's stored digest only through its row check and the checks
  // of the address rows it names: each of these alterations is refused without recomputing digests.
  it("when an endpoint row's stored digest was altered", async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plan_endpoints SET digest = '0123456789abcdef' WHERE name = (SELECT MIN(name) FROM plan_endpoints)").run());
  });

  it("when an endpoint row's ttl was altered (its digest and check kept)", async () => {
    await expectCorrupt((db) => db.prepare('UPDATE plan_endpoints SET ttl_seconds = ttl_seconds + 1 WHERE name = (SELECT MIN(name) FROM plan_endpoints)').run());
  });

  it('when an address row was altered', async () => {
    await expectCorrupt((db) => db.prepare("UPDATE plan_addresses SET address = '198.51.100.77' WHERE id = (SELECT MIN(id) FROM plan_addresses)").run());
  });

  it('when a row lost its digest and check and its content was altered', async () => {
    // Without a stored digest the row's digest is recomputed from its content (by the fill-in at
    // open), so the plan digest in the plans row no longer matches.
    await expectCorrupt((db) => db.prepare("UPDATE plan_endpoints SET digest = NULL, row_check = NULL, ttl_seconds = ttl_seconds + 1 WHERE name = (SELECT MIN(name) FROM plan_endpoints)").run());
  });
});

describe('SqlitePlanStore rows written before schema 4 (no stored digests or checks)', () => {
  it('fills the checks in at open and reads the same plan, also through a fresh connection', async () => {
    const writer = await openStore();
    const plan = contractPlan(1, { endpointCount: 30 });
    await writer.create(plan, await tokenOf(writer));
    const db = rawDb();
    db.prepare('UPDATE plan_endpoints SET digest = NULL, row_check = NULL').run();
    db.prepare('UPDATE plan_addresses SET row_check = NULL').run();
    db.close();
    const reader = await openStore();
    expect(await reader.latest()).toEqual({ ok: true, value: plan });
    const check = rawDb();
    expect(check.prepare('SELECT COUNT(*) AS n FROM plan_endpoints WHERE digest IS NULL OR row_check IS NULL').get()).toEqual({ n: 0 });
    expect(check.prepare('SELECT COUNT(*) AS n FROM plan_addresses WHERE row_check IS NULL').get()).toEqual({ n: 0 });
    check.close();
    expect(await (await openStore()).latest()).toEqual({ ok: true, value: plan });
  });

  it('reads rows without checks the slow way while they are not filled in', async () => {
    const writer = await openStore();
    const plan = contractPlan(1, { endpointCount: 30 });
    await writer.create(plan, await tokenOf(writer));
    // A reader opened before the checks went missing does not fill them in: it recomputes.
    const reader = await openStore();
    const db = rawDb();
    db.prepare('UPDATE plan_endpoints SET digest = NULL, row_check = NULL WHERE name IN (SELECT name FROM plan_endpoints ORDER BY name LIMIT 15)').run();
    db.prepare('UPDATE plan_addresses SET row_check = NULL WHERE id % 2 = 0').run();
    db.close();
    expect(await reader.latest()).toEqual({ ok: true, value: plan });
  });

  it('shares one address object per (address, weight) across the endpoints of a decoded plan', async () => {
    const writer = await openStore();
    const plan = contractPlan(1, { endpointCount: 40 });
    await writer.create(plan, await tokenOf(writer));
    const read = await (await openStore()).latest();
    if (!read.ok || read.value === null) throw new Error('expected a plan');
    const objects = new Set(read.value.endpoints.flatMap((e) => e.addresses));
    const distinct = new Set(read.value.endpoints.flatMap((e) => e.addresses.map((a) => `${a.family} ${a.address} ${a.weight} ${a.loadBalancer}`)));
    expect(objects.size).toBe(distinct.size);
    expect(read.value).toEqual(plan);
  });
});

describe('SqlitePlanStore decoding a new generation against the cached previous one', () => {
  /** Generation 2: the content of generation 1 with the weights of every tenth endpoint changed. */
  function nextGeneration(previous: Plan): Plan {
    const endpoints = previous.endpoints.map((e, i) => (i % 10 === 0 ? { ...e, addresses: e.addresses.map((a) => ({ ...a, weight: a.weight + 1 })) } : e));
    return makePlan({ generation: generation(2), createdAtMs: previous.createdAtMs + 1, endpoints, note: 'tenth changed' });
  }

  it('returns exactly the stored plan, reusing the unchanged endpoints of the previous one', async () => {
    const writer = await openStore();
    const reader = await openStore();
    const one = contractPlan(1, { endpointCount: 200 });
    await writer.create(one, await tokenOf(writer));
    const first = await reader.latest();
    const two = nextGeneration(one);
    await writer.create(two, await tokenOf(writer));
    const second = await reader.latest();
    expect(second.ok && second.value).toEqual(two);
    if (!first.ok || !second.ok || first.value === null || second.value === null) throw new Error('expected plans');
    const previous = first.value;
    const reused = second.value.endpoints.filter((e, i) => e === previous.endpoints[i]).length;
    expect(reused).toBe(180);
  });

  it('still refuses a tampered row whose endpoints look like the cached plan', async () => {
    const writer = await openStore();
    const reader = await openStore();
    const one = contractPlan(1, { endpointCount: 50 });
    await writer.create(one, await tokenOf(writer));
    expect((await reader.latest()).ok).toBe(true);
    const two = nextGeneration(one);
    await writer.create(two, await tokenOf(writer));
    // The rows of generation 2 now carry generation 1's content under generation 2's digest.
    const db = rawDb();
    db.prepare('UPDATE plan_endpoints SET addresses = (SELECT p1.addresses FROM plan_endpoints p1 WHERE p1.name = plan_endpoints.name AND p1.to_generation = 2) WHERE from_generation = 2').run();
    db.close();
    expect(await reader.latest()).toMatchObject({ ok: false, code: 'corrupt', retryable: true });
  });
});

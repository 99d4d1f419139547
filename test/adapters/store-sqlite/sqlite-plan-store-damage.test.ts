/**
 * A damaged SQLite plan store, damaged while a store is open on it (an operator's stray DELETE or
 * DROP, a garbled row): every method answers a retryable 'corrupt' Failure or its usual answer,
 * never throws (in `dnsplane up` a throw or an assertion would take down the embedded DNS server
 * with it), never invents a high-water mark (numbers must never be reused), and the same store
 * works again once the damage is repaired, without a restart. The repairs are the ones
 * docs/stores.md gives operators.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { generation } from '../../../src/core/model/ids.js';
import type { Result } from '../../../src/core/ports/result.js';
import { contractPlan } from '../../contract/plan-store.contract.js';

const PLANNER = 'damage-test-planner';
const LEASE_TTL_MS = 3_600_000;

let dir: string;
let path: string;
let store: SqlitePlanStore;
let token: number;
/** The generation `everyMethod` creates next: above anything stored, one higher after each success. */
let probeGeneration: number;

beforeEach(async () => {
  probeGeneration = 10;
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-sqlite-damage-'));
  path = join(dir, 'plans.db');
  store = await openStore();
  token = value(await store.acquireLease(PLANNER, LEASE_TTL_MS)).token;
  for (const n of [1, 2]) expect(await store.create(contractPlan(n, { endpointCount: 10 }), token)).toEqual({ ok: true, value: undefined });
  // The serving store has read (and cached) what it serves before the damage.
  expect(value(await store.latest())?.generation).toBe(2);
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

async function openStore(): Promise<SqlitePlanStore> {
  const opened = await SqlitePlanStore.open({ path });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  return opened.value;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

function onRawDb(sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

type Method = 'acquireLease' | 'latest' | 'highWater' | 'get' | 'create' | 'list' | 'delete';
const METHODS: readonly Method[] = ['acquireLease', 'latest', 'highWater', 'get', 'create', 'list', 'delete'];

/**
 * Calls every method once and names each answer: 'ok', the code of a retryable Failure, the code
 * marked "(not retryable)", or what it threw. `create` writes `probeGeneration` (10 at first);
 * `get` reads generation 2.
 */
async function everyMethod(target: SqlitePlanStore): Promise<Record<Method, string>> {
  const calls: Record<Method, () => Promise<Result<unknown>>> = {
    acquireLease: () => target.acquireLease(PLANNER, LEASE_TTL_MS),
    latest: () => target.latest(),
    highWater: () => target.highWater(),
    get: () => target.get(generation(2)),
    create: async () => {
      const created = await target.create(contractPlan(probeGeneration), token);
      if (created.ok) probeGeneration++;
      return created;
    },
    list: () => target.list(),
    delete: () => target.delete(generation(99)),
  };
  const answers = {} as Record<Method, string>;
  for (const method of METHODS) {
    try {
      const result = await calls[method]();
      answers[method] = result.ok ? 'ok' : result.retryable ? result.code : `${result.code} (not retryable)`;
    } catch (error: unknown) {
      answers[method] = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    }
  }
  return answers;
}

function expected(corrupt: readonly Method[]): Record<Method, string> {
  return Object.fromEntries(METHODS.map((m) => [m, corrupt.includes(m) ? 'corrupt' : 'ok'])) as Record<Method, string>;
}

async function failureMessage(result: Promise<Result<unknown>>): Promise<string> {
  const answer = await result;
  expect(answer).toMatchObject({ ok: false, code: 'corrupt', retryable: true });
  return answer.ok ? '' : answer.message;
}

describe('SqlitePlanStore damaged while serving', () => {
  it('the high-water row deleted: highWater and create are corrupt, not 0 and not an assertion; restoring the row repairs it', async () => {
    onRawDb('DELETE FROM plan_store_meta');
    expect(await everyMethod(store)).toEqual(expected(['highWater', 'create']));
    const message = await failureMessage(store.create(contractPlan(3), token));
    expect(message).toContain('generation_high_water');
    expect(message).toContain('INSERT INTO plan_store_meta');
    // A restart does not paper over it either (no migration recreates the row).
    const restarted = await openStore();
    try {
      expect(await everyMethod(restarted)).toEqual(expected(['highWater', 'create']));
    } finally {
      restarted.close();
    }
    onRawDb("INSERT INTO plan_store_meta (key, value) VALUES ('generation_high_water', 2)");
    expect(await everyMethod(store)).toEqual(expected([]));
    expect(value(await store.highWater())).toBe(10);
    expect(value(await store.latest())?.generation).toBe(10);
  });

  it('the high-water row deleted after the newest generation was: refused, because max(stored) would reuse its number', async () => {
    expect(await store.create(contractPlan(3), token)).toEqual({ ok: true, value: undefined });
    expect(value(await store.delete(generation(3)))).toBeUndefined();
    onRawDb('DELETE FROM plan_store_meta');
    // Recomputing the mark as max(stored) = 2 would let generation 3 be created again with other
    // content; an Enactor that applied the old 3 would then skip the new one as already live.
    const message = await failureMessage(store.create(contractPlan(3, { note: 'reused number', variant: 4 }), token));
    expect(message).toMatch(/at least 2\b/);
    expect(await failureMessage(store.highWater())).toContain('generation_high_water');
    expect(value(await store.list()).map((i) => i.generation)).toEqual([1, 2]);
    onRawDb("INSERT INTO plan_store_meta (key, value) VALUES ('generation_high_water', 3)");
    expect(value(await store.highWater())).toBe(3);
    expect((await store.create(contractPlan(3), token)).ok ? 'ok' : 'exists').toBe('exists');
  });

  it('the high-water mark lowered below a stored generation: corrupt, not a constraint error reported as unavailable', async () => {
    onRawDb("UPDATE plan_store_meta SET value = 1 WHERE key = 'generation_high_water'");
    expect(await everyMethod(store)).toEqual(expected(['highWater', 'create']));
    expect(await failureMessage(store.create(contractPlan(2, { variant: 3 }), token))).toContain('below');
    onRawDb("UPDATE plan_store_meta SET value = 2 WHERE key = 'generation_high_water'");
    expect(await everyMethod(store)).toEqual(expected([]));
  });

  it('the lease row deleted: acquireLease and create are corrupt (tokens must not restart at 1); restoring it above every token repairs it', async () => {
    onRawDb('DELETE FROM planner_lease');
    expect(await everyMethod(store)).toEqual(expected(['acquireLease', 'create']));
    expect(await failureMessage(store.acquireLease(PLANNER, LEASE_TTL_MS))).toContain('INSERT INTO planner_lease');
    onRawDb("INSERT INTO planner_lease (id, holder, token, ttl_ms, expires_at_ms) VALUES (1, '', 1000, 0, 0)");
    // The old token is not the newest any more: the Planner takes the lease again, above 1000.
    expect((await store.create(contractPlan(10), token)).ok ? 'ok' : 'fenced').toBe('fenced');
    const again = value(await store.acquireLease(PLANNER, LEASE_TTL_MS));
    expect(again.token).toBe(1001);
    token = again.token;
    expect(await everyMethod(store)).toEqual(expected([]));
  });

  it('the plans table dropped: every method that reads plans is corrupt; recreating it repairs the store', async () => {
    onRawDb('DROP TABLE plans');
    expect(await everyMethod(store)).toEqual(expected(['latest', 'highWater', 'get', 'create', 'list', 'delete']));
    expect(await failureMessage(store.list())).toContain('plans');
    onRawDb(`
      CREATE TABLE plans (
        generation     INTEGER PRIMARY KEY CHECK (generation > 0),
        digest         TEXT    NOT NULL,
        created_at_ms  INTEGER NOT NULL,
        note           TEXT    NOT NULL,
        endpoint_count INTEGER NOT NULL,
        encoding       TEXT    NOT NULL,
        body           BLOB    NOT NULL
      ) STRICT;`);
    // The plans are gone, the numbers they used stay used.
    expect(await store.latest()).toEqual({ ok: true, value: null });
    expect(value(await store.highWater())).toBe(2);
    expect(await everyMethod(store)).toEqual(expected([]));
    expect(value(await store.list()).map((i) => i.generation)).toEqual([10]);
  });

  it('the meta table dropped: highWater and create are corrupt; recreating it with the mark repairs the store', async () => {
    onRawDb('DROP TABLE plan_store_meta');
    expect(await everyMethod(store)).toEqual(expected(['highWater', 'create']));
    onRawDb("CREATE TABLE plan_store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT; INSERT INTO plan_store_meta (key, value) VALUES ('generation_high_water', 2);");
    expect(await everyMethod(store)).toEqual(expected([]));
  });

  it('the lease table dropped: acquireLease and create are corrupt; recreating it above every token repairs the store', async () => {
    onRawDb('DROP TABLE planner_lease');
    expect(await everyMethod(store)).toEqual(expected(['acquireLease', 'create']));
    onRawDb(`
      CREATE TABLE planner_lease (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        holder        TEXT    NOT NULL,
        token         INTEGER NOT NULL CHECK (token >= 0),
        ttl_ms        INTEGER NOT NULL CHECK (ttl_ms >= 0),
        expires_at_ms INTEGER NOT NULL
      ) STRICT;
      INSERT INTO planner_lease (id, holder, token, ttl_ms, expires_at_ms) VALUES (1, '', 1000, 0, 0);`);
    token = value(await store.acquireLease(PLANNER, LEASE_TTL_MS)).token;
    expect(token).toBe(1001);
    expect(await everyMethod(store)).toEqual(expected([]));
  });

  it('a garbled endpoint row: latest and get of it are corrupt (retryable) on a fresh reader; restoring the row repairs it', async () => {
    const reader = await openStore();
    try {
      const db = new Database(path);
      // Generations 1 and 2 carry the same endpoints, so 2 reads the rows written by 1.
      const row = db.prepare<[], { name: string; addresses: Buffer }>('SELECT name, addresses FROM plan_endpoints WHERE from_generation = 1 ORDER BY name LIMIT 1').get()!;
      db.prepare('UPDATE plan_endpoints SET addresses = ? WHERE name = ? AND from_generation = 1').run(Buffer.from('garbled'), row.name);
      expect(await everyMethod(reader)).toEqual(expected(['latest', 'get']));
      db.prepare('UPDATE plan_endpoints SET addresses = ? WHERE name = ? AND from_generation = 1').run(row.addresses, row.name);
      db.close();
      // everyMethod created generation 10 on the reader: it is the latest now, and decodes.
      expect(await everyMethod(reader)).toEqual(expected([]));
      expect(value(await reader.get(generation(2)))).toEqual(contractPlan(2, { endpointCount: 10 }));
    } finally {
      reader.close();
    }
  });
});

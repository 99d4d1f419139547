/**
 * Schema 3 (per-endpoint rows) opens a file written by schema 2 (one deflated body per
 * generation). The fixture `fixtures/plans-schema-2.db` was written by the schema-2 code itself
 * (the SqlitePlanStore of commit f9b71a1~1): generations 1, 2 and 4 of `syntheticPlan` (30, 31
 * and 32 endpoints), 3 created and deleted, the lease granted four times (token 4, 'planner-old').
 */
import Database from 'better-sqlite3';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticPlan } from '../../../bench/store-plans.js';
import { PLAN_ENCODING } from '../../../src/adapters/store-sqlite/plan-codec.js';
import { ROWS_ENCODING } from '../../../src/adapters/store-sqlite/plan-rows.js';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { generation } from '../../../src/core/model/ids.js';
import { canonicalEndpoint, planContentDigest, type Plan } from '../../../src/core/model/plan.js';
import type { Result } from '../../../src/core/ports/result.js';

const FIXTURE = new URL('./fixtures/plans-schema-2.db', import.meta.url).pathname;

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-sqlite-migration-'));
  path = join(dir, 'plans.db');
  await copyFile(FIXTURE, path);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

/** What the schema-2 code stored as generation n. */
function written(n: number, endpoints: number): Plan {
  return { ...syntheticPlan(endpoints, n), note: `written by schema 2 (${n})` };
}

async function openStore(): Promise<SqlitePlanStore> {
  const opened = await SqlitePlanStore.open({ path });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  return opened.value;
}

describe('SqlitePlanStore opening a schema-2 file', () => {
  it('converts every stored plan into endpoint rows; plans, numbering and the lease stay as they were', async () => {
    const store = await openStore();
    try {
      expect(value(await store.latest())).toEqual(written(4, 32));
      expect(value(await store.get(generation(1)))).toEqual(written(1, 30));
      expect(value(await store.get(generation(2)))).toEqual(written(2, 31));
      expect(value(await store.get(generation(3)))).toBeNull();
      expect(value(await store.list()).map((i) => i.generation)).toEqual([1, 2, 4]);
      expect(value(await store.highWater())).toBe(4);
      // The old Planner's lease and token carry over: its holder renews with the same token (its
      // expiry in the fixture has passed by now; a renewal by the holder keeps the token anyway).
      const token = value(await store.acquireLease('planner-old', 1_000)).token;
      expect(token).toBe(4);
      // The next generation is written as the rows that changed against generation 4.
      const four = written(4, 32);
      const endpoints = four.endpoints.map((e, i) => (i === 7 ? canonicalEndpoint({ ...e, ttlSeconds: 60 }) : e));
      const five: Plan = { generation: generation(5), digest: planContentDigest(endpoints), createdAtMs: four.createdAtMs + 1, endpoints, note: 'after the upgrade' };
      expect(await store.create(five, token)).toEqual({ ok: true, value: undefined });
      expect(value(await store.latest())).toEqual(five);
    } finally {
      store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT version FROM schema_versions WHERE component = 'plans'").get()).toEqual({ version: 4 });
      expect(db.prepare('SELECT DISTINCT encoding FROM plans').all()).toEqual([{ encoding: ROWS_ENCODING }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM plan_endpoints WHERE from_generation = 5').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT MAX(length(body)) AS n FROM plans').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // And a restart reads the converted file as it is.
    const reopened = await openStore();
    expect(value(await reopened.get(generation(1)))).toEqual(written(1, 30));
    reopened.close();
  });

  it('leaves a body that does not decode as it was (reported corrupt, never served) and converts the rest', async () => {
    const raw = new Database(path);
    raw.prepare('UPDATE plans SET body = ? WHERE generation = 2').run(Buffer.from('garbled'));
    raw.close();
    const store = await openStore();
    try {
      expect(await store.get(generation(2))).toMatchObject({ ok: false, code: 'corrupt', retryable: true });
      expect(value(await store.get(generation(1)))).toEqual(written(1, 30));
      expect(value(await store.latest())).toEqual(written(4, 32));
      // Deleting the damaged generation (the repair) leaves the others readable.
      expect(await store.delete(generation(2))).toEqual({ ok: true, value: undefined });
      expect(value(await store.get(generation(4)))).toEqual(written(4, 32));
    } finally {
      store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT generation, encoding FROM plans ORDER BY generation').all()).toEqual([
      { generation: 1, encoding: ROWS_ENCODING }, { generation: 4, encoding: ROWS_ENCODING },
    ]);
    db.close();
    expect(PLAN_ENCODING).not.toBe(ROWS_ENCODING);
  });
});

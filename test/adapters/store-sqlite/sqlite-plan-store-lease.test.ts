/**
 * SQLite-specific Planner fencing beyond the shared contract: the lease row shared by processes
 * on one file, wall-clock steps (the lease is timed by wall clock, writes are fenced by token),
 * and a version-1 database migrating in place.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePlanBody, PLAN_ENCODING } from '../../../src/adapters/store-sqlite/plan-codec.js';
import { PLAN_STORE_MIGRATIONS, SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { generation } from '../../../src/core/model/ids.js';
import type { Result } from '../../../src/core/ports/result.js';
import { contractPlan } from '../../contract/plan-store.contract.js';
import { exited, killStartedChildren, nextLine, startChild, type StoreChild } from './child-process.js';

let dir: string;
let path: string;
const stores: SqlitePlanStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-sqlite-lease-'));
  path = join(dir, 'plans.db');
});

afterEach(async () => {
  killStartedChildren();
  for (const store of stores.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

class SteppingWallClock {
  currentMs = 1_700_000_000_000;
  nowMs(): number {
    return this.currentMs;
  }
}

async function openStore(wallClock?: SteppingWallClock): Promise<SqlitePlanStore> {
  const opened = await SqlitePlanStore.open(wallClock === undefined ? { path } : { path, wallClock });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  stores.push(opened.value);
  return opened.value;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.code;
}

async function send(planner: StoreChild, command: string): Promise<{ outcome: string; token?: number; message?: string }> {
  planner.child.stdin.write(`${command}\n`);
  return JSON.parse(await nextLine(planner.lines, command)) as { outcome: string; token?: number };
}

describe('SqlitePlanStore lease across processes', () => {
  it('a paused old leader in another process cannot write once a second process took the lease over', async () => {
    const ttlMs = 300;
    const alpha = startChild(['lease', path, 'alpha', String(ttlMs)]);
    const first = await send(alpha, 'acquire');
    expect(first.outcome).toBe('ok');
    expect(await send(alpha, 'create 1')).toMatchObject({ outcome: 'ok' });
    const beta = startChild(['lease', path, 'beta', String(ttlMs)]);
    const refused = await send(beta, 'acquire');
    // vite-node takes a while to start beta; if alpha's lease already ran out, the takeover
    // simply happens here.
    let second = refused;
    if (refused.outcome === 'held') {
      expect(refused.message).toContain('alpha');
      await sleep(ttlMs + 50);
      second = await send(beta, 'acquire');
    }
    expect(second.outcome).toBe('ok');
    expect(second.token).toBeGreaterThan(first.token!);
    // Alpha was paused through all of this; it wakes up and writes with its old token.
    expect(await send(alpha, 'create 2')).toMatchObject({ outcome: 'fenced' });
    expect(await send(beta, 'create 2')).toMatchObject({ outcome: 'ok' });
    expect(await send(alpha, 'create 3')).toMatchObject({ outcome: 'fenced' });
    expect(await send(alpha, 'acquire')).toMatchObject({ outcome: 'held' });
    for (const planner of [alpha, beta]) planner.child.stdin.write('exit\n');
    await Promise.all([alpha, beta].map((p) => exited(p.child)));
    const store = await openStore();
    expect(value(await store.list()).map((i) => i.generation)).toEqual([1, 2]);
    expect(value(await store.get(generation(2)))?.note).toBe('beta');
  });

  it('two Planner processes taking the lease from each other: no write with a token older than one already written', async () => {
    const rounds = 30;
    const ttlMs = 20;
    const planners = ['alpha', 'beta'].map((holder) => ({ holder, ...startChild(['planner', path, holder, String(ttlMs), String(rounds)]) }));
    for (const p of planners) expect(await nextLine(p.lines, `${p.holder} ready`)).toBe('ready');
    for (const p of planners) p.child.stdin.write('go\n');
    const tokensOf = new Map<string, Set<number>>();
    const outcomes = new Map<string, number>();
    for (const p of planners) {
      tokensOf.set(p.holder, new Set());
      for (let i = 0; i < rounds; i++) {
        const line = JSON.parse(await nextLine(p.lines, `${p.holder} round ${i + 1}`)) as { token: number; outcome: string };
        expect(['ok', 'fenced', 'exists']).toContain(line.outcome);
        tokensOf.get(p.holder)!.add(line.token);
        outcomes.set(line.outcome, (outcomes.get(line.outcome) ?? 0) + 1);
      }
    }
    await Promise.all(planners.map((p) => exited(p.child)));
    // The pauses outlast the ttl about half the time, so the lease really moved and stale
    // writes were really attempted.
    expect(outcomes.get('fenced') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    const store = await openStore();
    let previous = 0;
    for (const info of value(await store.list())) {
      const [holder, tokenText] = value(await store.get(info.generation))!.note.split(' ');
      const token = Number(tokenText);
      // A token is written only while it is the newest granted: once a newer one wrote, no older one can.
      expect(token, `generation ${info.generation} by ${holder}`).toBeGreaterThanOrEqual(previous);
      expect(tokensOf.get(holder!)?.has(token), `token ${token} was granted to ${holder}`).toBe(true);
      previous = token;
    }
    // No token was granted to both.
    const [alphaTokens, betaTokens] = [...tokensOf.values()];
    expect([...alphaTokens!].filter((t) => betaTokens!.has(t))).toEqual([]);
  });
});

describe('SqlitePlanStore lease on wall time', () => {
  it('a wall clock stepped forward shortens the lease, but the old holder is fenced, not a second writer', async () => {
    const clock = new SteppingWallClock();
    const a = await openStore(clock);
    const b = await openStore(clock);
    const old = value(await a.acquireLease('planner-a', 10_000));
    clock.currentMs += 3_600_000;
    const taken = value(await b.acquireLease('planner-b', 10_000));
    expect(taken.token).toBeGreaterThan(old.token);
    expect(outcome(await a.create(contractPlan(1), old.token))).toBe('fenced');
    expect(outcome(await b.create(contractPlan(1), taken.token))).toBe('ok');
  });

  it('a wall clock stepped back lengthens a lease by at most its ttl', async () => {
    const clock = new SteppingWallClock();
    const a = await openStore(clock);
    const b = await openStore(clock);
    const old = value(await a.acquireLease('planner-a', 10_000));
    clock.currentMs -= 3_600_000;
    const held = await b.acquireLease('planner-b', 10_000);
    expect(held).toMatchObject({ ok: false, code: 'held', retryable: true });
    // Without the bound it would read "in 3610000 ms".
    if (!held.ok) expect(held.message).toContain('in 10000 ms');
    clock.currentMs += 10_000;
    const taken = value(await b.acquireLease('planner-b', 10_000));
    expect(taken.token).toBeGreaterThan(old.token);
    expect(outcome(await a.create(contractPlan(1), old.token))).toBe('fenced');
  });

  it('measures the lease on the real wall clock by default', async () => {
    const a = await openStore();
    const b = await openStore();
    value(await a.acquireLease('planner-a', 100));
    expect(outcome(await b.acquireLease('planner-b', 100))).toBe('held');
    await sleep(150);
    expect(outcome(await b.acquireLease('planner-b', 100))).toBe('ok');
  });
});

describe('SqlitePlanStore schema version 2', () => {
  it('migrates a version-1 database in place: plans and high-water mark kept, a lease table added', async () => {
    const plan = contractPlan(3, { endpointCount: 10 });
    const v1 = new Database(path);
    v1.exec('CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
    v1.exec(PLAN_STORE_MIGRATIONS[0]!.sql);
    v1.prepare("INSERT INTO schema_versions (component, version) VALUES ('plans', 1)").run();
    v1.prepare('INSERT INTO plans (generation, digest, created_at_ms, note, endpoint_count, encoding, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(plan.generation, plan.digest, plan.createdAtMs, plan.note, plan.endpoints.length, PLAN_ENCODING, encodePlanBody(plan));
    v1.prepare("UPDATE plan_store_meta SET value = 5 WHERE key = 'generation_high_water'").run();
    v1.close();

    const store = await openStore();
    expect(value(await store.latest())).toEqual(plan);
    expect(value(await store.highWater())).toBe(5);
    const lease = value(await store.acquireLease('planner-a', 1_000));
    expect(lease.token).toBe(1);
    expect(outcome(await store.create(contractPlan(5), lease.token))).toBe('exists');
    expect(outcome(await store.create(contractPlan(6), lease.token))).toBe('ok');
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT version FROM schema_versions WHERE component = 'plans'").get()).toEqual({ version: PLAN_STORE_MIGRATIONS.length });
    expect(db.prepare('SELECT holder, token FROM planner_lease').all()).toEqual([{ holder: 'planner-a', token: 1 }]);
    db.close();
  });
});

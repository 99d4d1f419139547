import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventLog, type SqliteEventLogOptions } from '../../../src/adapters/store-sqlite/sqlite-event-log.js';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { contractPlan } from '../../contract/plan-store.contract.js';
import { describeEventLogCases, sampleEvent } from '../events-memory/event-log.cases.js';
import { exited, killStartedChildren, nextLine, startChild } from './child-process.js';

const WAIT_STEPS_MAX = 200;
const WAIT_STEP_MS = 10;

let dir: string;
let path: string;
const logs: SqliteEventLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnsplane-events-'));
  path = join(dir, 'events.db');
});

afterEach(async () => {
  killStartedChildren();
  for (const log of logs.splice(0)) await log.close();
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: Partial<SqliteEventLogOptions> = {}): Promise<SqliteEventLog> {
  const opened = await SqliteEventLog.open({ path, ...options });
  if (!opened.ok) throw new Error(opened.message);
  logs.push(opened.value);
  return opened.value;
}

/** Rows on disk as another connection sees them (what survives a crash). */
function rowsOnDisk(): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function waitUntil(condition: () => boolean): Promise<boolean> {
  for (let step = 0; step < WAIT_STEPS_MAX; step++) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  return condition();
}

describeEventLogCases('sqlite', async (rowsMax) => {
  const log = await openLog({ rowsMax });
  return { log, close: async () => { await log.close(); } };
});

describe('SqliteEventLog batching and durability', () => {
  it('record() does not write at once; the batch reaches disk within the flush interval', async () => {
    const log = await openLog({ flushIntervalMs: 50 });
    for (let i = 0; i < 10; i++) log.record(sampleEvent(i));
    expect(rowsOnDisk()).toBe(0);
    expect(log.stats().pending).toBe(10);
    expect(await waitUntil(() => rowsOnDisk() === 10)).toBe(true);
    expect(log.stats().pending).toBe(0);
  });

  it('a full batch is written within the record() call that fills it', async () => {
    const log = await openLog({ flushIntervalMs: 60_000, flushBatchMax: 100 });
    for (let i = 0; i < 99; i++) log.record(sampleEvent(i));
    expect(rowsOnDisk()).toBe(0);
    log.record(sampleEvent(99));
    expect(rowsOnDisk()).toBe(100);
  });

  it('kill -9 loses no event that a flush reported written', async () => {
    const { child, lines } = startChild(['events', path]);
    let flushedCount = 0;
    for (let batch = 0; batch < 10; batch++) {
      const [word, count] = (await nextLine(lines, `flush ${batch + 1}`)).split(' ');
      expect(word).toBe('flushed');
      flushedCount = Number(count);
    }
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(rowsOnDisk()).toBeGreaterThanOrEqual(flushedCount);
    const log = await openLog();
    const first = await log.query({ limit: 1 });
    expect(first.ok && first.value[0]?.reason).toBe('batch 1 event 0');
  });

  it('close() flushes; a reopened log continues ids above the old ones', async () => {
    const first = await openLog({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) first.record(sampleEvent(i));
    expect(await first.close()).toEqual({ ok: true, value: undefined });
    expect(rowsOnDisk()).toBe(5);
    const second = await openLog();
    second.record(sampleEvent(5));
    const result = await second.query({ limit: 100 });
    expect(result.ok && result.value.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps events pending while the database is locked, and writes them in order once it is free', async () => {
    const log = await openLog({ busyWaitMs: 50, flushIntervalMs: 20 });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 5; i++) log.record(sampleEvent(i));
    const failed = await log.flush();
    expect(failed).toMatchObject({ ok: false, code: 'unavailable', retryable: true });
    expect(log.stats()).toMatchObject({ pending: 5, dropped: 0 });
    expect(log.stats().lastFlushError).toContain('SQLITE_BUSY');
    for (let i = 5; i < 8; i++) log.record(sampleEvent(i));
    locker.exec('COMMIT');
    locker.close();
    // The retry timer writes them without anyone calling flush().
    expect(await waitUntil(() => log.stats().pending === 0)).toBe(true);
    const stored = await log.query({ limit: 100 });
    expect(stored.ok && stored.value.map((e) => e.reason)).toEqual(Array.from({ length: 8 }, (_, i) => `reason ${i}`));
    expect(log.stats().lastFlushError).toBeNull();
  });

  it('drops the oldest pending events beyond pendingMax while the database is down, and counts them', async () => {
    const log = await openLog({ busyWaitMs: 20, flushIntervalMs: 60_000, flushBatchMax: 10, pendingMax: 30 });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 50; i++) log.record(sampleEvent(i));
    await log.flush();
    expect(log.stats()).toMatchObject({ pending: 30, dropped: 20 });
    locker.exec('ROLLBACK');
    locker.close();
    expect(await log.flush()).toEqual({ ok: true, value: undefined });
    const stored = await log.query({ limit: 100 });
    expect(stored.ok && stored.value[0]!.reason).toBe('reason 20');
  });

  it('stores a fractional atMs (a virtual clock) as whole milliseconds instead of refusing the batch', async () => {
    const log = await openLog();
    log.record({ ...sampleEvent(1), atMs: 1_234.6 });
    log.record(sampleEvent(2));
    const stored = await log.query({ limit: 10 });
    expect(stored.ok && stored.value.map((e) => e.atMs)).toEqual([1_235, sampleEvent(2).atMs]);
    expect(log.stats().lastFlushError).toBeNull();
  });

  it('shares a file with the plan store (separate schema versions)', async () => {
    const store = await SqlitePlanStore.open({ path });
    expect(store.ok).toBe(true);
    const log = await openLog();
    log.record(sampleEvent(1));
    if (store.ok) {
      const lease = await store.value.acquireLease('event-log-test', 60_000);
      expect(lease.ok).toBe(true);
      expect(await store.value.create(contractPlan(1), lease.ok ? lease.value.token : 0)).toEqual({ ok: true, value: undefined });
      store.value.close();
    }
    expect((await log.query({ limit: 10 })).ok).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT component, version FROM schema_versions ORDER BY component').all()).toEqual([
      { component: 'events', version: 1 },
      { component: 'plans', version: 4 },
    ]);
    db.close();
  });

  it('record() is cheap: 100,000 events in batches, none dropped, the table trimmed to rowsMax', async () => {
    const log = await openLog({ rowsMax: 50_000 });
    const startedMs = performance.now();
    for (let i = 0; i < 100_000; i++) log.record(sampleEvent(i));
    const recordMs = performance.now() - startedMs;
    expect(await log.flush()).toEqual({ ok: true, value: undefined });
    const totalMs = performance.now() - startedMs;
    console.info(`event log: 100,000 records in ${recordMs.toFixed(0)} ms including synchronous batch writes; ${totalMs.toFixed(0)} ms with the final flush`);
    expect(rowsOnDisk()).toBe(50_000);
    expect(log.stats()).toEqual({ pending: 0, dropped: 0, lastFlushError: null });
    // Generous bound for a loaded CI machine; the point is "batched", not a benchmark.
    expect(totalMs).toBeLessThan(20_000);
  });
});

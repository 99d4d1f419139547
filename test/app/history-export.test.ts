/**
 * History as data, on real files: events written to a real SQLite audit log, exported as
 * date-partitioned Parquet, read back by DuckDB. The timeline crosses midnight UTC (two date
 * partitions) and has a delayed Enactor, so "the generation live on each provider" differs
 * between providers for a while — the post-incident question the export is for.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../src/adapters/store-sqlite/sqlite-event-log.js';
import type { DecisionEvent } from '../../src/core/ports/events.js';
import { exportHistory, openAuditLog, recentEvents, Warehouse, type AuditLog } from '../../src/app/history/index.js';

const API = 'api.us-east-1.example.test.';
const AZ1 = 'api.use1-az1.us-east-1.example.test.';
const at = (iso: string): number => Date.parse(iso);

/** 19 Oct 23:30 → 20 Oct 02:50 UTC: plans 5..7; the bind provider takes generation 6 late. */
const TIMELINE: readonly DecisionEvent[] = [
  { atMs: at('2025-10-19T23:30:00Z'), kind: 'plan.created', actor: 'planner', reason: 'generation 5', generation: 5 },
  // A batch of several names: recorded once, naming the provider only.
  { atMs: at('2025-10-19T23:30:01Z'), kind: 'enact.applied', actor: 'use1-az1', reason: '2 endpoint(s) written', generation: 5, provider: 'embedded' },
  { atMs: at('2025-10-19T23:30:02Z'), kind: 'enact.applied', actor: 'use1-az2', reason: '2 endpoint(s) written', generation: 5, provider: 'bind' },
  { atMs: at('2025-10-19T23:41:00Z'), kind: 'health.transition', actor: 'health', reason: 'lb-a1 healthy → unhealthy' },
  { atMs: at('2025-10-19T23:41:05Z'), kind: 'plan.created', actor: 'planner', reason: 'generation 6: lb-a1 leaves', generation: 6, endpoint: API },
  { atMs: at('2025-10-19T23:41:06Z'), kind: 'enact.applied', actor: 'use1-az1', reason: '1 endpoint(s) written', generation: 6, provider: 'embedded', endpoint: API },
  { atMs: at('2025-10-19T23:50:00Z'), kind: 'guard.velocity', actor: 'planner', reason: 'deferred: 40% of capacity in 5m', endpoint: API },
  { atMs: at('2025-10-20T00:20:00Z'), kind: 'enact.applied', actor: 'use1-az3', reason: '1 endpoint(s) written', generation: 6, provider: 'bind', endpoint: API },
  { atMs: at('2025-10-20T00:30:00Z'), kind: 'guard.fail-open', actor: 'health', reason: '3 of 4 failing at once', endpoint: AZ1 },
  { atMs: at('2025-10-20T01:00:00Z'), kind: 'plan.created', actor: 'planner', reason: 'generation 7: lb-a1 returns', generation: 7 },
  { atMs: at('2025-10-20T01:00:01Z'), kind: 'enact.applied', actor: 'use1-az2', reason: '2 endpoint(s) written', generation: 7, provider: 'embedded' },
  { atMs: at('2025-10-20T02:00:00Z'), kind: 'freeze.started', actor: 'operator:alice', reason: 'investigating', endpoint: API },
  { atMs: at('2025-10-20T02:50:00Z'), kind: 'freeze.ended', actor: 'operator:alice', reason: 'done', endpoint: API },
];

/** The post-incident timeline as one query: every decision about the name in the window. */
const INCIDENT_QUERY = `
  SELECT strftime(time, '%H:%M:%S') AS t, kind, actor, live['embedded'] AS embedded, live['bind'] AS bind, newest_plan
  FROM events
  WHERE endpoint = '${API}' AND time BETWEEN '2025-10-19 23:40:00' AND '2025-10-20 02:40:00'
  ORDER BY id`;

describe('history export: Parquet partitioned by date, read back by DuckDB', () => {
  let dir: string;
  let log: AuditLog;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-history-'));
    await writeEvents(join(dir, 'data'), TIMELINE);
    const opened = await openAuditLog(join(dir, 'data'));
    if (!opened.ok) throw new Error(opened.message);
    log = opened.value;
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes raw/date=YYYY-MM-DD/ per UTC date and one compacted curated file per date', async () => {
    const exported = await exportHistory(log, join(dir, 'out'));
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.value.eventsExported).toBe(TIMELINE.length);
    expect(exported.value.rawFilesWritten).toEqual(['raw/date=2025-10-19/events-1-7.parquet', 'raw/date=2025-10-20/events-8-13.parquet']);
    expect(exported.value.dates).toEqual(['2025-10-19', '2025-10-20']);
    expect(readdirSync(join(dir, 'out', 'curated', 'events')).sort()).toEqual(['date=2025-10-19', 'date=2025-10-20']);
    for (const date of ['2025-10-19', '2025-10-20']) expect(readdirSync(join(dir, 'out', 'curated', 'events', `date=${date}`))).toHaveLength(1);
    expect(existsSync(join(dir, 'out', 'curated', 'live_generations.parquet'))).toBe(true);
    const answer = await sql(join(dir, 'out'), `SELECT date, count(*) AS n FROM raw_events GROUP BY date ORDER BY date`);
    expect(answer.map((row) => [String(row.date), row.n])).toEqual([['2025-10-19', 7], ['2025-10-20', 6]]);
  });

  it('the incident timeline is one query: each decision with the generation live on each provider', async () => {
    const exported = await exportHistory(log, join(dir, 'out'));
    if (!exported.ok) throw new Error(exported.message);
    const rows = await sql(join(dir, 'out'), INCIDENT_QUERY);
    expect(rows).toEqual([
      { t: '23:41:05', kind: 'plan.created', actor: 'planner', embedded: 5, bind: 5, newest_plan: 6 },
      { t: '23:41:06', kind: 'enact.applied', actor: 'use1-az1', embedded: 6, bind: 5, newest_plan: 6 },
      { t: '23:50:00', kind: 'guard.velocity', actor: 'planner', embedded: 6, bind: 5, newest_plan: 6 },
      { t: '00:20:00', kind: 'enact.applied', actor: 'use1-az3', embedded: 6, bind: 6, newest_plan: 6 },
      // The batch of generation 7 named no endpoint: it counts for every name on that provider.
      { t: '02:00:00', kind: 'freeze.started', actor: 'operator:alice', embedded: 7, bind: 6, newest_plan: 7 },
    ]);
  });

  it('live_generations: each generation per endpoint and provider with its interval', async () => {
    const exported = await exportHistory(log, join(dir, 'out'));
    if (!exported.ok) throw new Error(exported.message);
    const rows = await sql(join(dir, 'out'), `SELECT provider, generation, strftime(from_time, '%H:%M:%S') AS since, strftime(until_time, '%H:%M:%S') AS until, written_by
      FROM live_generations WHERE endpoint = '${API}' ORDER BY provider, generation`);
    expect(rows).toEqual([
      { provider: 'bind', generation: 5, since: '23:30:02', until: '00:20:00', written_by: 'use1-az2' },
      { provider: 'bind', generation: 6, since: '00:20:00', until: null, written_by: 'use1-az3' },
      { provider: 'embedded', generation: 5, since: '23:30:01', until: '23:41:06', written_by: 'use1-az1' },
      { provider: 'embedded', generation: 6, since: '23:41:06', until: '01:00:01', written_by: 'use1-az1' },
      { provider: 'embedded', generation: 7, since: '01:00:01', until: null, written_by: 'use1-az2' },
    ]);
  });

  it('a second export appends only newer events to raw/ and recompacts curated/ (no duplicates)', async () => {
    const first = await exportHistory(log, join(dir, 'out'));
    if (!first.ok) throw new Error(first.message);
    await log.close();
    await writeEvents(join(dir, 'data'), [
      { atMs: at('2025-10-20T03:00:00Z'), kind: 'plan.created', actor: 'planner', reason: 'generation 8', generation: 8 },
      { atMs: at('2025-10-21T00:00:01Z'), kind: 'enact.applied', actor: 'use1-az1', reason: '1 endpoint(s) written', generation: 8, provider: 'embedded', endpoint: API },
    ]);
    const reopened = await openAuditLog(join(dir, 'data'));
    if (!reopened.ok) throw new Error(reopened.message);
    log = reopened.value;
    const second = await exportHistory(log, join(dir, 'out'));
    if (!second.ok) throw new Error(second.message);
    expect(second.value.eventsExported).toBe(2);
    expect(second.value.rawFilesWritten).toEqual(['raw/date=2025-10-20/events-14-14.parquet', 'raw/date=2025-10-21/events-15-15.parquet']);
    expect(second.value.eventsTotal).toBe(TIMELINE.length + 2);
    // raw/ 2025-10-20 now holds two files; curated/ holds one per date.
    expect(readdirSync(join(dir, 'out', 'raw', 'date=2025-10-20'))).toHaveLength(2);
    expect(readdirSync(join(dir, 'out', 'curated', 'events', 'date=2025-10-20'))).toHaveLength(1);
    const rows = await sql(join(dir, 'out'), `SELECT count(*) AS n, count(DISTINCT id) AS ids, max(id) AS last FROM events`);
    expect(rows).toEqual([{ n: 15, ids: 15, last: 15 }]);
    const third = await exportHistory(log, join(dir, 'out'));
    expect(third.ok && third.value.eventsExported).toBe(0);
  });

  it('refuses to append another (recreated) audit log to an export, whose ids would collide', async () => {
    const first = await exportHistory(log, join(dir, 'out'));
    if (!first.ok) throw new Error(first.message);
    await writeEvents(join(dir, 'other'), TIMELINE.slice(0, 2));
    const other = await openAuditLog(join(dir, 'other'));
    if (!other.ok) throw new Error(other.message);
    const mixed = await exportHistory(other.value, join(dir, 'out'));
    await other.value.close();
    expect(mixed.ok).toBe(false);
    expect(!mixed.ok && mixed.message).toMatch(/another \(or a recreated\) audit log/);
  });

  it('a data dir without an audit log is an error, and nothing is created there', async () => {
    const missing = await openAuditLog(join(dir, 'nowhere'));
    expect(missing.ok).toBe(false);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('recentEvents: the newest N that match, in reading order (oldest of them first)', async () => {
    const newest = await recentEvents(log, { limit: 3 });
    expect(newest.ok && newest.value.map((e) => e.id)).toEqual([11, 12, 13]);
    const velocityAndFreeze = await recentEvents(log, { limit: 10, endpoint: API, kinds: ['guard.velocity', 'freeze.started'], sinceMs: at('2025-10-19T23:45:00Z') });
    expect(velocityAndFreeze.ok && velocityAndFreeze.value.map((e) => e.kind)).toEqual(['guard.velocity', 'freeze.started']);
  });
});

async function writeEvents(dataDir: string, events: readonly DecisionEvent[]): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  const opened = await SqliteEventLog.open({ path: join(dataDir, 'events.db') });
  if (!opened.ok) throw new Error(opened.message);
  for (const event of events) opened.value.record(event);
  const closed = await opened.value.close();
  if (!closed.ok) throw new Error(closed.message);
}

async function sql(exportDir: string, query: string): Promise<readonly Record<string, unknown>[]> {
  const warehouse = await Warehouse.open();
  try {
    const attached = await warehouse.attachExport(exportDir);
    if (!attached.ok) throw new Error(attached.message);
    const answer = await warehouse.query(query);
    if (!answer.ok) throw new Error(answer.message);
    return answer.value.rows;
  } finally {
    warehouse.close();
  }
}

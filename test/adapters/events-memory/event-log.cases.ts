/**
 * Behaviour every EventLog shares (memory ring, SQLite table): ids, cursors, ordering, filters,
 * retention. Each implementation's test file runs these with its own `open`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_REASON_CHARS_MAX, type EventLog, type StoredEvent } from '../../../src/adapters/events-memory/event-log.js';
import { AssertionFailure } from '../../../src/core/model/assert.js';
import type { DecisionEvent } from '../../../src/core/ports/events.js';

export interface EventLogHarness {
  readonly log: EventLog;
  close(): Promise<void>;
}

const KINDS = ['plan.created', 'enact.applied', 'enact.conflict', 'health.transition'] as const;

export function sampleEvent(i: number): DecisionEvent {
  const base = { atMs: 1_000 + i * 10, kind: KINDS[i % KINDS.length]!, actor: i % 2 === 0 ? 'planner' : 'use1-az1', reason: `reason ${i}` };
  if (i % 3 === 0) return { ...base, endpoint: `e${i % 2}.example.test.`, generation: i, provider: 'embedded' };
  return base;
}

async function all(log: EventLog): Promise<readonly StoredEvent[]> {
  const result = await log.query({ limit: 10_000 });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

async function ids(log: EventLog, query: Parameters<EventLog['query']>[0]): Promise<number[]> {
  const result = await log.query(query);
  if (!result.ok) throw new Error(result.message);
  return result.value.map((e) => e.id);
}

export function describeEventLogCases(label: string, open: (retainedMax: number) => Promise<EventLogHarness>): void {
  describe(`EventLog: ${label}`, () => {
    let harness: EventLogHarness | null = null;
    const start = async (retainedMax = 1_000): Promise<EventLog> => {
      harness = await open(retainedMax);
      return harness.log;
    };
    afterEach(async () => {
      await harness?.close();
      harness = null;
    });

    it('keeps every field, with ascending ids in recording order, and omits absent optional fields', async () => {
      const log = await start();
      const events = Array.from({ length: 7 }, (_, i) => sampleEvent(i));
      for (const e of events) log.record(e);
      const stored = await all(log);
      expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual(events);
      const storedIds = stored.map((e) => e.id);
      expect(storedIds).toEqual([...storedIds].sort((a, b) => a - b));
      expect(new Set(storedIds).size).toBe(7);
      expect('endpoint' in stored[1]!).toBe(false);
    });

    it('pages through history with sinceId without gaps or repeats', async () => {
      const log = await start();
      for (let i = 0; i < 10; i++) log.record(sampleEvent(i));
      const seen: number[] = [];
      let cursor = 0;
      for (let page = 0; page < 10; page++) {
        const next = await ids(log, { sinceId: cursor, limit: 3 });
        if (next.length === 0) break;
        seen.push(...next);
        cursor = next[next.length - 1]!;
      }
      expect(seen).toEqual((await all(log)).map((e) => e.id));
      expect(seen).toHaveLength(10);
    });

    it('returns the newest first when asked, and pages back with beforeId', async () => {
      const log = await start();
      for (let i = 0; i < 10; i++) log.record(sampleEvent(i));
      const every = (await all(log)).map((e) => e.id);
      const newest = await ids(log, { order: 'newest-first', limit: 4 });
      expect(newest).toEqual(every.slice(-4).reverse());
      expect(await ids(log, { order: 'newest-first', beforeId: newest[3]!, limit: 2 })).toEqual(every.slice(-6, -4).reverse());
    });

    it('filters by kinds, endpoint and time range, together', async () => {
      const log = await start();
      const events = Array.from({ length: 24 }, (_, i) => sampleEvent(i));
      for (const e of events) log.record(e);
      const kinds = ['plan.created', 'enact.conflict'] as const;
      const byKind = await log.query({ kinds, limit: 100 });
      expect(byKind.ok && byKind.value.map((e) => e.reason)).toEqual(events.filter((e) => (kinds as readonly string[]).includes(e.kind)).map((e) => e.reason));
      const byEndpoint = await log.query({ endpoint: 'e0.example.test.', limit: 100 });
      expect(byEndpoint.ok && byEndpoint.value.map((e) => e.reason)).toEqual(events.filter((e) => e.endpoint === 'e0.example.test.').map((e) => e.reason));
      const combined = await log.query({ kinds: ['plan.created'], endpoint: 'e0.example.test.', fromAtMs: 1_050, toAtMs: 1_200, limit: 100 });
      const expected = events.filter((e) => e.kind === 'plan.created' && e.endpoint === 'e0.example.test.' && e.atMs >= 1_050 && e.atMs < 1_200);
      expect(expected.length).toBeGreaterThan(0);
      expect(combined.ok && combined.value.map((e) => e.reason)).toEqual(expected.map((e) => e.reason));
    });

    it('keeps only the newest events beyond its retention bound; ids are not reused', async () => {
      const log = await start(5);
      for (let i = 0; i < 12; i++) log.record(sampleEvent(i));
      const kept = await all(log);
      expect(kept.map((e) => e.reason)).toEqual([7, 8, 9, 10, 11].map((i) => `reason ${i}`));
      log.record(sampleEvent(12));
      const after = await all(log);
      expect(after).toHaveLength(5);
      expect(after[4]!.id).toBeGreaterThan(kept[4]!.id);
    });

    it('cuts a runaway reason to a bounded length', async () => {
      const log = await start();
      log.record({ ...sampleEvent(1), reason: 'x'.repeat(EVENT_REASON_CHARS_MAX * 3) });
      const [stored] = await all(log);
      expect(stored!.reason.length).toBeLessThan(EVENT_REASON_CHARS_MAX + 100);
      expect(stored!.reason).toContain(`cut from ${EVENT_REASON_CHARS_MAX * 3} chars`);
    });

    it('asserts on a query without a sane limit (a caller bug)', async () => {
      const log = await start();
      await expect(log.query({ limit: 0 })).rejects.toThrow(AssertionFailure);
      await expect(log.query({ limit: 1e9 })).rejects.toThrow(AssertionFailure);
    });
  });
}

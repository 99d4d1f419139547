import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../../src/adapters/events-memory/memory-event-log.js';
import { describeEventLogCases, sampleEvent } from './event-log.cases.js';

describeEventLogCases('memory ring', async (retainedMax) => ({ log: new MemoryEventLog(retainedMax), close: async () => undefined }));

describe('MemoryEventLog', () => {
  it('is a bounded ring: size stops at capacity and the oldest are overwritten', () => {
    const log = new MemoryEventLog(3);
    for (let i = 0; i < 2; i++) log.record(sampleEvent(i));
    expect(log.size).toBe(2);
    for (let i = 2; i < 1_000; i++) log.record(sampleEvent(i));
    expect(log.size).toBe(3);
    expect(log.querySync({ limit: 10 }).map((e) => e.id)).toEqual([998, 999, 1000]);
    expect(log.querySync({ sinceId: 998, limit: 10 }).map((e) => e.id)).toEqual([999, 1000]);
    expect(log.querySync({ sinceId: 5, beforeId: 1000, limit: 10 }).map((e) => e.id)).toEqual([998, 999]);
  });
});

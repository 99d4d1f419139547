/**
 * An in-memory EventLog: a ring of the newest `capacity` events. The oldest is overwritten when
 * the ring is full, which is this log's retention bound. For tests and the simulator (no I/O,
 * no timers, so it is deterministic under a virtual clock).
 */
import { assert } from '../../core/model/assert.js';
import { ok } from '../../core/ports/result.js';
import { assertValidQuery, boundedEvent, matchesQuery } from './event-log.js';
export const MEMORY_EVENT_LOG_CAPACITY_DEFAULT = 100_000;
export class MemoryEventLog {
    capacity;
    ring;
    nextId = 1;
    constructor(capacity = MEMORY_EVENT_LOG_CAPACITY_DEFAULT) {
        this.capacity = capacity;
        assert(Number.isSafeInteger(capacity) && capacity > 0, `event log capacity must be a positive integer, got ${capacity}`);
        this.ring = new Array(capacity);
    }
    record(event) {
        const id = this.nextId++;
        this.ring[id % this.capacity] = { ...boundedEvent(event), id };
    }
    /** How many events are held now (at most `capacity`). */
    get size() {
        return Math.min(this.nextId - 1, this.capacity);
    }
    async query(query) {
        return ok(this.querySync(query));
    }
    /** The same as `query`, synchronously: for the simulator and its checkers. */
    querySync(query) {
        assertValidQuery(query);
        const newestId = this.nextId - 1;
        // Only ids still in the ring and inside the cursor bounds are visited.
        const lowId = Math.max(1, newestId - this.capacity + 1, (query.sinceId ?? 0) + 1);
        const highId = Math.min(newestId, (query.beforeId ?? Number.POSITIVE_INFINITY) - 1);
        const found = [];
        const ascending = (query.order ?? 'ascending') === 'ascending';
        for (let step = 0; step <= highId - lowId && found.length < query.limit; step++) {
            const id = ascending ? lowId + step : highId - step;
            const event = this.ring[id % this.capacity];
            assert(event?.id === id, `event ring slot for id ${id} holds ${event?.id}`);
            if (matchesQuery(event, query))
                found.push(event);
        }
        return found;
    }
}
//# sourceMappingURL=memory-event-log.js.map
/**
 * The audit history (ARCHITECTURE §7): every DecisionEvent kept with an id, queryable to rebuild a
 * post-incident timeline. Two implementations share this API: SqliteEventLog (durable, the
 * default) and MemoryEventLog (a bounded ring, for tests and the simulator).
 *
 * Ids increase in the order events were recorded and are never reused, so `sinceId` is a cursor:
 * a reader that remembers the last id it saw misses nothing still retained.
 */
import { assert } from '../../core/model/assert.js';
export const EVENT_QUERY_LIMIT_MAX = 10_000;
/** Longer reasons are cut: one runaway message must not fill the log. */
export const EVENT_REASON_CHARS_MAX = 2_000;
export function assertValidQuery(query) {
    assert(Number.isSafeInteger(query.limit) && query.limit >= 1 && query.limit <= EVENT_QUERY_LIMIT_MAX, `event query limit must be 1..${EVENT_QUERY_LIMIT_MAX}, got ${query.limit}`);
    if (query.kinds !== undefined)
        assert(query.kinds.length > 0, 'event query kinds, when given, must not be empty');
}
export function matchesQuery(event, query) {
    if (query.sinceId !== undefined && event.id <= query.sinceId)
        return false;
    if (query.beforeId !== undefined && event.id >= query.beforeId)
        return false;
    if (query.kinds !== undefined && !query.kinds.includes(event.kind))
        return false;
    if (query.endpoint !== undefined && event.endpoint !== query.endpoint)
        return false;
    if (query.fromAtMs !== undefined && event.atMs < query.fromAtMs)
        return false;
    if (query.toAtMs !== undefined && event.atMs >= query.toAtMs)
        return false;
    return true;
}
/** The event as it will be kept: reason bounded, optional fields only when present. */
export function boundedEvent(event) {
    if (event.reason.length <= EVENT_REASON_CHARS_MAX)
        return event;
    return { ...event, reason: `${event.reason.slice(0, EVENT_REASON_CHARS_MAX)}… (cut from ${event.reason.length} chars)` };
}
//# sourceMappingURL=event-log.js.map
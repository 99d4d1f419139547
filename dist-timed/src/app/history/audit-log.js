/**
 * The durable audit log of a data directory (`<data-dir>/events.db`, written by `dnsplane up`),
 * opened for reading by the history commands. It is read directly, not through the HTTP API, so
 * that a post-incident timeline can be built while the process is down, or from a copy of the
 * data directory. SQLite in WAL mode lets this reader run beside a live `up`; only events `up`
 * recorded in the last flush interval (100 ms) are not yet visible.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EVENT_QUERY_LIMIT_MAX } from '../../adapters/events-memory/event-log.js';
import { SqliteEventLog } from '../../adapters/store-sqlite/sqlite-event-log.js';
import { assert } from '../../core/model/assert.js';
import { failure, ok } from '../../core/ports/result.js';
export const AUDIT_LOG_FILE = 'events.db';
/** One page when reading the whole log: the event log's own query bound. */
export const AUDIT_PAGE_EVENTS = EVENT_QUERY_LIMIT_MAX;
export async function openAuditLog(dataDir) {
    const path = join(resolve(dataDir), AUDIT_LOG_FILE);
    // Opening would create an empty log: a wrong --data-dir must say so instead.
    if (!existsSync(path))
        return failure('not-found', `no audit log at ${path} (is ${dataDir} the data directory of dnsplane up? see --data-dir)`, false);
    const opened = await SqliteEventLog.open({ path });
    if (!opened.ok)
        return failure(opened.code, `cannot open the audit log ${path}: ${opened.message}`, opened.retryable);
    const log = opened.value;
    return ok({ path, query: (query) => log.query(query), close: async () => { await log.close(); } });
}
/** The newest `limit` events that match, returned oldest first (reading order). */
export async function recentEvents(log, filter) {
    const found = await log.query({
        limit: filter.limit,
        order: 'newest-first',
        ...(filter.sinceMs === undefined ? {} : { fromAtMs: filter.sinceMs }),
        ...(filter.untilMs === undefined ? {} : { toAtMs: filter.untilMs }),
        ...(filter.kinds === undefined || filter.kinds.length === 0 ? {} : { kinds: filter.kinds }),
        ...(filter.endpoint === undefined ? {} : { endpoint: filter.endpoint }),
    });
    return found.ok ? ok([...found.value].reverse()) : found;
}
/**
 * Every event with an id above `afterId`, in pages of AUDIT_PAGE_EVENTS, in id order. The walk
 * is bounded by the log's own retention (it keeps at most its rowsMax newest rows).
 */
export async function* eventsAfter(log, afterId) {
    let cursor = afterId;
    for (;;) {
        const page = await log.query({ sinceId: cursor, limit: AUDIT_PAGE_EVENTS, order: 'ascending' });
        if (!page.ok || page.value.length === 0) {
            if (!page.ok)
                yield page;
            return;
        }
        const last = page.value[page.value.length - 1];
        assert(last.id > cursor, `audit log ids must increase: page after ${cursor} ended at ${last.id}`);
        cursor = last.id;
        yield page;
        if (page.value.length < AUDIT_PAGE_EVENTS)
            return;
    }
}
//# sourceMappingURL=audit-log.js.map
/**
 * The audit log of a running `dnsplane up`, read through its HTTP API (GET /history, read scope)
 * instead of from a data directory's file. It is the same AuditLog the history commands read
 * locally, so `history`, `history export` and `history sql` all work against an instance on
 * another machine (`--url URL` with a token), with the same filters and the same output.
 *
 * The route answers at most HISTORY_API_PAGE_EVENTS events a request; a larger query is read in
 * pages along the id cursor (sinceId forward, beforeId back), never more than the limit asked.
 */
import { assert } from '../core/model/assert.js';
import { failure, ok } from '../core/ports/result.js';
import { ApiRefused, ApiUnreachable, callApi } from './api-client.js';
import { UsageError } from './args.js';
/** The /history route's own limit per request (EVENTS_LIMIT_MAX in src/api/routes/history.ts). */
export const HISTORY_API_PAGE_EVENTS = 1000;
/** `pageEvents`: events asked for per request (smaller pages only in tests of the paging). */
export function auditLogOverApi(target, pageEvents = HISTORY_API_PAGE_EVENTS) {
    assert(Number.isSafeInteger(pageEvents) && pageEvents >= 1 && pageEvents <= HISTORY_API_PAGE_EVENTS, `a /history page is 1..${HISTORY_API_PAGE_EVENTS} events, got ${pageEvents}`);
    return {
        path: `${target.url}/history`,
        query: (query) => queryInPages(target, query, pageEvents),
        close: async () => undefined,
    };
}
async function queryInPages(target, query, pageEvents) {
    const newestFirst = query.order === 'newest-first';
    const found = [];
    // The query's own cursor first; then each full page moves it past the events already read.
    let next = query;
    // Bounded: every full page brings pageEvents more, and the limit is at most 10,000.
    while (found.length < query.limit) {
        const wanted = Math.min(pageEvents, query.limit - found.length);
        const page = await readPage(target, { ...next, limit: wanted });
        if (!page.ok)
            return page;
        found.push(...page.value);
        if (page.value.length < wanted)
            break;
        const last = page.value[page.value.length - 1].id;
        if (newestFirst) {
            assert(next.beforeId === undefined || last < next.beforeId, `GET /history newest-first must move back: ${last} after beforeId ${next.beforeId}`);
            next = { ...next, beforeId: last };
        }
        else {
            assert(next.sinceId === undefined || last > next.sinceId, `GET /history must move forward: ${last} after sinceId ${next.sinceId}`);
            next = { ...next, sinceId: last };
        }
    }
    return ok(found);
}
/** One request. The order is always explicit: without one the route answers "the newest N". */
async function readPage(target, query) {
    const params = new URLSearchParams({ limit: String(query.limit), order: query.order ?? 'ascending' });
    if (query.sinceId !== undefined)
        params.set('sinceId', String(query.sinceId));
    if (query.beforeId !== undefined)
        params.set('beforeId', String(query.beforeId));
    if (query.endpoint !== undefined)
        params.set('endpoint', query.endpoint);
    if (query.fromAtMs !== undefined)
        params.set('since', new Date(query.fromAtMs).toISOString());
    if (query.toAtMs !== undefined)
        params.set('until', new Date(query.toAtMs).toISOString());
    for (const kind of query.kinds ?? [])
        params.append('kind', kind);
    try {
        return ok(await callApi(target, `/history?${params.toString()}`));
    }
    catch (error) {
        if (error instanceof ApiRefused)
            return failure('refused', error.message, error.status === 429 || error.status === 503);
        if (error instanceof ApiUnreachable)
            return failure('unavailable', error.message, true);
        if (error instanceof UsageError)
            return failure('invalid', `GET /history refused the query: ${error.message}`, false);
        throw error;
    }
}
//# sourceMappingURL=history-over-api.js.map
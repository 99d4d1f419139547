/**
 * The audit history of a distributed deployment on etcd: every role process (Planners, every
 * zone's Enactor, the operator commands) appends its decisions here, so `dnsplane history` on any
 * machine with the config reads one timeline. API and ordering: src/adapters/events-memory/event-log.ts,
 * the same shared cases as the memory ring and SQLite.
 *
 *     P events/seq          the highest id handed out (a counter)
 *     P events/log/<id>     one DecisionEvent as JSON; <id> zero-padded, so key order is id order
 *
 * Ids come from the counter: a flush reads it and writes its batch under the next ids in one txn
 * that compares the counter's revision, so two processes flushing at once never share an id and
 * ids follow the order in which batches were committed. Retention: after a flush, events more
 * than `eventsMax` ids older than the newest are deleted (one range delete); etcd needs its
 * auto-compaction on to give the space back (docs/distributed.md).
 *
 * Like the SQLite log, `record` never waits: events collect in a pending batch written
 * `flushIntervalMs` after the first one; while etcd is unreachable at most `pendingMax` wait and
 * the oldest beyond that are dropped and counted.
 */
import { assert } from '../../core/model/assert.js';
import { failure, ok } from '../../core/ports/result.js';
import { assertValidQuery, boundedEvent, matchesQuery } from '../events-memory/event-log.js';
import { compare, op, prefixEnd, rangeResult } from './etcd-connection.js';
const SEQ_KEY = 'events/seq';
const LOG_PREFIX = 'events/log/';
const ID_DIGITS = 16;
/** etcd refuses a txn with more than 128 operations (--max-txn-ops): events per txn, plus the counter and the trim. */
const EVENTS_PER_TXN_MAX = 100;
/** Counter races with other writers before a flush gives up until the next interval. */
const SEQ_ATTEMPTS_MAX = 8;
/** Keys read per page when a query filters (kinds, endpoint, time): etcd cannot filter values. */
const QUERY_PAGE_KEYS = 500;
export const ETCD_EVENT_LOG_DEFAULTS = {
    /** Retention: the newest this many ids are kept (etcd is a small store; export for more). */
    eventsMax: 50_000,
    flushIntervalMs: 250,
    pendingMax: 10_000,
};
export class EtcdEventLog {
    etcd;
    pending = [];
    flushTimer = null;
    flushing = null;
    dropped = 0;
    lastFlushError = null;
    eventsMax;
    flushIntervalMs;
    pendingMax;
    constructor(etcd, options = {}) {
        this.etcd = etcd;
        this.eventsMax = options.eventsMax ?? ETCD_EVENT_LOG_DEFAULTS.eventsMax;
        this.flushIntervalMs = options.flushIntervalMs ?? ETCD_EVENT_LOG_DEFAULTS.flushIntervalMs;
        this.pendingMax = options.pendingMax ?? ETCD_EVENT_LOG_DEFAULTS.pendingMax;
        assert(Number.isSafeInteger(this.eventsMax) && this.eventsMax >= 1, `eventsMax must be a positive integer, got ${this.eventsMax}`);
        assert(this.pendingMax >= EVENTS_PER_TXN_MAX, `pendingMax (${this.pendingMax}) must hold one txn of events (${EVENTS_PER_TXN_MAX})`);
    }
    record(event) {
        this.pending.push(boundedEvent(event));
        this.dropOverflow();
        this.armFlushTimer();
    }
    /** Writes every pending event (one flush at a time; a call during a flush waits, then writes what came meanwhile). */
    async flush() {
        while (this.flushing !== null)
            await this.flushing;
        this.clearTimer();
        if (this.pending.length === 0)
            return ok(undefined);
        this.flushing = this.writePending();
        try {
            return await this.flushing;
        }
        finally {
            this.flushing = null;
        }
    }
    async query(query) {
        assertValidQuery(query);
        // What this process recorded before the query is part of its answer.
        const flushed = await this.flush();
        if (!flushed.ok)
            return flushed;
        const newestFirst = (query.order ?? 'ascending') === 'newest-first';
        let start = this.idKey(Math.max(0, query.sinceId ?? 0) + 1);
        let end = query.beforeId === undefined ? prefixEnd(this.etcd.key(LOG_PREFIX)) : this.idKey(Math.max(0, query.beforeId));
        const found = [];
        // Pages of keys in id order (or reverse); each page narrows the range past what it read.
        // The walk is bounded by the retention: at most eventsMax keys exist.
        for (let pages = 0; pages <= Math.ceil(this.eventsMax / QUERY_PAGE_KEYS) + 1 && found.length < query.limit; pages++) {
            const page = await this.page(start, end, newestFirst);
            if (!page.ok)
                return page;
            for (const kv of page.value) {
                const event = parseEvent(kv, this.etcd.prefix.length + LOG_PREFIX.length);
                if (event === null)
                    return failure('corrupt', `audit event ${kv.key.toString('utf8')} does not decode; delete it with etcdctl del`, true);
                if (matchesQuery(event, query))
                    found.push(event);
                if (found.length >= query.limit)
                    break;
            }
            if (page.value.length < QUERY_PAGE_KEYS)
                break;
            const last = page.value[page.value.length - 1].key;
            if (newestFirst)
                end = last;
            else
                start = Buffer.concat([last, Buffer.from([0])]);
        }
        return ok(found);
    }
    stats() {
        return { pending: this.pending.length, dropped: this.dropped, lastFlushError: this.lastFlushError };
    }
    /** Flushes what is pending (once) and stops the timer; the connection is the caller's to close. */
    async close() {
        const flushed = await this.flush();
        this.clearTimer();
        if (!flushed.ok)
            this.dropped += this.pending.splice(0).length;
        return flushed;
    }
    async page(start, end, newestFirst) {
        if (Buffer.compare(start, end) >= 0)
            return ok([]);
        return this.etcd.range('query events', {
            key: start, range_end: end, limit: QUERY_PAGE_KEYS, sort_target: 'Key', sort_order: newestFirst ? 'Descend' : 'Ascend',
        });
    }
    async writePending() {
        while (this.pending.length > 0) {
            const batch = this.pending.slice(0, EVENTS_PER_TXN_MAX);
            const written = await this.append(batch);
            if (!written.ok) {
                this.lastFlushError = written.message;
                this.armFlushTimer();
                return written;
            }
            // Only now: events recorded during the write were pushed behind the batch.
            this.pending.splice(0, batch.length);
        }
        this.lastFlushError = null;
        return ok(undefined);
    }
    /** One txn: the counter moves by the batch, each event gets its id, events past the retention go. */
    async append(batch) {
        const seqKey = this.etcd.key(SEQ_KEY);
        for (let attempt = 0; attempt < SEQ_ATTEMPTS_MAX; attempt++) {
            const read = await this.etcd.txn('event counter', [], [op.get(seqKey)]);
            if (!read.ok)
                return read;
            const seqKv = rangeResult(read.value, 0);
            const seq = seqKv === null ? 0 : Number(seqKv.value.toString('utf8'));
            if (!Number.isSafeInteger(seq) || seq < 0)
                return failure('corrupt', `${SEQ_KEY} holds '${seqKv?.value.toString('utf8') ?? ''}', not a counter`, true);
            const newest = seq + batch.length;
            // etcd refuses a txn whose put falls inside its own delete range: events of this batch
            // already past the retention are not written, and the trim covers only older keys.
            const cutBelow = newest - this.eventsMax + 1;
            const puts = batch.flatMap((event, i) => (seq + 1 + i < cutBelow ? [] : [op.put(this.idKey(seq + 1 + i), JSON.stringify({ ...event, atMs: Math.round(event.atMs) }))]));
            const trimEnd = Math.min(cutBelow, seq + 1);
            const trim = trimEnd > 1 ? [op.deleteRange(this.etcd.key(LOG_PREFIX), this.idKey(trimEnd))] : [];
            const written = await this.etcd.txn('append events', [compare.modRevision(seqKey, seqKv?.mod_revision ?? 0)], [...puts, op.put(seqKey, String(newest)), ...trim]);
            if (!written.ok)
                return written;
            if (written.value.succeeded)
                return ok(undefined);
        }
        return failure('unavailable', `etcd audit log: other writers kept moving ${SEQ_KEY} during ${SEQ_ATTEMPTS_MAX} attempts`, true);
    }
    idKey(id) {
        return this.etcd.key(LOG_PREFIX + String(id).padStart(ID_DIGITS, '0'));
    }
    dropOverflow() {
        const excess = this.pending.length - this.pendingMax;
        if (excess <= 0)
            return;
        // While a flush is writing the head of the queue, drop from just behind it.
        const keep = this.flushing === null ? 0 : Math.min(EVENTS_PER_TXN_MAX, this.pending.length - excess);
        this.pending.splice(keep, excess);
        this.dropped += excess;
    }
    armFlushTimer() {
        if (this.flushTimer !== null || this.pending.length === 0)
            return;
        this.flushTimer = setTimeout(() => {
            this.flushTimer = null;
            void this.flush();
        }, this.flushIntervalMs);
        // A pending audit batch must not keep a finished process alive; close() flushes it.
        this.flushTimer.unref();
    }
    clearTimer() {
        if (this.flushTimer === null)
            return;
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
    }
}
function parseEvent(kv, idOffset) {
    const id = Number(kv.key.toString('utf8').slice(idOffset));
    if (!Number.isSafeInteger(id) || id <= 0)
        return null;
    try {
        const e = JSON.parse(kv.value.toString('utf8'));
        if (e === null || typeof e.kind !== 'string' || typeof e.actor !== 'string' || typeof e.reason !== 'string' || !Number.isFinite(e.atMs))
            return null;
        return {
            id, atMs: e.atMs, kind: e.kind, actor: e.actor, reason: e.reason,
            ...(typeof e.endpoint === 'string' ? { endpoint: e.endpoint } : {}),
            ...(typeof e.generation === 'number' ? { generation: e.generation } : {}),
            ...(typeof e.provider === 'string' ? { provider: e.provider } : {}),
        };
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=etcd-event-log.js.map
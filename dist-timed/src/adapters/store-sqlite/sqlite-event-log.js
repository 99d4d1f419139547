/**
 * The durable audit history: an append-only SQLite table of DecisionEvents (API and ordering in
 * src/adapters/events-memory/event-log.ts). It may share the plan store's file or have its own.
 *
 * `record` only appends to an in-memory batch: core components call it on their hot paths and
 * must never wait for a disk. The batch is written in one transaction (one fsync) when it reaches
 * `flushBatchMax` events, `flushIntervalMs` after its first event, and on `flush()`/`close()`.
 * Events recorded in the last interval before a kill -9 are therefore lost; everything flushed
 * survives a process crash. The connection uses synchronous=NORMAL (WAL): a flush does not wait
 * for an fsync, which halves its cost on the event loop; a power loss may drop the last flushed
 * batches (the plan store, whose writes must never be lost, uses FULL).
 *
 * If the database cannot be written (locked, I/O error), the batch stays pending and is retried
 * at the next flush; at most `pendingMax` events wait, beyond that the oldest are dropped and
 * counted in `stats().dropped` — the audit log must not grow memory without bound while the
 * disk is gone. Retention: after each flush, rows beyond the newest `rowsMax` are deleted.
 */
import { assert } from '../../core/model/assert.js';
import { failure, ok } from '../../core/ports/result.js';
import { assertValidQuery, boundedEvent } from '../events-memory/event-log.js';
import { BUSY_WAIT_MS_DEFAULT, migrate, openSqlite, runOnce, runWithBusyRetry } from './sqlite-connection.js';
export const EVENT_LOG_MIGRATIONS = [
    {
        version: 1,
        sql: `
      CREATE TABLE events (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms      INTEGER NOT NULL,
        kind       TEXT    NOT NULL,
        actor      TEXT    NOT NULL,
        reason     TEXT    NOT NULL,
        endpoint   TEXT,
        generation INTEGER,
        provider   TEXT
      ) STRICT;
      CREATE INDEX events_by_kind ON events (kind, id);
      CREATE INDEX events_by_endpoint ON events (endpoint, id) WHERE endpoint IS NOT NULL;
      CREATE INDEX events_by_time ON events (at_ms);
    `,
    },
];
export const EVENT_LOG_DEFAULTS = {
    rowsMax: 1_000_000,
    flushIntervalMs: 100,
    flushBatchMax: 500,
    pendingMax: 50_000,
};
export class SqliteEventLog {
    db;
    settings;
    pending = [];
    flushTimer = null;
    flushing = null;
    dropped = 0;
    lastFlushError = null;
    closed = false;
    constructor(db, settings) {
        this.db = db;
        this.settings = settings;
    }
    static async open(options) {
        const settings = {
            busyWaitMs: options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT,
            rowsMax: options.rowsMax ?? EVENT_LOG_DEFAULTS.rowsMax,
            flushIntervalMs: options.flushIntervalMs ?? EVENT_LOG_DEFAULTS.flushIntervalMs,
            flushBatchMax: options.flushBatchMax ?? EVENT_LOG_DEFAULTS.flushBatchMax,
            pendingMax: options.pendingMax ?? EVENT_LOG_DEFAULTS.pendingMax,
        };
        assert(settings.rowsMax >= 1 && settings.flushBatchMax >= 1 && settings.flushIntervalMs >= 0, 'event log limits must be positive');
        assert(settings.pendingMax >= settings.flushBatchMax, `pendingMax (${settings.pendingMax}) must hold at least one batch (${settings.flushBatchMax})`);
        const db = await openSqlite({ path: options.path, busyWaitMs: settings.busyWaitMs, synchronous: 'NORMAL' });
        if (!db.ok)
            return db;
        const migrated = await migrate(db.value, settings.busyWaitMs, 'events', EVENT_LOG_MIGRATIONS);
        if (!migrated.ok) {
            db.value.close();
            return migrated;
        }
        return ok(new SqliteEventLog(db.value, settings));
    }
    record(event) {
        if (this.closed) {
            this.dropped++;
            return;
        }
        this.pending.push(boundedEvent(event));
        this.dropOverflow();
        // After a failed write, only the timer's flush retries: a locked database must not make
        // every record() call pay for another failing attempt.
        if (this.pending.length >= this.settings.flushBatchMax && this.lastFlushError === null)
            this.writeNowOnce();
        if (this.pending.length > 0)
            this.armFlushTimer();
    }
    /**
     * Writes every pending event. One flush runs at a time; a call during a flush waits for it and
     * then writes what arrived meanwhile. The first attempt runs synchronously within this call.
     */
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
        // What was recorded before the query is part of its answer.
        const flushed = await this.flush();
        if (!flushed.ok)
            return flushed;
        const { sql, params } = querySql(query);
        const rows = await runWithBusyRetry(this.db, this.settings.busyWaitMs, 'query events', () => this.db.prepare(sql).all(...params));
        if (!rows.ok)
            return rows;
        return ok(rows.value.map(toStoredEvent));
    }
    stats() {
        return { pending: this.pending.length, dropped: this.dropped, lastFlushError: this.lastFlushError };
    }
    /** Flushes what is pending, then closes. Later `record` calls are counted as dropped. */
    async close() {
        if (this.closed)
            return ok(undefined);
        const flushed = await this.flush();
        this.closed = true;
        this.clearTimer();
        if (this.db.open)
            this.db.close();
        if (!flushed.ok)
            this.dropped += this.pending.splice(0).length;
        return flushed.ok ? ok(undefined) : failure('unavailable', `event log closed with ${this.dropped} events unwritten: ${flushed.message}`, false);
    }
    /**
     * A full batch is written within the record() call that filled it, with one attempt and no
     * waiting: record() is synchronous, and an async flush would only start after the caller's
     * current task, letting a burst grow the batch without bound. If the attempt fails (locked),
     * the batch stays pending for the timer's flush, which retries. While an async flush is in
     * progress nothing is written here, so ids keep the order of recording.
     */
    writeNowOnce() {
        if (this.flushing !== null)
            return;
        const batch = this.pending;
        this.pending = [];
        const written = runOnce(this.db, 'write events', () => this.insertAndTrim(batch));
        if (written.ok) {
            this.lastFlushError = null;
            return;
        }
        this.pending = batch;
        this.lastFlushError = written.message;
    }
    armFlushTimer() {
        if (this.flushTimer !== null || this.closed)
            return;
        this.flushTimer = setTimeout(() => void this.flush(), this.settings.flushIntervalMs);
        // A pending audit batch must not keep a finished process alive; close() flushes it.
        this.flushTimer.unref();
    }
    async writePending() {
        const batch = this.pending;
        this.pending = [];
        const written = await runWithBusyRetry(this.db, this.settings.busyWaitMs, 'write events', () => this.insertAndTrim(batch));
        if (written.ok) {
            this.lastFlushError = null;
            return ok(undefined);
        }
        // Keep the batch, ahead of anything recorded meanwhile, for the next flush.
        this.pending = [...batch, ...this.pending];
        this.dropOverflow();
        this.lastFlushError = written.message;
        this.armFlushTimer();
        return written;
    }
    insertAndTrim(batch) {
        const insert = this.db.prepare('INSERT INTO events (at_ms, kind, actor, reason, endpoint, generation, provider) VALUES (?, ?, ?, ?, ?, ?, ?)');
        // Keep the newest rowsMax. Ids are contiguous (AUTOINCREMENT, rows only leave from the old
        // end), so the cut is an index range: O(log n) to find, unlike OFFSET which steps through rows.
        const trim = this.db.prepare('DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?');
        this.db.transaction(() => {
            // Whole milliseconds: a fractional atMs (a virtual clock) must not be refused by the STRICT
            // INTEGER column, which would leave the batch failing on every retry.
            for (const e of batch)
                insert.run(Math.round(e.atMs), e.kind, e.actor, e.reason, e.endpoint ?? null, e.generation ?? null, e.provider ?? null);
            trim.run(this.settings.rowsMax);
        }).immediate();
    }
    dropOverflow() {
        const excess = this.pending.length - this.settings.pendingMax;
        if (excess <= 0)
            return;
        this.pending.splice(0, excess);
        this.dropped += excess;
    }
    clearTimer() {
        if (this.flushTimer === null)
            return;
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
    }
}
function querySql(query) {
    const where = [];
    const params = [];
    const add = (clause, ...values) => {
        where.push(clause);
        params.push(...values);
    };
    if (query.sinceId !== undefined)
        add('id > ?', query.sinceId);
    if (query.beforeId !== undefined)
        add('id < ?', query.beforeId);
    if (query.kinds !== undefined)
        add(`kind IN (${query.kinds.map(() => '?').join(', ')})`, ...query.kinds);
    if (query.endpoint !== undefined)
        add('endpoint = ?', query.endpoint);
    if (query.fromAtMs !== undefined)
        add('at_ms >= ?', query.fromAtMs);
    if (query.toAtMs !== undefined)
        add('at_ms < ?', query.toAtMs);
    const order = (query.order ?? 'ascending') === 'ascending' ? 'ASC' : 'DESC';
    const sql = `SELECT id, at_ms, kind, actor, reason, endpoint, generation, provider FROM events${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} LIMIT ?`;
    return { sql, params: [...params, query.limit] };
}
function toStoredEvent(row) {
    return {
        id: row.id,
        atMs: row.at_ms,
        // Only dnsplane writes this table, and only DecisionKinds.
        kind: row.kind,
        actor: row.actor,
        reason: row.reason,
        ...(row.endpoint !== null ? { endpoint: row.endpoint } : {}),
        ...(row.generation !== null ? { generation: row.generation } : {}),
        ...(row.provider !== null ? { provider: row.provider } : {}),
    };
}
//# sourceMappingURL=sqlite-event-log.js.map
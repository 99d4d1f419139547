/**
 * Opening a SQLite database the way every dnsplane table expects it, and turning database
 * failures into typed results.
 *
 * - WAL mode, so readers (Enactors polling `latest`) never wait for a writer.
 * - `synchronous=FULL`: every commit is fsynced to the WAL before it returns, so a generation
 *   reported as created survives `kill -9` and power loss.
 * - Lock waits are asynchronous. better-sqlite3 is synchronous, and SQLite's own busy handler
 *   sleeps inside the call, which would freeze the whole Node process (in `dnsplane up` that
 *   includes the embedded DNS server). So the native busy_timeout is kept tiny and the wait
 *   for a lock happens here, between attempts, with the event loop free.
 * - Schema versions per component (plans, events) in one table, so the plan store and the event
 *   log may share a file or use separate ones.
 */
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssertionFailure } from '../../core/model/assert.js';
import { failure, ok } from '../../core/ports/result.js';
export const BUSY_WAIT_MS_DEFAULT = 2_000;
/** SQLite's own (blocking) wait per attempt; short so the event loop is never held for long. */
const NATIVE_BUSY_TIMEOUT_MS = 5;
const RETRY_PAUSE_MS_MIN = 1;
const RETRY_PAUSE_MS_MAX = 25;
/** After a checkpoint, the WAL file is truncated to at most this size (large plans pass through it). */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** A failure of the database itself: a lock held past the wait, an I/O error, a closed handle. */
export function unavailable(message) {
    return failure('unavailable', message, true);
}
function isBusy(error) {
    return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}
/**
 * Which thrown values mean "the database failed" (an expected, retryable condition) rather than
 * "dnsplane has a bug". Bugs are rethrown so they crash loudly.
 */
function isDatabaseFailure(error, db) {
    if (error instanceof AssertionFailure)
        return false;
    if (error instanceof Database.SqliteError)
        return true;
    // better-sqlite3 throws a TypeError for any call on a closed connection.
    return db !== null && !db.open;
}
function describe(error) {
    if (error instanceof Database.SqliteError)
        return `${error.code}: ${error.message}`;
    return error instanceof Error ? error.message : String(error);
}
/**
 * Runs one synchronous database operation once. A database failure (busy included) becomes a
 * retryable 'unavailable' Failure; anything else is a bug and is rethrown.
 */
export function runOnce(db, what, operation) {
    try {
        return ok(operation());
    }
    catch (error) {
        if (!isDatabaseFailure(error, db))
            throw error;
        return { ...unavailable(`sqlite ${what}: ${describe(error)}`), busy: isBusy(error) };
    }
}
/**
 * Runs one synchronous database operation (usually one transaction), retrying while another
 * connection holds the lock, for at most `busyWaitMs`, with the event loop free between attempts.
 */
export async function runWithBusyRetry(db, busyWaitMs, what, operation) {
    const deadlineMs = performance.now() + busyWaitMs;
    for (let attempt = 1;; attempt++) {
        const result = runOnce(db, what, operation);
        if (result.ok)
            return result;
        if (result.busy !== true)
            return failure(result.code, result.message, result.retryable);
        if (performance.now() >= deadlineMs)
            return unavailable(`${result.message} (lock not free within ${busyWaitMs} ms, ${attempt} attempts)`);
        await sleep(Math.min(RETRY_PAUSE_MS_MAX, RETRY_PAUSE_MS_MIN * 2 ** Math.min(attempt, 5)));
    }
}
/** Opens (creating if needed) a database in WAL mode with full synchronous commits. */
export async function openSqlite(options) {
    const busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT;
    let db;
    try {
        db = new Database(options.path, { timeout: NATIVE_BUSY_TIMEOUT_MS });
    }
    catch (error) {
        return unavailable(`sqlite open ${options.path}: ${describe(error)}`);
    }
    const configured = await runWithBusyRetry(db, busyWaitMs, 'configure', () => {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal')
            throw new Database.SqliteError(`journal_mode is '${String(mode)}', WAL required`, 'SQLITE_CANTOPEN');
        db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
        db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
        db.pragma('foreign_keys = ON');
    });
    if (!configured.ok) {
        db.close();
        return configured;
    }
    return ok(db);
}
/**
 * Brings one component's tables to the newest schema, in one IMMEDIATE transaction so that two
 * processes opening a fresh file at once cannot both apply a step. A database written by a newer
 * dnsplane (a version above the newest known) is refused rather than guessed at.
 */
export async function migrate(db, busyWaitMs, component, migrations) {
    migrations.forEach((m, i) => {
        if (m.version !== i + 1)
            throw new AssertionFailure(`migrations of ${component} must be numbered 1, 2, ...; found ${m.version} at ${i}`);
    });
    const newest = migrations.length;
    const applied = await runWithBusyRetry(db, busyWaitMs, `migrate ${component}`, () => db.transaction(() => {
        db.exec('CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
        const row = db.prepare('SELECT version FROM schema_versions WHERE component = ?').get(component);
        const current = row?.version ?? 0;
        if (current > newest)
            return current;
        for (const m of migrations.slice(current))
            db.exec(m.sql);
        db.prepare('INSERT INTO schema_versions (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version').run(component, newest);
        return newest;
    }).immediate());
    if (!applied.ok)
        return applied;
    if (applied.value > newest) {
        return failure('incompatible', `${component} schema version ${applied.value} is newer than this dnsplane knows (${newest})`, false);
    }
    return applied;
}
//# sourceMappingURL=sqlite-connection.js.map
import { failure, ok } from '../../core/ports/result.js';
import { BUSY_WAIT_MS_DEFAULT, migrate, openSqlite, runWithBusyRetry } from './sqlite-connection.js';
const MIGRATIONS = [{
        version: 1,
        sql: `CREATE TABLE operator_controls (
          id            TEXT    PRIMARY KEY,
          kind          TEXT    NOT NULL,
          target        TEXT    NOT NULL,
          reason        TEXT    NOT NULL,
          by_whom       TEXT    NOT NULL,
          created_at_ms INTEGER NOT NULL,
          expires_at_ms INTEGER
        ) STRICT;`,
    }];
export class SqliteControlStore {
    db;
    busyWaitMs;
    constructor(db, busyWaitMs) {
        this.db = db;
        this.busyWaitMs = busyWaitMs;
    }
    static async open(options) {
        const busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT;
        const db = await openSqlite({ path: options.path, busyWaitMs });
        if (!db.ok)
            return db;
        const migrated = await migrate(db.value, busyWaitMs, 'controls', MIGRATIONS);
        if (!migrated.ok) {
            db.value.close();
            return migrated;
        }
        return ok(new SqliteControlStore(db.value, busyWaitMs));
    }
    list() {
        return runWithBusyRetry(this.db, this.busyWaitMs, 'list controls', () => this.db.prepare('SELECT * FROM operator_controls ORDER BY created_at_ms, id').all().map(fromRow));
    }
    async add(control) {
        const inserted = await runWithBusyRetry(this.db, this.busyWaitMs, 'add control', () => this.db.prepare('INSERT INTO operator_controls VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
            .run(control.id, control.kind, control.target, control.reason, control.by, control.createdAtMs, control.expiresAtMs).changes);
        if (!inserted.ok)
            return inserted;
        return inserted.value === 1 ? ok(undefined) : failure('exists', `control ${control.id} exists`, false);
    }
    remove(kind, target) {
        return runWithBusyRetry(this.db, this.busyWaitMs, 'remove controls', () => this.db.transaction(() => {
            const rows = this.db.prepare('SELECT * FROM operator_controls WHERE kind = ? AND target = ? ORDER BY created_at_ms, id').all(kind, target);
            this.db.prepare('DELETE FROM operator_controls WHERE kind = ? AND target = ?').run(kind, target);
            return rows.map(fromRow);
        }).immediate());
    }
    prune(beforeMs) {
        return runWithBusyRetry(this.db, this.busyWaitMs, 'prune controls', () => this.db.prepare('DELETE FROM operator_controls WHERE expires_at_ms IS NOT NULL AND expires_at_ms < ?').run(beforeMs).changes);
    }
    close() {
        if (this.db.open)
            this.db.close();
    }
}
function fromRow(row) {
    return {
        id: row.id, kind: row.kind, target: row.target, reason: row.reason, by: row.by_whom,
        createdAtMs: row.created_at_ms, expiresAtMs: row.expires_at_ms,
    };
}
//# sourceMappingURL=sqlite-control-store.js.map
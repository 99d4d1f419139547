/**
 * ControlStore on SQLite: operator overrides and freezes survive restarts. It may share a file
 * with the plan store (schema versions are per component) or use its own.
 */
import type { ControlStore } from '../../core/ports/control-store.js';
import type { ControlKind, OperatorControl } from '../../core/safety/operator-controls.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { BUSY_WAIT_MS_DEFAULT, migrate, openSqlite, runWithBusyRetry, type SqliteDatabase } from './sqlite-connection.js';

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

interface Row { id: string; kind: string; target: string; reason: string; by_whom: string; created_at_ms: number; expires_at_ms: number | null }

export class SqliteControlStore implements ControlStore {
  private constructor(private readonly db: SqliteDatabase, private readonly busyWaitMs: number) {}

  static async open(options: { path: string; busyWaitMs?: number }): Promise<Result<SqliteControlStore>> {
    const busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT;
    const db = await openSqlite({ path: options.path, busyWaitMs });
    if (!db.ok) return db;
    const migrated = await migrate(db.value, busyWaitMs, 'controls', MIGRATIONS);
    if (!migrated.ok) {
      db.value.close();
      return migrated;
    }
    return ok(new SqliteControlStore(db.value, busyWaitMs));
  }

  list(): Promise<Result<readonly OperatorControl[]>> {
    return runWithBusyRetry(this.db, this.busyWaitMs, 'list controls', () =>
      this.db.prepare<[], Row>('SELECT * FROM operator_controls ORDER BY created_at_ms, id').all().map(fromRow));
  }

  async add(control: OperatorControl): Promise<Result<void>> {
    const inserted = await runWithBusyRetry(this.db, this.busyWaitMs, 'add control', () =>
      this.db.prepare('INSERT INTO operator_controls VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
        .run(control.id, control.kind, control.target, control.reason, control.by, control.createdAtMs, control.expiresAtMs).changes);
    if (!inserted.ok) return inserted;
    return inserted.value === 1 ? ok(undefined) : failure('exists', `control ${control.id} exists`, false);
  }

  remove(kind: ControlKind, target: string): Promise<Result<readonly OperatorControl[]>> {
    return runWithBusyRetry(this.db, this.busyWaitMs, 'remove controls', () => this.db.transaction(() => {
      const rows = this.db.prepare<[string, string], Row>('SELECT * FROM operator_controls WHERE kind = ? AND target = ? ORDER BY created_at_ms, id').all(kind, target);
      this.db.prepare('DELETE FROM operator_controls WHERE kind = ? AND target = ?').run(kind, target);
      return rows.map(fromRow);
    }).immediate());
  }

  prune(beforeMs: number): Promise<Result<number>> {
    return runWithBusyRetry(this.db, this.busyWaitMs, 'prune controls', () =>
      this.db.prepare('DELETE FROM operator_controls WHERE expires_at_ms IS NOT NULL AND expires_at_ms < ?').run(beforeMs).changes);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: Row): OperatorControl {
  return {
    id: row.id, kind: row.kind as ControlKind, target: row.target, reason: row.reason, by: row.by_whom,
    createdAtMs: row.created_at_ms, expiresAtMs: row.expires_at_ms,
  };
}

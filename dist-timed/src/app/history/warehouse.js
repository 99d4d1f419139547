/**
 * An in-process DuckDB over an exported history directory (see parquet-export.ts for its layout).
 * `history sql` and the export itself run their SQL here. The session's time zone is UTC, so a
 * timestamp literal without a zone and the date partitions mean the same instant everywhere.
 *
 * Tables a query sees (views over the Parquet files; nothing is loaded up front):
 *   events            the audit log, compacted, with `live` (generation live per provider) and
 *                     `newest_plan` at each event — the curated layer
 *   raw_events        the audit log exactly as exported, one file per export and date
 *   live_generations  per endpoint and provider: which generation was live from when until when
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { failure, ok } from '../../core/ports/result.js';
/** Rows a query may return to the CLI; a bigger answer wants LIMIT or COPY … TO. */
export const QUERY_ROWS_MAX = 100_000;
export class Warehouse {
    instance;
    connection;
    constructor(instance, connection) {
        this.instance = instance;
        this.connection = connection;
    }
    static async open() {
        // Loaded here, not at import: every other command (up, status) would pay for the native library.
        const { DuckDBInstance } = await import('@duckdb/node-api');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await connection.run(`SET TimeZone = 'UTC'`);
        return new Warehouse(instance, connection);
    }
    /** Defines the views of an export directory (the layers that exist there). */
    async attachExport(dir) {
        const views = [];
        const curated = join(dir, 'curated', 'events');
        if (hasParquetBelow(curated)) {
            await this.connection.run(`CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet(${sqlText(join(curated, '*', '*.parquet'))}, hive_partitioning = true)`);
            views.push('events');
        }
        const raw = join(dir, 'raw');
        if (hasParquetBelow(raw)) {
            await this.connection.run(`CREATE OR REPLACE VIEW raw_events AS SELECT * FROM read_parquet(${sqlText(join(raw, '*', '*.parquet'))}, hive_partitioning = true)`);
            views.push('raw_events');
        }
        const live = join(dir, 'curated', 'live_generations.parquet');
        if (existsSync(live)) {
            await this.connection.run(`CREATE OR REPLACE VIEW live_generations AS SELECT * FROM read_parquet(${sqlText(live)})`);
            views.push('live_generations');
        }
        if (!views.includes('events'))
            return failure('not-found', `no exported history in ${dir} (expected curated/events/date=…/*.parquet; run dnsplane history export --out ${dir})`, false);
        return ok(views);
    }
    /** Runs one statement (or several; the last one's rows are the answer). */
    async query(sql) {
        let reader;
        try {
            reader = await this.connection.runAndReadUntil(sql, QUERY_ROWS_MAX + 1);
        }
        catch (error) {
            // DuckDB's own message names the problem and the position: it is the user's SQL.
            return failure('sql', error instanceof Error ? error.message : String(error), false);
        }
        return ok(answerOf(reader));
    }
    close() {
        this.connection.closeSync();
        this.instance.closeSync();
    }
}
function answerOf(reader) {
    const names = reader.columnNames();
    const types = reader.columnTypes().map((type) => type.toString());
    const truncated = reader.currentRowCount > QUERY_ROWS_MAX;
    const json = reader.getRowObjectsJson().slice(0, QUERY_ROWS_MAX);
    const values = reader.getRows().slice(0, QUERY_ROWS_MAX);
    const rows = json.map((row) => Object.fromEntries(names.map((name, i) => [name, jsonValue(row[name], types[i])])));
    const text = values.map((row) => row.map((value) => (value === null ? '' : String(value))));
    return { columns: names.map((name, i) => ({ name, type: types[i] })), rows, text, truncated };
}
const INTEGER_TYPES = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'UINTEGER', 'USMALLINT', 'UTINYINT']);
/** DuckDB's JSON form writes 64-bit integers as strings; a safe one reads better as a number. */
function jsonValue(value, type) {
    if (typeof value === 'string' && INTEGER_TYPES.has(type)) {
        const number = Number(value);
        return Number.isSafeInteger(number) ? number : value;
    }
    return value;
}
function hasParquetBelow(dir) {
    if (!existsSync(dir))
        return false;
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((name) => name.endsWith('.parquet'));
}
/** A SQL string literal (paths come from the command line; quotes must not end the literal). */
export function sqlText(text) {
    return `'${text.replaceAll("'", "''")}'`;
}
//# sourceMappingURL=warehouse.js.map
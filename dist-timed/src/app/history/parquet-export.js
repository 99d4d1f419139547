/**
 * `dnsplane history export`: the audit log as a small lakehouse — date-partitioned Parquet files
 * that any SQL engine reads, in two layers:
 *
 *   DIR/raw/date=YYYY-MM-DD/events-<firstId>-<lastId>.parquet
 *       the events exactly as logged, appended: each export writes only events newer than the
 *       newest already in raw/, one file per UTC date it touches. The SQLite log keeps only its
 *       newest rows; raw/ keeps everything ever exported.
 *   DIR/curated/events/date=YYYY-MM-DD/*.parquet
 *       rebuilt from all of raw/ on each export: one file per date (compacted), one row per event
 *       id, with what a post-incident reading needs next to each decision — `live`, the generation
 *       live on each provider for that endpoint, and `newest_plan`, the newest generation planned.
 *   DIR/curated/live_generations.parquet
 *       per endpoint and provider, each generation live and from when until when.
 *
 * Files are written under a temporary name and renamed, so a reader never sees half a file;
 * curated/ is swapped whole.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { failure, ok } from '../../core/ports/result.js';
import { eventsAfter } from './audit-log.js';
import { CURATE_STATEMENTS, curatedEventsCopy, liveGenerationsCopy } from './curate.js';
import { sqlText, Warehouse } from './warehouse.js';
const LOCK_FILE = '.export.lock';
const RAW_COLUMNS = `id, at_ms, to_timestamp(at_ms / 1000) AS time, kind, actor, reason, endpoint, generation, provider`;
export async function exportHistory(log, outDirGiven) {
    const outDir = resolve(outDirGiven);
    mkdirSync(join(outDir, 'raw'), { recursive: true });
    const lock = takeLock(outDir);
    if (!lock.ok)
        return lock;
    const warehouse = await Warehouse.open();
    try {
        return await exportLocked(log, outDir, warehouse);
    }
    finally {
        warehouse.close();
        lock.value();
    }
}
async function exportLocked(log, outDir, warehouse) {
    const rawGlob = join(outDir, 'raw', '*', '*.parquet');
    const hasRaw = listFiles(join(outDir, 'raw')).length > 0;
    const exportedMaxId = hasRaw ? await scalarNumber(warehouse, `SELECT coalesce(max(id), 0) FROM read_parquet(${sqlText(rawGlob)}, hive_partitioning = true)`) : 0;
    const recreated = await logRecreated(log, exportedMaxId);
    if (!recreated.ok)
        return recreated;
    const staged = await stageEventsAfter(log, warehouse, exportedMaxId);
    if (!staged.ok)
        return staged;
    const rawFilesWritten = await writeRawPartitions(warehouse, outDir);
    // Nothing new and a curated layer in place: it already describes all of raw/.
    const current = staged.value === 0 && existsSync(join(outDir, 'curated', 'live_generations.parquet'));
    const curated = current ? await describeCurated(warehouse, outDir) : await rebuildCurated(warehouse, outDir, rawGlob);
    return ok({
        outDir, eventsExported: staged.value, rawFilesWritten, ...curated,
        bytesTotal: listFiles(outDir).reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0),
    });
}
/**
 * The log's ids restart when its data directory is new: appending its events to an export of
 * another log would mix two histories under the same ids.
 */
async function logRecreated(log, exportedMaxId) {
    if (exportedMaxId === 0)
        return ok(undefined);
    const newest = await log.query({ limit: 1, order: 'newest-first' });
    if (!newest.ok)
        return newest;
    const newestId = newest.value[0]?.id ?? 0;
    if (newestId >= exportedMaxId)
        return ok(undefined);
    return failure('conflict', `the export already holds events up to id ${exportedMaxId}, but the newest in ${log.path} is ${newestId}: this is another (or a recreated) audit log; export it into a new directory`, false);
}
/** Appends the events newer than `afterId` to a staging table; returns how many. */
async function stageEventsAfter(log, warehouse, afterId) {
    const db = warehouse.connection;
    await db.run(`CREATE TABLE staged (id BIGINT, at_ms BIGINT, kind VARCHAR, actor VARCHAR, reason VARCHAR, endpoint VARCHAR, generation BIGINT, provider VARCHAR)`);
    const appender = await db.createAppender('staged');
    let count = 0;
    try {
        for await (const page of eventsAfter(log, afterId)) {
            if (!page.ok)
                return page;
            for (const event of page.value)
                appendEvent(appender, event);
            count += page.value.length;
        }
    }
    finally {
        appender.closeSync();
    }
    return ok(count);
}
function appendEvent(appender, event) {
    appender.appendBigInt(BigInt(event.id));
    appender.appendBigInt(BigInt(Math.round(event.atMs)));
    appender.appendVarchar(event.kind);
    appender.appendVarchar(event.actor);
    appender.appendVarchar(event.reason);
    if (event.endpoint === undefined)
        appender.appendNull();
    else
        appender.appendVarchar(event.endpoint);
    if (event.generation === undefined)
        appender.appendNull();
    else
        appender.appendBigInt(BigInt(event.generation));
    if (event.provider === undefined)
        appender.appendNull();
    else
        appender.appendVarchar(event.provider);
    appender.endRow();
}
/**
 * One raw file per UTC date among the staged events, named by the id range it holds. One
 * partitioned COPY writes them all (a query per date would scan the batch once per date), into a
 * scratch directory; each file is then renamed into raw/.
 */
async function writeRawPartitions(warehouse, outDir) {
    const db = warehouse.connection;
    const dates = await db.runAndReadAll(`SELECT strftime(to_timestamp(at_ms / 1000), '%Y-%m-%d') AS day, min(id), max(id) FROM staged GROUP BY day ORDER BY day`);
    const ranges = dates.getRows().map(([day, first, last]) => ({ date: String(day), first: String(first), last: String(last) }));
    if (ranges.length === 0)
        return [];
    const scratch = join(outDir, `raw.writing-${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    await db.run(`COPY (SELECT ${RAW_COLUMNS}, strftime(to_timestamp(at_ms / 1000), '%Y-%m-%d') AS date FROM staged ORDER BY id)
    TO ${sqlText(scratch)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), FILENAME_PATTERN 'part-{i}')`);
    const written = [];
    for (const { date, first, last } of ranges) {
        const dir = join(outDir, 'raw', `date=${date}`);
        mkdirSync(dir, { recursive: true });
        const parts = readdirSync(join(scratch, `date=${date}`)).filter((name) => name.endsWith('.parquet')).sort();
        parts.forEach((part, index) => {
            const file = join(dir, `events-${first}-${last}${parts.length === 1 ? '' : `-${index}`}.parquet`);
            renameSync(join(scratch, `date=${date}`, part), file);
            written.push(relative(outDir, file));
        });
    }
    rmSync(scratch, { recursive: true, force: true });
    return written;
}
async function rebuildCurated(warehouse, outDir, rawGlob) {
    const db = warehouse.connection;
    const curated = join(outDir, 'curated');
    const building = join(outDir, `curated.building-${process.pid}`);
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    if (listFiles(join(outDir, 'raw')).length === 0) {
        rmSync(building, { recursive: true, force: true });
        return { eventsTotal: 0, lastId: 0, dates: [], curatedFiles: [] };
    }
    await db.run(`CREATE TABLE ev AS SELECT DISTINCT ON (id) * FROM read_parquet(${sqlText(rawGlob)}, hive_partitioning = true) ORDER BY id`);
    for (const statement of CURATE_STATEMENTS)
        await db.run(statement);
    await db.run(curatedEventsCopy(join(building, 'events')));
    await db.run(liveGenerationsCopy(join(building, 'live_generations.parquet')));
    const totals = await db.runAndReadAll(`SELECT count(*), coalesce(max(id), 0), list(DISTINCT strftime(date, '%Y-%m-%d') ORDER BY strftime(date, '%Y-%m-%d')) FROM ev`);
    const [count, maxId, dates] = totals.getRowsJson()[0];
    const old = join(outDir, `curated.old-${process.pid}`);
    if (existsSync(curated))
        renameSync(curated, old);
    renameSync(building, curated);
    rmSync(old, { recursive: true, force: true });
    return {
        eventsTotal: Number(count), lastId: Number(maxId), dates: dates ?? [],
        curatedFiles: listFiles(curated).map((file) => join('curated', file)),
    };
}
async function describeCurated(warehouse, outDir) {
    const curated = join(outDir, 'curated');
    const glob = join(curated, 'events', '*', '*.parquet');
    const totals = await warehouse.connection.runAndReadAll(`SELECT count(*), coalesce(max(id), 0), list(DISTINCT strftime(date, '%Y-%m-%d') ORDER BY strftime(date, '%Y-%m-%d')) FROM read_parquet(${sqlText(glob)}, hive_partitioning = true)`);
    const [count, maxId, dates] = totals.getRowsJson()[0];
    return {
        eventsTotal: Number(count), lastId: Number(maxId), dates: dates ?? [],
        curatedFiles: listFiles(curated).map((file) => join('curated', file)),
    };
}
async function scalarNumber(warehouse, sql) {
    const reader = await warehouse.connection.runAndReadAll(sql);
    return Number(reader.getRowsJson()[0]?.[0] ?? 0);
}
/** Parquet files below dir, relative to it, sorted. */
function listFiles(dir) {
    if (!existsSync(dir))
        return [];
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.parquet')).sort();
}
/** One export at a time per directory; the returned function releases the lock. */
function takeLock(outDir) {
    const path = join(outDir, LOCK_FILE);
    try {
        closeSync(openSync(path, 'wx'));
    }
    catch {
        return failure('busy', `another export into ${outDir} is running (or one crashed: remove ${path})`, true);
    }
    return ok(() => rmSync(path, { force: true }));
}
//# sourceMappingURL=parquet-export.js.map
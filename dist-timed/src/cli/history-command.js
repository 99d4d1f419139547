/**
 * `dnsplane history`: the durable audit log (<data-dir>/events.db) as a list, as Parquet files,
 * and as SQL. By default it reads the data directory's file directly — the process need not be
 * running, which is when a post-incident timeline is usually wanted. With --url it reads the
 * same log from a running instance's API (GET /history, a token with the read scope), for an
 * instance on another machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ok } from '../core/ports/result.js';
import { closestKey } from '../app/config/suggest.js';
import { DECISION_KINDS, exportHistory, kindsSelectedBy, openAuditLog, recentEvents, Warehouse } from '../app/history/index.js';
import { resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { openClusterAuditLog } from '../app/roles/cluster-operator.js';
import { CLUSTER_OPTIONS, CLUSTER_OPTIONS_USAGE, resolveClusterTarget, wantsCluster } from './cluster-target.js';
import { auditLogOverApi } from './history-over-api.js';
import { table } from './output.js';
export const HISTORY_USAGE = `dnsplane history [--since 2h|ISO] [--until ISO] [--kind KIND[,KIND]] [--endpoint NAME] [--limit N] [--json] [SOURCE]
  The newest decisions in the durable audit log (default 50, shown oldest first). --kind takes
  exact kinds or families (guard.*, enact.*).
  SOURCE: --data-dir DIR reads DIR/events.db directly (default ./dnsplane-data; up need not run);
  --url URL [--token-file FILE] reads a running instance's GET /history (token: DNSPLANE_API_TOKEN,
  --token-file, or --data-dir's api-token; read scope);
  ${CLUSTER_OPTIONS_USAGE.replace(' [--by NAME]', '')} reads a distributed deployment's history in etcd.
dnsplane history export --out DIR [SOURCE] [--json]
  Writes the audit log as Parquet: DIR/raw/date=YYYY-MM-DD/ (appended, only newer events each
  time) and DIR/curated/ (compacted; each event with the generation live on each provider).
dnsplane history sql "SELECT …" [--dir DIR | SOURCE] [--json]
  Runs SQL (DuckDB) over an export (--dir), or over a fresh export of SOURCE. Tables:
  events, raw_events, live_generations (docs/history.md).`;
const DATA_DIR_DEFAULT = 'dnsplane-data';
const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 10_000;
const COMMON = {
    'data-dir': { type: 'string' }, url: { type: 'string' }, 'token-file': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    ...CLUSTER_OPTIONS, config: { type: 'string' },
};
export async function historyCommand(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'export')
        return exportCommand(rest);
    if (sub === 'sql')
        return sqlCommand(rest);
    return listCommand(argv);
}
async function listCommand(argv) {
    const { values } = parseCommandArgs(argv, {
        ...COMMON, since: { type: 'string' }, until: { type: 'string' }, kind: { type: 'string', multiple: true }, endpoint: { type: 'string' }, limit: { type: 'string' },
    });
    if (values['help'] === true)
        return usage();
    const filter = filterOf(values, Date.now());
    const json = values['json'] === true;
    return withLog(values, json, async (log) => {
        const events = await recentEvents(log, filter);
        if (!events.ok)
            return fail(events, json);
        process.stdout.write(json ? `${JSON.stringify(events.value, null, 2)}\n` : `${formatEvents(events.value)}\n`);
        return 0;
    });
}
async function exportCommand(argv) {
    const { values } = parseCommandArgs(argv, { ...COMMON, out: { type: 'string' } });
    if (values['help'] === true)
        return usage();
    const out = stringOption(values, 'out');
    if (out === undefined)
        throw new UsageError('history export needs --out DIR');
    const json = values['json'] === true;
    return withLog(values, json, async (log) => {
        const exported = await exportHistory(log, out);
        if (!exported.ok)
            return fail(exported, json);
        process.stdout.write(json ? `${JSON.stringify(exported.value, null, 2)}\n` : `${formatExport(exported.value)}\n`);
        return 0;
    });
}
async function sqlCommand(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...COMMON, dir: { type: 'string' } }, true);
    if (values['help'] === true)
        return usage();
    const query = positionals.join(' ').trim();
    if (query === '')
        throw new UsageError('history sql needs a query: dnsplane history sql "SELECT kind, count(*) FROM events GROUP BY kind"');
    const json = values['json'] === true;
    const dir = stringOption(values, 'dir');
    if (dir !== undefined)
        return runSql(resolve(dir), query, json);
    // No export given: query a fresh one of the data dir, removed afterwards.
    const scratch = mkdtempSync(join(tmpdir(), 'dnsplane-history-'));
    try {
        return await withLog(values, json, async (log) => {
            const exported = await exportHistory(log, scratch);
            if (!exported.ok)
                return fail(exported, json);
            return runSql(scratch, query, json);
        });
    }
    finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}
async function runSql(dir, query, json) {
    const warehouse = await Warehouse.open();
    try {
        const attached = await warehouse.attachExport(dir);
        if (!attached.ok)
            return fail(attached, json);
        const answer = await warehouse.query(query);
        if (!answer.ok)
            return fail(answer, json);
        process.stdout.write(json ? `${JSON.stringify(answer.value.rows, null, 2)}\n` : `${formatAnswer(answer.value)}\n`);
        return 0;
    }
    finally {
        warehouse.close();
    }
}
/** The audit log named by the options: a running instance's API (--url), or a data dir's file. */
async function withLog(values, json, body) {
    const opened = wantsCluster(values)
        ? ok(openClusterAuditLog((await resolveClusterTarget(values)).etcd))
        : stringOption(values, 'url') === undefined ? await openAuditLog(dataDirOf(values)) : ok(auditLogOverApi(await resolveApi(values)));
    if (!opened.ok)
        return fail(opened, json);
    try {
        return await body(opened.value);
    }
    finally {
        await opened.value.close();
    }
}
function filterOf(values, nowMs) {
    const since = values['since'];
    const until = values['until'];
    const endpoint = values['endpoint'];
    const kinds = Array.isArray(values['kind']) ? values['kind'].flatMap((k) => k.split(',')).map((k) => k.trim()).filter((k) => k !== '') : [];
    return {
        limit: limitOf(values['limit']),
        ...(typeof since === 'string' ? { sinceMs: instantOf(since, nowMs, '--since') } : {}),
        ...(typeof until === 'string' ? { untilMs: instantOf(until, nowMs, '--until') } : {}),
        ...(kinds.length > 0 ? { kinds: kinds.flatMap(kindsOf) } : {}),
        // Endpoints are logged as absolute names; `api.example.test` means `api.example.test.`.
        ...(typeof endpoint === 'string' ? { endpoint: endpoint.endsWith('.') ? endpoint : `${endpoint}.` } : {}),
    };
}
function limitOf(value) {
    if (value === undefined)
        return LIMIT_DEFAULT;
    const limit = Number(value);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > LIMIT_MAX)
        throw new UsageError(`--limit must be an integer 1..${LIMIT_MAX}, got '${String(value)}'`);
    return limit;
}
const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `90s`, `30m`, `2h`, `7d` ago, or an ISO-8601 instant. */
export function instantOf(text, nowMs, flag) {
    const duration = /^(\d+)([smhd])$/.exec(text);
    if (duration !== null)
        return nowMs - Number(duration[1]) * DURATION_UNITS_MS[duration[2]];
    const parsed = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(parsed))
        throw new UsageError(`${flag} takes a duration (90s, 30m, 2h, 7d) or an ISO-8601 time (2025-10-19T23:40:00Z), got '${text}'`);
    return parsed;
}
function kindsOf(pattern) {
    const selected = kindsSelectedBy(pattern);
    if (selected !== null)
        return selected;
    const near = closestKey(pattern, DECISION_KINDS);
    throw new UsageError(`--kind '${pattern}' is not a decision kind${near === undefined ? '' : ` (did you mean '${near}'?)`}; kinds: ${DECISION_KINDS.join(', ')}; families: guard.*, enact.*, plan.*`);
}
function dataDirOf(values) {
    const dir = values['data-dir'];
    return typeof dir === 'string' ? dir : DATA_DIR_DEFAULT;
}
function usage() {
    process.stdout.write(`${HISTORY_USAGE}\n`);
    return 0;
}
/** Exit 1 with one line on stderr, or with --json the CLI's error object on stdout (see main.ts). */
function fail(failed, json) {
    if (json)
        process.stdout.write(`${JSON.stringify({ error: { command: 'history', kind: failed.code, message: failed.message }, exitCode: 1 })}\n`);
    else
        process.stderr.write(`dnsplane history: ${failed.message}\n`);
    return 1;
}
export function formatEvents(events) {
    if (events.length === 0)
        return 'no matching events';
    const rows = events.map((e) => [
        String(e.id), new Date(e.atMs).toISOString(), e.kind, e.actor, e.endpoint ?? '', e.generation === undefined ? '' : String(e.generation), e.provider ?? '', e.reason,
    ]);
    return table(['id', 'time', 'kind', 'actor', 'endpoint', 'gen', 'provider', 'reason'], rows);
}
function formatExport(summary) {
    const written = summary.rawFilesWritten.length === 0 ? ['  raw/: nothing new'] : summary.rawFilesWritten.map((file) => `  ${file}`);
    return [
        `exported ${summary.eventsExported} new event(s) to ${summary.outDir} (${summary.eventsTotal} in all, newest id ${summary.lastId}, ${summary.dates.length} date(s), ${(summary.bytesTotal / 1024).toFixed(1)} KiB)`,
        ...written,
        ...summary.curatedFiles.map((file) => `  ${file}`),
    ].join('\n');
}
function formatAnswer(answer) {
    const body = table(answer.columns.map((c) => c.name), answer.text);
    const count = `(${answer.text.length} row${answer.text.length === 1 ? '' : 's'}${answer.truncated ? `; more matched — add LIMIT, or COPY (…) TO 'file.parquet'` : ''})`;
    return `${body}\n${count}`;
}
//# sourceMappingURL=history-command.js.map
/**
 * `dnsplane plan`: what the Planner would do next and what that changes on live DNS, without a write.
 *
 * With a running instance (--url, --data-dir, or --config whose API answers) this is the
 * instance's own preview (GET /plans/preview): its Planner logic over its store, its health view,
 * its controls, diffed against what each of its providers serves. Without one (--config only),
 * the same Planner is built here from the config, health is one probe of each load balancer, and
 * the embedded server is read over the wire at dns.listen.
 *
 * Exit codes like `terraform plan -detailed-exitcode`: 0 no change, 2 changes (a new generation
 * would be written, or what is live differs from the plan), 1 error.
 */
import { resolve } from 'node:path';
import { formatConfigIssues, loadConfigFile } from '../app/config/index.js';
import { diffAgainstServed, hasChange, summarize } from '../app/plan-diff.js';
import { previewNextPlan, probeEveryCheckOnce, readLiveDns } from '../app/plan-preview.js';
import { materialiseWeighted } from '../core/model/served.js';
import { API_OPTIONS, API_OPTIONS_USAGE, ApiRefused, ApiUnreachable, callApi, resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { table, writeJson } from './output.js';
export const PLAN_USAGE = `dnsplane plan [--json] ${API_OPTIONS_USAGE}
  The Planner's next attempt and what it changes on live DNS, without writing. With a running
  instance (--url, --data-dir, or --config whose API answers): that instance's own preview against
  each of its providers. Otherwise (--config): the same Planner built here, health probed once,
  the embedded server read at dns.listen. Exit 0: no change; 2: changes; 1: error.`;
export async function planCommand(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, ...API_OPTIONS });
    const report = await runningPreview(values) ?? await offlinePreview(values);
    if (typeof report === 'number')
        return report;
    if (values['json'] === true)
        writeJson(report);
    else
        process.stdout.write(`${formatPlan(report)}\n`);
    return report.changed ? 2 : 0;
}
/** The running instance's preview; null when none answers and --config allows the offline path. */
async function runningPreview(values) {
    const explicit = stringOption(values, 'url') !== undefined || stringOption(values, 'data-dir') !== undefined || stringOption(values, 'config') === undefined;
    let target;
    try {
        target = await resolveApi(values);
    }
    catch (error) {
        if (explicit || !(error instanceof UsageError))
            throw error;
        return null;
    }
    try {
        const preview = await callApi(target, '/plans/preview');
        return withChanged({ ...preview, source: `the running instance at ${target.url}` });
    }
    catch (error) {
        // An instance that answered and refused (a token, a scope) is an answer; only silence falls back.
        if (explicit || error instanceof ApiRefused || !(error instanceof ApiUnreachable))
            throw error;
        return null;
    }
}
async function offlinePreview(values) {
    const path = stringOption(values, 'config');
    if (path === undefined)
        throw new UsageError('no running instance: plan needs --url, --data-dir or --config FILE');
    const dataDir = stringOption(values, 'data-dir');
    const loaded = await loadConfigFile(path, dataDir === undefined ? {} : { dataDir: resolve(dataDir) });
    if (!loaded.ok) {
        process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
        return 2;
    }
    const config = loaded.config;
    const previewed = await previewNextPlan(config, await probeEveryCheckOnce(config));
    if (!previewed.ok) {
        process.stderr.write(`dnsplane plan: ${previewed.message}\n`);
        return 1;
    }
    const { preview } = previewed.value;
    const live = await readLiveDns(config);
    if (!live.ok) {
        process.stderr.write(`dnsplane plan: cannot read live DNS at ${config.dns.listen.host}:${config.dns.listen.port}: ${live.message}\n`);
        return 1;
    }
    const planned = preview.plan ?? preview.previous;
    // Read over the wire, the embedded server answers each query with a weighted sample.
    const changes = diffAgainstServed(planned?.endpoints ?? [], { id: 'embedded (dns.listen)', materialise: materialiseWeighted }, live.value, true);
    return withChanged({
        source: 'this config (no running instance answered); health: one probe of each load balancer now',
        outcome: preview.result.kind, storeGeneration: preview.previous?.generation ?? null, nextGeneration: preview.plan?.generation ?? null,
        note: preview.plan?.note ?? '', changes, summary: summarize(changes),
    });
}
function withChanged(report) {
    return { ...report, changed: report.nextGeneration !== null || report.summary.endpointsChanged > 0 };
}
export function formatPlan(report) {
    const s = report.summary;
    const counts = `${s.endpointsChanged} of ${s.endpoints} endpoint(s) change on live DNS: +${s.addressesAdded} address(es), -${s.addressesRemoved}, ${s.addressesReweighted} reweighted`;
    const headline = report.nextGeneration !== null
        ? `generation ${report.nextGeneration} would be written (${report.note}; store has ${report.storeGeneration ?? 'none'}). ${counts}`
        : s.endpointsChanged > 0
            ? `no new generation (${report.outcome}); generation ${report.storeGeneration ?? 'none'} is not live everywhere yet. ${counts}`
            : `no change: generation ${report.storeGeneration ?? 'none'} is what every provider serves (${report.outcome})`;
    const rows = report.changes.filter(hasChange).map((c) => [
        c.endpoint, c.provider, String(c.liveGeneration),
        [...c.added.map((a) => `+${a}`), ...c.removed.map((a) => `-${a}`), ...c.reweighted.map((a) => `~${a}`), ...c.other].join(' '),
    ]);
    return [
        headline,
        `from: ${report.source}`,
        ...(rows.length === 0 ? [] : ['', table(['ENDPOINT', 'PROVIDER', 'LIVE GEN', 'CHANGE'], rows)]),
    ].join('\n');
}
//# sourceMappingURL=plan-command.js.map
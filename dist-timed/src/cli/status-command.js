import { API_OPTIONS, API_OPTIONS_USAGE, callApi, resolveApi } from './api-client.js';
import { parseCommandArgs } from './args.js';
import { humanDuration, isoWithAge, table } from './output.js';
export const STATUS_USAGE = `dnsplane status [--json] ${API_OPTIONS_USAGE}
  Shows the live generation and addresses of every endpoint on every provider, each Enactor's
  last applied generation, conflicts and errors, load balancer health and recent decisions.
  Answers from the running instance's cached reads: a provider that is down is named, with since
  when, and its last read is shown marked (stale). --config FILE: the instance at that config's
  HTTP address.`;
export async function statusCommand(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, ...API_OPTIONS });
    const target = await resolveApi(values);
    const report = await callApi(target, '/status');
    process.stdout.write(values['json'] ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatus(report, target.url)}\n`);
    return 0;
}
export function formatStatus(report, url = '') {
    const now = Date.now();
    const latest = report.store.latestCreatedAtMs === null ? '' : `, created ${isoWithAge(report.store.latestCreatedAtMs, now)}`;
    const store = report.store.error ? `store unavailable: ${report.store.error}` : `latest generation ${report.store.latestGeneration ?? 'none'}${latest}`;
    const providerDown = (report.providers ?? []).filter((p) => !p.reachable).map((p) => `  provider ${p.provider} DOWN${p.downSinceMs === null ? '' : ` since ${new Date(p.downSinceMs).toISOString()} (${humanDuration(now - p.downSinceMs)})`}: ${p.lastError}${p.lastOkAtMs === null ? '' : `; last good read ${isoWithAge(p.lastOkAtMs, now)}`}`);
    const endpointRows = report.endpoints.flatMap((e) => Object.entries(e.providers).map(([provider, live]) => [
        e.name, provider, String(live.generation), live.by, live.stale === true ? `(stale) ${live.addresses.join(' ')}` : live.error ? `! ${live.error}` : live.addresses.join(' '),
    ]));
    const enactorRows = report.enactors.flatMap((e) => Object.entries(e.providers).map(([provider, p]) => [
        e.id, provider, String(p.lastAppliedGeneration), String(p.writes), String(p.conflicts), String(p.errors), p.lastError,
    ]));
    const lbRows = report.loadBalancers.map((lb) => [
        lb.id, `${lb.healthy ? 'healthy' : 'UNHEALTHY'}${lb.held ? ` (HELD, checks say ${lb.verdict ? 'healthy' : 'unhealthy'})` : ''}`, lb.checked ? lb.detail : '(no check)',
    ]);
    const controls = report.safety.controls.map((c) => `  ${c.kind} ${c.target} by ${c.by}${c.expiresAtMs === null ? '' : ` until ${new Date(c.expiresAtMs).toISOString()}`}: ${c.reason}`);
    const routes = report.safety.routing.map((r) => {
        const last = r.lastSwitch;
        const rto = last === null ? '' : `; last switch ${last.from.join('+')} → ${last.to.join('+')}${last.rtoMs === null ? '' : `, RTO ${last.rtoMs} ms`}`;
        return `  ${r.name} (${r.policy}): planned ${r.plannedRegions.join('+')}, serving ${r.servingRegions.join('+') || '?'}; ${r.regions.map((g) => `${g.region} ${g.healthy ? 'healthy' : 'UNHEALTHY'}`).join(', ')}${rto}`;
    });
    const decisions = report.planner.guardDecisions.map((d) => `  ${d.guard} ${d.endpoint}: ${d.reason}`);
    const alarms = report.alarms.map((a) => `  ${a.kind} ${a.endpoint} on ${a.provider} (${a.by}): ${a.detail}`);
    const halted = report.controlPlaneHalted === null ? [] : ['', `CONTROL PLANE HALTED: ${report.controlPlaneHalted} (DNS keeps answering what is live)`];
    const events = report.events.slice(-10).map((e) => `  ${isoWithAge(e.atMs, now)} ${e.kind} ${e.actor}${e.endpoint ? ` ${e.endpoint}` : ''}: ${e.reason}`);
    return [
        `zone ${report.zone} (${report.region}), ${store}${url === '' ? '' : ` — ${url}`}`,
        ...halted,
        ...(providerDown.length > 0 ? ['', 'PROVIDERS DOWN:', ...providerDown] : []),
        ...(alarms.length > 0 ? ['', 'ALARMS:', ...alarms] : []),
        '',
        table(['ENDPOINT', 'PROVIDER', 'GEN', 'BY', 'ADDRESSES'], endpointRows),
        '',
        table(['ENACTOR', 'PROVIDER', 'APPLIED', 'WRITES', 'CONFLICTS', 'ERRORS', 'LAST ERROR'], enactorRows),
        '',
        table(['LOAD BALANCER', 'HEALTH', 'DETAIL'], lbRows),
        ...(decisions.length > 0 ? ['', 'guards holding:', ...decisions] : []),
        ...(controls.length > 0 ? ['', 'operator controls:', ...controls] : []),
        ...(routes.length > 0 ? ['', 'routing:', ...routes] : []),
        '',
        'recent decisions:',
        ...events,
    ].join('\n');
}
//# sourceMappingURL=status-command.js.map
export function alarmsOf(report, statusError) {
    const alarms = [];
    if (statusError !== null)
        alarms.push({ severity: 'warning', kind: 'status-stale', title: 'status is not current', detail: `showing the last report read: ${statusError}` });
    if (report === null)
        return alarms;
    if (report.controlPlaneHalted !== null)
        alarms.push({ severity: 'critical', kind: 'halted', title: 'control plane halted', detail: `${report.controlPlaneHalted} (DNS keeps answering what is live)` });
    if (report.store.error !== undefined)
        alarms.push({ severity: 'critical', kind: 'store-unavailable', title: 'plan store unavailable', detail: report.store.error });
    const planner = plannerAlarm(report.planner.lastTick);
    if (planner !== null)
        alarms.push(planner);
    for (const provider of report.providers.filter((p) => !p.reachable)) {
        const since = provider.downSinceMs === null ? 'not read yet' : `since ${new Date(provider.downSinceMs).toISOString()}`;
        alarms.push({ severity: 'critical', kind: 'provider-down', title: `provider ${provider.provider} down`, detail: `${since}: ${provider.lastError}` });
    }
    for (const decision of report.planner.guardDecisions.filter((d) => d.guard === 'fail-open')) {
        alarms.push({ severity: 'critical', kind: 'fail-open', title: `fail-open on ${decision.endpoint}`, detail: decision.reason });
    }
    for (const endpoint of report.endpoints) {
        for (const [provider, live] of Object.entries(endpoint.providers)) {
            if (live.error?.startsWith('malformed fence') === true)
                alarms.push({ severity: 'critical', kind: 'malformed-fence', title: `malformed fence: ${endpoint.name} on ${provider}`, detail: live.error });
        }
    }
    for (const alarm of report.alarms) {
        const kind = alarm.kind === 'foreign-fence' ? 'foreign-fence' : alarm.kind === 'empty' ? 'empty' : 'enactor';
        alarms.push({ severity: kind === 'enactor' ? 'warning' : 'critical', kind, title: `${alarm.kind}: ${alarm.endpoint} on ${alarm.provider}`, detail: `${alarm.detail} (${alarm.by})` });
    }
    for (const control of report.safety.controls.filter((c) => c.kind === 'freeze')) {
        const target = control.target === '*' ? 'every endpoint' : control.target;
        alarms.push({ severity: 'warning', kind: 'frozen', title: `frozen: ${target}`, detail: `by ${control.by} since ${new Date(control.createdAtMs).toISOString()}: ${control.reason}` });
    }
    return [...alarms.filter((a) => a.severity === 'critical'), ...alarms.filter((a) => a.severity === 'warning')];
}
/**
 * This process's Planner plans nothing: another holds the lease (a standby, or the store shared
 * with another process), or its last plan was refused. A warning: DNS keeps answering what is
 * live, but health changes reach no one until it plans again. A store it cannot reach is the
 * store alarm.
 */
function plannerAlarm(tick) {
    if (tick === null)
        return null;
    switch (tick.kind) {
        case 'standby':
            return { severity: 'warning', kind: 'planner', title: 'Planner on standby: it plans nothing', detail: `${tick.message}; health changes are not planned by this process` };
        case 'refused':
            return { severity: 'warning', kind: 'planner', title: 'Planner refused its plan', detail: tick.message };
        case 'created':
        case 'unchanged':
        case 'store-unavailable':
        case 'lost-race':
            return null;
    }
}
//# sourceMappingURL=alarms.js.map
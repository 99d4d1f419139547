/**
 * The operator's side of a distributed deployment: `freeze`, `override`, `adopt` and `history`
 * against etcd instead of `up`'s HTTP API. There is no single process to ask: the controls are
 * written into etcd through the same OperatorControls (validation, who/why/expiry, one event per
 * change) as `up` uses, and every Planner and Enactor reads them from there before its next tick.
 * The event goes to the audit history in etcd, beside the roles' own decisions.
 *
 * The cluster is named either by a config with `store.etcd` (`--cluster --config F`, whose
 * endpoint names are checked) or by its client URLs alone (`--etcd URLS`): then the names are
 * checked against the newest stored plan, which lists every managed endpoint.
 */
import { systemClock } from '../../adapters/clock-system/system-clock.js';
import { failure, ok } from '../../core/ports/result.js';
import { CONTROLS_IN_FORCE_MAX_DEFAULT, OperatorControls } from '../operator-controls.js';
import { openEtcd } from './role-support.js';
/** Opens etcd, loads the controls in force, and returns OperatorControls writing there. */
export async function openClusterControls(target) {
    const parts = openEtcd(target.etcd);
    const names = await endpointNamesOf(target, parts);
    if (!names.ok) {
        parts.etcd.close();
        return names;
    }
    const audit = parts.audit;
    const controls = new OperatorControls(parts.controlStore, systemClock, audit, names.value, () => undefined, target.controlsMax ?? CONTROLS_IN_FORCE_MAX_DEFAULT);
    // The bound on controls in force counts what is stored; a failed read must not pass as "none".
    const listed = await parts.controlStore.list();
    if (!listed.ok) {
        parts.etcd.close();
        return listed;
    }
    await controls.refresh();
    return ok({
        controls,
        close: async () => {
            const flushed = await audit.close();
            parts.etcd.close();
            return flushed.ok ? flushed : failure(flushed.code, `the control was written, but its audit event was not: ${flushed.message}`, flushed.retryable);
        },
    });
}
async function endpointNamesOf(target, parts) {
    if (target.endpointNames !== null)
        return ok(target.endpointNames);
    const latest = await parts.plans.latest();
    if (!latest.ok)
        return latest;
    if (latest.value === null)
        return failure('not-found', `no plan is stored under ${target.etcd.prefix} yet, so the endpoint names cannot be checked; pass --cluster --config FILE instead`, false);
    return ok(new Set(latest.value.endpoints.map((e) => e.name)));
}
/** The audit history in etcd, read the way `dnsplane history` reads a data directory's log. */
export function openClusterAuditLog(etcd) {
    const parts = openEtcd(etcd);
    const log = parts.audit;
    return {
        path: `etcd ${etcd.endpoints.join(',')} ${etcd.prefix}events/`,
        query: (query) => log.query(query),
        close: async () => {
            parts.etcd.close();
        },
    };
}
//# sourceMappingURL=cluster-operator.js.map
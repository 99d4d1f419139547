/**
 * Shared by `freeze`, `override`, `adopt` and `history` when they act on a distributed deployment
 * (etcd) rather than on a running `up`:
 *
 *   --cluster --config FILE            the config's store.etcd (TLS, auth, prefix) and endpoint names
 *   --etcd URL[,URL…] [--etcd-prefix P] the members alone (no TLS or auth); names from the newest plan
 *
 * Who acted: `--by NAME`, else the operating-system user at this host. (Through `up` it is the API
 * token's name; on etcd, who may write at all is etcd's auth: give operators a role on the prefix.)
 */
import { hostname, userInfo } from 'node:os';
import { formatConfigIssues, loadConfigFile } from '../app/config/index.js';
import { openClusterControls } from '../app/roles/cluster-operator.js';
import { ApiUnreachable } from './api-client.js';
import { UsageError, stringOption } from './args.js';
export const CLUSTER_OPTIONS = {
    cluster: { type: 'boolean' }, etcd: { type: 'string' }, 'etcd-prefix': { type: 'string' }, by: { type: 'string' },
};
export const CLUSTER_OPTIONS_USAGE = '[--cluster --config FILE | --etcd URL[,URL] [--etcd-prefix P]] [--by NAME]';
const ETCD_PREFIX_DEFAULT = '/dnsplane/';
/** Whether the command line names a cluster (etcd) instead of a running `up`. */
export function wantsCluster(values) {
    return values['cluster'] === true || stringOption(values, 'etcd') !== undefined;
}
export async function resolveClusterTarget(values) {
    const urls = stringOption(values, 'etcd');
    if (urls !== undefined) {
        const endpoints = urls.split(',').map((u) => u.trim()).filter((u) => u !== '');
        if (endpoints.length === 0 || endpoints.some((u) => !/^https?:\/\/[^/\s]+:[0-9]{1,5}$/.test(u))) {
            throw new UsageError(`--etcd takes client URLs such as http://10.0.1.5:2379[,http://10.0.2.5:2379], got '${urls}'`);
        }
        const prefix = stringOption(values, 'etcd-prefix') ?? ETCD_PREFIX_DEFAULT;
        if (!/^\/[A-Za-z0-9._/-]*\/$/.test(prefix))
            throw new UsageError(`--etcd-prefix must start and end with '/', got '${prefix}'`);
        const etcd = { endpoints, prefix };
        return { etcd, endpointNames: null };
    }
    const path = stringOption(values, 'config');
    if (path === undefined)
        throw new UsageError('--cluster needs --config FILE (with store.etcd), or name the members with --etcd URLS');
    const loaded = await loadConfigFile(path);
    if (!loaded.ok)
        throw new UsageError(`cannot read ${path}:\n${formatConfigIssues(loaded.errors)}`);
    const etcd = loaded.config.store.etcd;
    if (etcd === undefined)
        throw new UsageError(`${path} has no store.etcd: --cluster acts on a distributed deployment (docs/distributed.md)`);
    return { etcd, endpointNames: new Set(loaded.config.fleet.endpoints.map((e) => e.name)), controlsMax: loaded.config.http.controlsMax };
}
export function actingOperator(values) {
    const by = stringOption(values, 'by');
    if (by !== undefined)
        return by;
    let user = 'unknown';
    try {
        user = userInfo().username;
    }
    catch {
        // No passwd entry for this uid (a container): the host still says where it came from.
    }
    return `${user}@${hostname()}`;
}
/** Adds one control in etcd; a refusal (invalid, limit, unreachable) is a UsageError or a thrown failure line. */
export async function addClusterControl(values, request) {
    return withControls(values, (c) => c.controls.add({ ...request, by: actingOperator(values) }));
}
export async function removeClusterControls(values, kind, target) {
    const removed = await withControls(values, (c) => c.controls.remove(kind, target, actingOperator(values)));
    return { removed: [...removed] };
}
export async function listClusterControls(values) {
    return withControls(values, async (c) => ({ ok: true, value: [...c.controls.current()] }));
}
async function withControls(values, body) {
    const opened = await openClusterControls(await resolveClusterTarget(values));
    if (!opened.ok)
        throw new ClusterFailure(opened.message, opened.code);
    let result;
    try {
        result = await body(opened.value);
    }
    finally {
        const closed = await opened.value.close();
        if (!closed.ok)
            process.stderr.write(`warning: ${closed.message}\n`);
    }
    if (!result.ok) {
        if (result.code === 'invalid' || result.code === 'limit')
            throw new UsageError(result.message);
        throw new ClusterFailure(result.message, result.code);
    }
    return result.value;
}
/** etcd refused or could not be reached: exit 1 with the reason, as when `up`'s API cannot be reached (main.ts). */
export class ClusterFailure extends ApiUnreachable {
    code;
    name = 'ClusterFailure';
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
//# sourceMappingURL=cluster-target.js.map
import { API_OPTIONS, API_OPTIONS_USAGE, callApi, resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { addClusterControl, CLUSTER_OPTIONS, CLUSTER_OPTIONS_USAGE, listClusterControls, removeClusterControls, wantsCluster } from './cluster-target.js';
import { parseDurationMs, postControl } from './control-client.js';
import { isoWithAge, table, writeJson } from './output.js';
export const OVERRIDE_USAGE = `dnsplane override velocity|failback --endpoint NAME --reason TEXT [--ttl 10m] [--json] ${API_OPTIONS_USAGE}
dnsplane override list | remove velocity|failback --endpoint NAME [--json]
  Records an operator override: velocity lifts velocity control for the endpoint (or '*') until the
  TTL runs out; failback returns a failover name to its primary region. Every override is an event,
  recorded with the API token's name as who acted. On a distributed deployment:
  ${CLUSTER_OPTIONS_USAGE} reads and writes the controls in etcd.`;
const DEFAULT_TTL = '10m';
const KINDS = { velocity: 'velocity-override', failback: 'failback' };
export async function overrideCommand(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
        endpoint: { type: 'string' }, reason: { type: 'string' }, ttl: { type: 'string' }, json: { type: 'boolean' }, ...API_OPTIONS, ...CLUSTER_OPTIONS,
    }, true);
    const cluster = wantsCluster(values);
    const baseUrl = cluster ? null : await resolveApi(values);
    const json = values['json'] === true;
    const [action, kindName] = positionals;
    if (action === 'list')
        return printList(baseUrl === null ? await listClusterControls(values) : await callApi(baseUrl, '/controls'), json);
    if (action === 'remove') {
        const kind = kindOf(kindName);
        const target = endpointOption(values);
        const result = baseUrl === null ? await removeClusterControls(values, kind, target) : await postControl(baseUrl, '/controls/remove', { kind, target });
        if (json)
            writeJson(result);
        else
            process.stdout.write(`lifted ${result.removed.length} ${kind} override(s)\n`);
        return 0;
    }
    const kind = kindOf(action);
    const reason = stringOption(values, 'reason');
    if (reason === undefined)
        throw new UsageError('--reason is required: it is recorded with the override');
    const ttlMs = parseDurationMs(stringOption(values, 'ttl') ?? DEFAULT_TTL);
    const request = { kind, target: endpointOption(values), reason, ttlMs };
    const control = baseUrl === null ? await addClusterControl(values, request) : await postControl(baseUrl, '/controls', request);
    if (json) {
        writeJson(control);
        return 0;
    }
    process.stdout.write(`${control.kind} override of ${control.target} by ${control.by} until ${new Date(control.expiresAtMs ?? 0).toISOString()}: ${control.reason}\n`);
    return 0;
}
function kindOf(name) {
    if (name === 'velocity' || name === 'failback')
        return KINDS[name];
    throw new UsageError(`expected velocity, failback, list or remove; got '${name ?? ''}'\n${OVERRIDE_USAGE}`);
}
function endpointOption(values) {
    const endpoint = stringOption(values, 'endpoint');
    if (endpoint === undefined)
        throw new UsageError("--endpoint NAME (or '*') is required");
    return endpoint;
}
function printList(controls, json) {
    if (json) {
        process.stdout.write(`${JSON.stringify(controls, null, 2)}\n`);
        return 0;
    }
    const rows = controls.map((c) => [c.kind, c.target, c.by, c.expiresAtMs === null ? 'until lifted' : isoWithAge(c.expiresAtMs), c.reason]);
    process.stdout.write(`${table(['KIND', 'TARGET', 'BY', 'UNTIL', 'REASON'], rows)}\n`);
    return 0;
}
//# sourceMappingURL=override-command.js.map
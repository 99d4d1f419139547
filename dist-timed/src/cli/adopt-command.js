import { API_OPTIONS, API_OPTIONS_USAGE, resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { addClusterControl, CLUSTER_OPTIONS, CLUSTER_OPTIONS_USAGE, wantsCluster } from './cluster-target.js';
import { parseDurationMs, postControl } from './control-client.js';
import { writeJson } from './output.js';
export const ADOPT_USAGE = `dnsplane adopt --endpoint NAME --reason TEXT [--ttl 10m] [--json] ${API_OPTIONS_USAGE}
  Takes one endpoint back from a fence that is not ours: until the TTL runs out the Enactors
  overwrite that fence with the newest plan (fenced on the exact bytes read). Recorded as an
  event, with the API token's name as who acted. On a distributed deployment: ${CLUSTER_OPTIONS_USAGE}.`;
const DEFAULT_TTL = '10m';
export async function adoptCommand(argv) {
    const { values } = parseCommandArgs(argv, { endpoint: { type: 'string' }, reason: { type: 'string' }, ttl: { type: 'string' }, json: { type: 'boolean' }, ...API_OPTIONS, ...CLUSTER_OPTIONS });
    const endpoint = stringOption(values, 'endpoint');
    if (endpoint === undefined || endpoint === '*')
        throw new UsageError(`--endpoint NAME is required (one name, never '*')\n${ADOPT_USAGE}`);
    const reason = stringOption(values, 'reason');
    if (reason === undefined)
        throw new UsageError('--reason is required: it is recorded with the adoption');
    const ttlMs = parseDurationMs(stringOption(values, 'ttl') ?? DEFAULT_TTL);
    const request = { kind: 'adopt', target: endpoint, reason, ttlMs };
    const control = wantsCluster(values) ? await addClusterControl(values, request) : await postControl(await resolveApi(values), '/controls', request);
    if (values['json'] === true)
        writeJson(control);
    else
        process.stdout.write(`adopting ${control.target} (by ${control.by}, until ${new Date(control.expiresAtMs ?? 0).toISOString()}): ${control.reason}\n`);
    return 0;
}
//# sourceMappingURL=adopt-command.js.map
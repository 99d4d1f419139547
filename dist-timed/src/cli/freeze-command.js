import { API_OPTIONS, API_OPTIONS_USAGE, resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { addClusterControl, CLUSTER_OPTIONS, CLUSTER_OPTIONS_USAGE, removeClusterControls, wantsCluster } from './cluster-target.js';
import { postControl } from './control-client.js';
import { writeJson } from './output.js';
export const FREEZE_USAGE = `dnsplane freeze [--endpoint NAME] --reason TEXT [--json] ${API_OPTIONS_USAGE}
dnsplane unfreeze [--endpoint NAME] [--json] ${API_OPTIONS_USAGE}
  Freeze in place: planning continues and status shows what would change, but nothing new is
  published for the endpoint (default: everything) until it is unfrozen.
  On a distributed deployment: ${CLUSTER_OPTIONS_USAGE} writes the control into etcd.`;
const OPTIONS = { endpoint: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' }, ...API_OPTIONS, ...CLUSTER_OPTIONS };
export async function freezeCommand(argv) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const reason = stringOption(values, 'reason');
    if (reason === undefined)
        throw new UsageError('--reason is required: it is recorded with the freeze');
    const request = { kind: 'freeze', target: stringOption(values, 'endpoint') ?? '*', reason };
    const control = wantsCluster(values) ? await addClusterControl(values, request) : await postControl(await resolveApi(values), '/controls', request);
    if (values['json'] === true)
        writeJson(control);
    else
        process.stdout.write(`frozen: ${control.target} by ${control.by}: ${control.reason}\n`);
    return 0;
}
export async function unfreezeCommand(argv) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const target = stringOption(values, 'endpoint') ?? '*';
    const result = wantsCluster(values)
        ? await removeClusterControls(values, 'freeze', target)
        : await postControl(await resolveApi(values), '/controls/remove', { kind: 'freeze', target });
    if (values['json'] === true)
        writeJson(result);
    else
        process.stdout.write(result.removed.length === 0 ? 'nothing was frozen there\n' : `unfrozen: ${result.removed.map((c) => c.target).join(', ')}\n`);
    return 0;
}
//# sourceMappingURL=freeze-command.js.map
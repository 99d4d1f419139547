/** `dnsplane demo stop|start LB`: switches a demo load balancer of a running `dnsplane up`. */
import { API_OPTIONS, API_OPTIONS_USAGE, callApi, resolveApi } from './api-client.js';
import { UsageError, parseCommandArgs } from './args.js';
import { table, writeJson } from './output.js';
export const DEMO_USAGE = `dnsplane demo stop|start|list [LB] [--json] ${API_OPTIONS_USAGE}
  Stops or starts one of the demo fleet's load balancers (dnsplane up without --config).`;
export async function demoCommand(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, ...API_OPTIONS }, true);
    const [action, id] = positionals;
    const json = values['json'] === true;
    if (action === 'list') {
        const target = await resolveApi(values);
        const lbs = await callApi(target, '/demo');
        if (json)
            writeJson(lbs);
        else
            process.stdout.write(`${table(['LOAD BALANCER', 'PORT', 'STATE'], lbs.map((lb) => [lb.id, String(lb.port), lb.running ? 'running' : 'stopped']))}\n`);
        return 0;
    }
    if ((action !== 'stop' && action !== 'start') || id === undefined)
        throw new UsageError(DEMO_USAGE);
    const result = await callApi(await resolveApi(values), `/demo/lb/${encodeURIComponent(id)}/${action}`, 'POST');
    if (json)
        writeJson(result);
    else
        process.stdout.write(`${id}: ${action === 'stop' ? 'stopped' : 'started'}${result.changed ? '' : ' (it already was)'}\n`);
    return 0;
}
//# sourceMappingURL=demo-command.js.map
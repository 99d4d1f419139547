/** `dnsplane demo stop|start LB`: switches a demo load balancer of a running `dnsplane up`. */
import { callApi, resolveApiUrl } from './api-client.js';
import { UsageError, parseCommandArgs } from './args.js';

export const DEMO_USAGE = `dnsplane demo stop|start|list [LB] [--url URL | --data-dir DIR]
  Stops or starts one of the demo fleet's load balancers (dnsplane up without --config).`;

export async function demoCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { url: { type: 'string' }, 'data-dir': { type: 'string' } }, true);
  const [action, id] = positionals;
  const url = await resolveApiUrl(values);
  if (action === 'list') {
    process.stdout.write(`${JSON.stringify(await callApi(url, '/demo'), null, 2)}\n`);
    return 0;
  }
  if ((action !== 'stop' && action !== 'start') || id === undefined) throw new UsageError(DEMO_USAGE);
  const result = await callApi<{ changed: boolean }>(url, `/demo/lb/${encodeURIComponent(id)}/${action}`, 'POST');
  process.stdout.write(`${id}: ${action === 'stop' ? 'stopped' : 'started'}${result.changed ? '' : ' (it already was)'}\n`);
  return 0;
}

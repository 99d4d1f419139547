/** `dnsplane validate --config FILE`: exit 0 and a summary, or every problem and exit 2. */
import { formatConfigIssues, loadConfigFile } from '../app/config/index.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';

export const VALIDATE_USAGE = `dnsplane validate --config FILE
  Checks a configuration without starting anything. Exit 0 when valid, 2 with every problem
  (file:line:column: field: what is wrong) when not.`;

export async function validateCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' } });
  const path = stringOption(values, 'config');
  if (path === undefined) throw new UsageError('validate needs --config FILE');
  const loaded = await loadConfigFile(path);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
    return 2;
  }
  const c = loaded.config;
  process.stdout.write(`${path}: ok (zone ${c.zone}, ${c.fleet.loadBalancers.length} load balancers, ${c.fleet.endpoints.length} endpoints, enactors ${c.enactors.join(', ')})\n`);
  return 0;
}

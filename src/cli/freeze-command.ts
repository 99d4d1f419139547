/**
 * `dnsplane freeze [--endpoint NAME] --reason TEXT` and `dnsplane unfreeze [--endpoint NAME]`:
 * freeze in place. The Planner keeps planning and `dnsplane status` shows what it would change,
 * but the published records stay until unfrozen; unfreezing publishes the newest plan.
 * Without --endpoint, everything is frozen ('*').
 */
import type { OperatorControl } from '../core/safety/operator-controls.js';
import { resolveApiUrl } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { operatorName, postControl } from './control-client.js';

export const FREEZE_USAGE = `dnsplane freeze [--endpoint NAME] --reason TEXT [--by WHO] [--url URL | --data-dir DIR]
dnsplane unfreeze [--endpoint NAME] [--by WHO]
  Freeze in place: planning continues and status shows what would change, but nothing new is
  published for the endpoint (default: everything) until it is unfrozen.`;

const OPTIONS = { endpoint: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, url: { type: 'string' }, 'data-dir': { type: 'string' }, config: { type: 'string' } } as const;

export async function freezeCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const reason = stringOption(values, 'reason');
  if (reason === undefined) throw new UsageError('--reason is required: it is recorded with the freeze');
  const control = await postControl<OperatorControl>(await resolveApiUrl(values), '/controls', {
    kind: 'freeze', target: stringOption(values, 'endpoint') ?? '*', reason, by: operatorName(values),
  });
  process.stdout.write(`frozen: ${control.target} by ${control.by}: ${control.reason}\n`);
  return 0;
}

export async function unfreezeCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const result = await postControl<{ removed: OperatorControl[] }>(await resolveApiUrl(values), '/controls/remove', {
    kind: 'freeze', target: stringOption(values, 'endpoint') ?? '*', by: operatorName(values),
  });
  process.stdout.write(result.removed.length === 0 ? 'nothing was frozen there\n' : `unfrozen: ${result.removed.map((c) => c.target).join(', ')}\n`);
  return 0;
}

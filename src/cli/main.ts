/**
 * The dnsplane command line. Each command lives in its own file; this one only routes and maps
 * failures to exit codes: 0 success, 1 runtime failure, 2 bad usage or bad configuration.
 */
import { readFileSync } from 'node:fs';
import { StartupError } from '../app/runtime.js';
import { ApiUnreachable } from './api-client.js';
import { UsageError } from './args.js';
import { DEMO_USAGE, demoCommand } from './demo-command.js';
import { HISTORY_USAGE, historyCommand } from './history-command.js';
import { FREEZE_USAGE, freezeCommand, unfreezeCommand } from './freeze-command.js';
import { OVERRIDE_USAGE, overrideCommand } from './override-command.js';
import { ADOPT_USAGE, adoptCommand } from './adopt-command.js';
import { PLAN_USAGE, planCommand } from './plan-command.js';
import { clusterStatusCommand, DNS_SERVER_USAGE, dnsServerCommand, ENACTOR_USAGE, enactorCommand, PLANNER_USAGE, plannerCommand } from './role-commands.js';
import { STATUS_USAGE, statusCommand } from './status-command.js';
import { UP_USAGE, upCommand } from './up-command.js';
import { VALIDATE_USAGE, validateCommand } from './validate-command.js';

const SIM_USAGE = `dnsplane sim replay|explore|run ...   the deterministic simulator (docs/simulator.md; dnsplane sim --help)`;

const USAGE = ['usage:', UP_USAGE, STATUS_USAGE, PLAN_USAGE, VALIDATE_USAGE, DEMO_USAGE, OVERRIDE_USAGE, ADOPT_USAGE, FREEZE_USAGE, HISTORY_USAGE, PLANNER_USAGE, ENACTOR_USAGE, DNS_SERVER_USAGE, SIM_USAGE].join('\n\n');

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  up: upCommand,
  // `status --cluster --config F` reads the distributed deployment from etcd.
  status: (argv) => (argv.includes('--cluster') ? clusterStatusCommand(argv) : statusCommand(argv)),
  plan: planCommand,
  validate: validateCommand,
  demo: demoCommand,
  override: overrideCommand,
  adopt: adoptCommand,
  freeze: freezeCommand,
  unfreeze: unfreezeCommand,
  history: historyCommand,
  planner: plannerCommand,
  enactor: enactorCommand,
  'dns-server': dnsServerCommand,
  sim: runSim,
};

/** The simulator's commands load only when asked for: `up` does not pay for them. */
async function runSim(argv: readonly string[]): Promise<number> {
  const sim = await import('./sim-commands.js');
  return sim.runSimCommand([...argv]);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`dnsplane: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dnsplane ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StartupError || error instanceof ApiUnreachable) {
      process.stderr.write(`dnsplane ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function packageVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/**
 * The dnsplane command line. Each command lives in its own file; this one only routes, answers
 * --help and --version, and maps failures to exit codes: 0 success, 1 runtime failure, 2 bad usage
 * or bad configuration. With --json anywhere on the line, a failure is one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { StartupError } from '../app/runtime.js';
import { ApiUnreachable } from './api-client.js';
import { UsageError } from './args.js';
import { DEMO_USAGE, demoCommand } from './demo-command.js';
import { FREEZE_USAGE, freezeCommand, unfreezeCommand } from './freeze-command.js';
import { OVERRIDE_USAGE, overrideCommand } from './override-command.js';
import { ADOPT_USAGE, adoptCommand } from './adopt-command.js';
import { PLAN_USAGE, planCommand } from './plan-command.js';
import { clusterStatusCommand, DNS_SERVER_USAGE, dnsServerCommand, ENACTOR_USAGE, enactorCommand, PLANNER_USAGE, plannerCommand } from './role-commands.js';
import { HISTORY_USAGE, historyCommand } from './history-command.js';
import { SIM_USAGE } from './sim-usage.js';
import { STATUS_USAGE, statusCommand } from './status-command.js';
import { UP_USAGE, upCommand } from './up-command.js';
import { VALIDATE_USAGE, validateCommand } from './validate-command.js';
const COMMANDS = {
    up: { run: upCommand, usage: UP_USAGE },
    // `status --cluster --config F` reads the distributed deployment from etcd.
    status: { run: (argv) => (argv.includes('--cluster') ? clusterStatusCommand(argv) : statusCommand(argv)), usage: STATUS_USAGE },
    plan: { run: planCommand, usage: PLAN_USAGE },
    validate: { run: validateCommand, usage: VALIDATE_USAGE },
    demo: { run: demoCommand, usage: DEMO_USAGE },
    override: { run: overrideCommand, usage: OVERRIDE_USAGE },
    adopt: { run: adoptCommand, usage: ADOPT_USAGE },
    freeze: { run: freezeCommand, usage: FREEZE_USAGE },
    unfreeze: { run: unfreezeCommand, usage: FREEZE_USAGE },
    sim: { run: runSim, usage: SIM_USAGE },
    history: { run: historyCommand, usage: HISTORY_USAGE },
    planner: { run: plannerCommand, usage: PLANNER_USAGE },
    enactor: { run: enactorCommand, usage: ENACTOR_USAGE },
    'dns-server': { run: dnsServerCommand, usage: DNS_SERVER_USAGE },
};
const USAGE = [
    'usage: dnsplane COMMAND [OPTIONS]   (dnsplane COMMAND --help for one command; dnsplane --version)',
    ...Object.entries(COMMANDS).filter(([name]) => name !== 'unfreeze').map(([, entry]) => entry.usage),
].join('\n\n');
/** The simulator's commands load only when asked for: `up` does not pay for them. */
async function runSim(argv) {
    const sim = await import('./sim-commands.js');
    return sim.runSimCommand([...argv]);
}
export async function main(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        process[name === undefined ? 'stderr' : 'stdout'].write(`${USAGE}\n`);
        return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
        process.stdout.write(`${packageVersion()}\n`);
        return 0;
    }
    const json = rest.includes('--json');
    const command = COMMANDS[name];
    if (command === undefined)
        return fail(name, json, 2, 'usage', `unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; dnsplane --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`usage:\n${command.usage}\n`);
        return 0;
    }
    try {
        return await command.run(rest);
    }
    catch (error) {
        if (error instanceof UsageError)
            return fail(name, json, 2, 'usage', error.message);
        if (error instanceof StartupError)
            return fail(name, json, error.exitCode, 'startup', error.message);
        if (error instanceof ApiUnreachable)
            return fail(name, json, 1, 'api', error.message);
        throw error;
    }
}
/** One line on stderr, or with --json one object on stdout: `{ "error": { kind, message }, "exitCode" }`. */
function fail(command, json, exitCode, kind, message) {
    if (json)
        process.stdout.write(`${JSON.stringify({ error: { command, kind, message }, exitCode })}\n`);
    else
        process.stderr.write(`dnsplane ${command}: ${message}\n`);
    return exitCode;
}
function packageVersion() {
    const url = new URL('../../../package.json', import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version;
}
//# sourceMappingURL=main.js.map
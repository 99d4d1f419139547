/**
 * The role processes of the distributed deployment (docs/distributed.md): `dnsplane planner`,
 * `dnsplane enactor --zone Z`, `dnsplane dns-server`, each with `--config FILE`, and
 * `dnsplane status --cluster --config FILE` (read from etcd). SIGTERM or SIGINT finishes the
 * transaction in flight and exits 0.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { formatConfigIssues, loadConfigFile } from '../app/config/index.js';
import { clusterStatus, formatClusterStatus } from '../app/roles/cluster-status.js';
import { startDnsServerRole } from '../app/roles/dns-server-role.js';
import { startEnactorRole } from '../app/roles/enactor-role.js';
import { startPlannerRole } from '../app/roles/planner-role.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { writeJson } from './output.js';
export const PLANNER_USAGE = `dnsplane planner --config FILE [--instance NAME] [--json]
  health checks, Planner (leader-elected on etcd, fenced) and Cleaner; needs store.etcd`;
export const ENACTOR_USAGE = `dnsplane enactor --config FILE --zone ZONE [--json]
  one zone's Enactor: reads plans from etcd, writes the configured DNS providers`;
export const DNS_SERVER_USAGE = `dnsplane dns-server --config FILE [--data-dir DIR] [--json]
  the embedded authoritative DNS server alone (dns.listen, dns.tsig), persisting its zone in DIR/zone
  Roles always log JSON lines on stderr; --json also makes a configuration error one JSON object.`;
/** Options every role takes. */
const ROLE_OPTIONS = { config: { type: 'string' }, json: { type: 'boolean' } };
async function loadRoleConfig(values, dataDir) {
    const path = stringOption(values, 'config');
    if (path === undefined)
        throw new UsageError('--config FILE is required');
    const loaded = await loadConfigFile(path, { dataDir });
    if (!loaded.ok) {
        if (values['json'] === true)
            writeJson({ ok: false, problems: loaded.errors, exitCode: 2 });
        else
            process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
        return 2;
    }
    return loaded.config;
}
const log = (line) => void process.stderr.write(`${line}\n`);
/** Runs a role until SIGTERM/SIGINT (exit 0) or a fatal error inside it (its exit code). */
async function runUntilSignal(start) {
    let exitCode = null;
    let wake = () => undefined;
    const done = new Promise((resolveDone) => {
        wake = resolveDone;
    });
    const onSignal = () => wake();
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    const role = await start((code) => {
        exitCode = code;
        wake();
    });
    await done;
    log(JSON.stringify({ level: 'info', msg: 'stopping: finishing transactions in flight' }));
    await role.stop();
    return exitCode ?? 0;
}
export async function plannerCommand(argv) {
    const { values } = parseCommandArgs(argv, { ...ROLE_OPTIONS, instance: { type: 'string' } });
    const config = await loadRoleConfig(values, resolve('dnsplane-data'));
    if (typeof config === 'number')
        return config;
    const instance = stringOption(values, 'instance') ?? `${hostname()}:${process.pid}`;
    return runUntilSignal((exit) => startPlannerRole(config, { instance, log, exit }));
}
export async function enactorCommand(argv) {
    const { values } = parseCommandArgs(argv, { ...ROLE_OPTIONS, zone: { type: 'string' } });
    const zone = stringOption(values, 'zone');
    if (zone === undefined)
        throw new UsageError('--zone ZONE is required (one of the config\'s enactors)');
    const config = await loadRoleConfig(values, resolve('dnsplane-data'));
    if (typeof config === 'number')
        return config;
    return runUntilSignal((exit) => startEnactorRole(config, { zone, log, exit }));
}
export async function dnsServerCommand(argv) {
    const { values } = parseCommandArgs(argv, { ...ROLE_OPTIONS, 'data-dir': { type: 'string' } });
    const dataDir = resolve(stringOption(values, 'data-dir') ?? 'dnsplane-data');
    const config = await loadRoleConfig(values, dataDir);
    if (typeof config === 'number')
        return config;
    return runUntilSignal(() => startDnsServerRole(config, { dataDir, log }));
}
/** `dnsplane status --cluster --config FILE [--json]`. */
export async function clusterStatusCommand(argv) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' }, cluster: { type: 'boolean' }, json: { type: 'boolean' } });
    const config = await loadRoleConfig(values, resolve('dnsplane-data'));
    if (typeof config === 'number')
        return config;
    const status = await clusterStatus(config);
    process.stdout.write(values['json'] === true ? `${JSON.stringify(status, null, 2)}\n` : formatClusterStatus(status));
    return status.etcd.reachable ? 0 : 1;
}
//# sourceMappingURL=role-commands.js.map
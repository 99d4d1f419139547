/**
 * What every role process of the distributed deployment shares: the etcd connection (plans,
 * controls, heartbeats), the event hub (one JSON line per decision on stderr), the providers, and
 * a stop that finishes the transaction in flight. Each role builds its parts through the one
 * assembly (app/assembly.ts), with the same settings `up` uses.
 */
import { readFileSync } from 'node:fs';
import { EtcdConnection } from '../../adapters/store-etcd/etcd-connection.js';
import { EtcdControlStore } from '../../adapters/store-etcd/etcd-control-store.js';
import { EtcdEventLog } from '../../adapters/store-etcd/etcd-event-log.js';
import { EtcdPlanStore } from '../../adapters/store-etcd/etcd-plan-store.js';
import { systemClock } from '../../adapters/clock-system/system-clock.js';
import { ControlPlaneAssembly, isBrokenInvariant } from '../assembly.js';
import { controlPlaneSettings } from '../config/control-plane.js';
import { EventHub } from '../events.js';
import { OperatorControls } from '../operator-controls.js';
import { buildDeploymentProviders } from '../providers.js';
import { StartupError } from '../runtime.js';
export function requireEtcd(config, role) {
    const etcd = config.store.etcd;
    if (etcd === undefined)
        throw new StartupError(`dnsplane ${role} needs store.etcd in the config (docs/distributed.md)`, 2);
    return etcd;
}
export function openEtcd(etcd, env = process.env) {
    const connection = EtcdConnection.open({
        endpoints: etcd.endpoints, prefix: etcd.prefix,
        ...(etcd.tls === undefined ? {} : { tls: etcd.tls }),
        ...(etcd.auth === undefined ? {} : { auth: { username: etcd.auth.username, password: etcdPassword(etcd.auth, env) } }),
    });
    return { etcd: connection, plans: new EtcdPlanStore(connection), controlStore: new EtcdControlStore(connection), audit: new EtcdEventLog(connection) };
}
/** Flushes the audit events still pending (one attempt), then closes the connection. */
export async function closeEtcd(parts) {
    await parts.audit.close();
    parts.etcd.close();
}
function etcdPassword(auth, env) {
    if (auth.passwordFile !== undefined)
        return readFileSync(auth.passwordFile, 'utf8').trim();
    const value = auth.passwordEnv === undefined ? undefined : env[auth.passwordEnv];
    if (value === undefined || value === '')
        throw new StartupError(`store.etcd.auth.passwordEnv: ${auth.passwordEnv ?? ''} is not set`, 2);
    return value;
}
/**
 * The DNS targets of a role process. The embedded provider writes a server inside the same
 * process, which a role process does not have: its DNS servers are `dnsplane dns-server`
 * processes (or BIND, Knot, PowerDNS, Route 53), written over the wire.
 */
export function roleProviders(config, role) {
    const embedded = config.providers.find((p) => p.type === 'embedded');
    if (embedded !== undefined) {
        throw new StartupError(`dnsplane ${role}: provider '${embedded.id}' is embedded; a role process writes DNS servers over the wire (type rfc2136 to dnsplane dns-server processes, docs/distributed.md)`, 2);
    }
    const built = buildDeploymentProviders(config.providers, () => {
        throw new StartupError('unreachable: embedded providers were refused above');
    }, process.env, Math.max(1, ...config.fleet.endpoints.map((e) => e.answersMax)));
    if (!built.ok)
        throw new StartupError(`cannot set up DNS providers: ${built.message}`, 2);
    return built.value;
}
export function roleAssembly(config) {
    return new ControlPlaneAssembly(controlPlaneSettings(config));
}
export function roleControls(config, parts, events, onChange) {
    return new OperatorControls(parts.controlStore, systemClock, events, new Set(config.fleet.endpoints.map((e) => e.name)), onChange);
}
/** Logs a loop's error; a broken invariant stops the process (exit 1: its supervisor restarts it, DNS keeps answering). */
export function roleErrorHandler(log, stop) {
    return (name, error) => {
        const message = error instanceof Error ? error.message : String(error);
        const fatal = isBrokenInvariant(error);
        log(JSON.stringify({ level: fatal ? 'fatal' : 'error', component: name, error: message }));
        if (fatal)
            stop(1);
    };
}
/**
 * Routine successes stay in the process (its log ring and heartbeat): with every Enactor applying
 * every second they would be most of the traffic to etcd and none of the decisions.
 */
const ROUTINE_KINDS = new Set(['enact.applied', 'plan.unchanged']);
/** Decisions as JSON lines on the process's log, as `up` writes them, and into the audit history in etcd. */
export function newRoleEvents(log, parts) {
    const hub = new EventHub(log);
    hub.addSink({ record: (event) => { if (!ROUTINE_KINDS.has(event.kind))
            parts.audit.record(event); } });
    return hub;
}
//# sourceMappingURL=role-support.js.map
/**
 * `dnsplane dns-server`: the embedded authoritative server on its own, answering from its
 * persisted zone and written by the Enactors over RFC 2136 (TSIG) like any other target. Nothing
 * here talks to etcd: the answer path does not depend on the control plane.
 */
import { join } from 'node:path';
import { systemRandom } from '../../adapters/random-system/system-random.js';
import { tsigKey } from '../../dns-wire/index.js';
import { DataDirUnwritable } from '../../dns-server/data-dir.js';
import { startEmbeddedDns } from '../../dns-server/server.js';
import { StartupError } from '../runtime.js';
export async function startDnsServerRole(config, options) {
    const tsig = config.dns.tsig;
    if (tsig === undefined)
        throw new StartupError('dnsplane dns-server needs dns.tsig: the Enactors write it over RFC 2136, signed', 2);
    let dns;
    try {
        dns = await startEmbeddedDns({ ...embeddedDnsSettings(config), origin: config.zone, listen: config.dns.listen, dataDir: join(options.dataDir, 'zone') });
    }
    catch (error) {
        if (error instanceof DataDirUnwritable)
            throw new StartupError(error.message, 2);
        throw new StartupError(`cannot start the DNS server on ${config.dns.listen.host}:${config.dns.listen.port}: ${error instanceof Error ? error.message : String(error)}`);
    }
    options.log(JSON.stringify({ level: 'info', msg: 'dnsplane dns-server', zone: config.zone, dns: `${config.dns.listen.host}:${dns.port}` }));
    return { port: dns.port, stop: async () => { await dns.close(); } };
}
/**
 * The embedded server's settings from the config, for `up` and `dnsplane dns-server` alike: the
 * Enactors' key (dns.tsig) may change the managed names and `_dnsplane.*`, operator keys every
 * other name, and read the zone by transfer (as the keys of dns.transfer.keys may); rate
 * limiting, the TCP limits and the UPDATE bound as configured.
 */
export function embeddedDnsSettings(config) {
    const dns = config.dns;
    const enactorKey = dns.tsig === undefined ? [] : [dns.tsig];
    const grants = new Map([
        ...enactorKey.map((key) => [key.name, 'managed']),
        ...dns.operatorKeys.map((key) => [key.name, 'unmanaged']),
    ]);
    return {
        tsigKeys: [...enactorKey, ...dns.operatorKeys].map((key) => tsigKey(key.name, key.algorithm, key.secret)),
        random: systemRandom,
        workers: dns.workers,
        updatePolicy: { grants, managedNames: new Set(config.fleet.endpoints.map((endpoint) => String(endpoint.name))) },
        updateRecordsMax: dns.updateRecordsMax,
        rateLimit: dns.rateLimit.responsesPerSecond === 0 ? null : dns.rateLimit,
        tcpConnectionsPerClientMax: dns.tcp.connectionsPerClientMax,
        tcpMessageDeadlineMs: dns.tcp.messageDeadlineMs,
        // The Enactors' key may read the zone by transfer too: an Enactor reads many names in one
        // AXFR over TCP, which rate limiting never touches (by UDP queries, a fresh server's
        // NXDOMAINs share one account and most of a first sync's reads would be dropped).
        transfer: { keys: [...enactorKey.map((key) => key.name), ...dns.transfer.keys], notify: dns.transfer.notify },
    };
}
//# sourceMappingURL=dns-server-role.js.map
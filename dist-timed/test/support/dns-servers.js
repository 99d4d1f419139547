/**
 * Real authoritative DNS servers for tests and benchmarks: BIND 9 (named), Knot DNS (knotd) and
 * PowerDNS (pdns_server with the gsqlite3 backend), each primary for one zone on 127.0.0.1 with a
 * free high port, in its own temp dir, with a random TSIG secret that allows updates and zone
 * transfers. Settings follow ../shared/recipes/dns-up.sh and its pitfalls:
 *
 * - PowerDNS: `security-poll-suffix=` (no lookup may leave the machine), `dnsupdate=yes`, and
 *   TSIG-ALLOW-DNSUPDATE so that only signed updates are accepted.
 * - Knot: block-style YAML, and `database.storage` must exist or every update is SERVFAIL.
 * - Servers take 1-2 s to exit and Knot binds with SO_REUSEPORT: `stop()` waits for the PID to
 *   exit, so a restart on the same port never races the old process.
 *
 * A missing binary is reported with the Debian package that provides it. With CI=true that is a
 * failure; elsewhere the caller may skip (see `missingDnsServerPackages`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDns } from '../../src/adapters/dns-client/dns-client.js';
import { RRType, Rcode } from '../../src/dns-wire/index.js';
export const DNS_SERVER_KINDS = ['bind', 'knot', 'pdns'];
const READY_ATTEMPTS_MAX = 100;
const READY_POLL_MS = 100;
const STOP_TIMEOUT_MS = 8000;
const START_ATTEMPTS_MAX = 3;
const PACKAGE_OF = {
    bind: { binaries: ['named'], packages: 'bind9' },
    knot: { binaries: ['knotd'], packages: 'knot' },
    pdns: { binaries: ['pdns_server', 'pdnsutil', 'sqlite3'], packages: 'pdns-server pdns-backend-sqlite3 sqlite3' },
};
function onPath(binary) {
    for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env['PATH'] ?? '').split(':')]) {
        if (dir !== '' && spawnSync('test', ['-x', join(dir, binary)]).status === 0)
            return true;
    }
    return false;
}
/** The Debian packages to install for the servers whose binaries are missing (empty: all present). */
export function missingDnsServerPackages(kinds = DNS_SERVER_KINDS) {
    return kinds.filter((kind) => !PACKAGE_OF[kind].binaries.every(onPath)).map((kind) => PACKAGE_OF[kind].packages);
}
/**
 * True when the real-server tests should run. With CI=true a missing server is an error naming the
 * package, never a silent skip.
 */
export function realDnsServersAvailable(kinds = DNS_SERVER_KINDS) {
    const missing = missingDnsServerPackages(kinds);
    if (missing.length === 0)
        return true;
    const message = `real DNS server tests need Debian packages: apt-get install -y ${missing.join(' ')}`;
    if (process.env['CI'] === 'true')
        throw new Error(message);
    process.stderr.write(`skipping: ${message}\n`);
    return false;
}
/** A port free on 127.0.0.1 for both UDP and TCP at the moment of asking. */
export async function freePort() {
    for (let attempt = 0; attempt < 20; attempt++) {
        const port = await new Promise((resolve, reject) => {
            const server = createServer();
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => {
                const address = server.address();
                server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
            });
        });
        const udpFree = await new Promise((resolve) => {
            const socket = createSocket('udp4');
            socket.once('error', () => resolve(false));
            socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
        });
        if (port > 1024 && udpFree)
            return port;
    }
    throw new Error('no free port for both UDP and TCP after 20 attempts');
}
export function newTsigMaterial(algorithm = 'hmac-sha256') {
    const bytes = algorithm === 'hmac-sha512' ? 64 : 32;
    return { name: 'dnsplane-key', algorithm, secretBase64: randomBytes(bytes).toString('base64') };
}
function zoneFile(zone, extra) {
    return [
        '$TTL 60',
        `@ IN SOA ns1.${zone} hostmaster.${zone} 1 3600 600 86400 60`,
        `@ IN NS ns1.${zone}`,
        'ns1 IN A 127.0.0.1',
        ...extra,
        '',
    ].join('\n');
}
function prepareBind(dir, port, zone, tsig, zoneText) {
    const bare = zone.replace(/\.$/, '');
    writeFileSync(join(dir, 'zone.db'), zoneText);
    writeFileSync(join(dir, 'named.conf'), `options {
  directory "${dir}"; pid-file "${dir}/named.pid"; session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}"; listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no;
};
controls { };
key "${tsig.name}" { algorithm ${tsig.algorithm}; secret "${tsig.secretBase64}"; };
zone "${bare}" { type primary; file "zone.db"; allow-update { key ${tsig.name}; }; allow-transfer { key ${tsig.name}; }; };
`);
    return { command: 'named', args: ['-g', '-c', join(dir, 'named.conf')] };
}
function prepareKnot(dir, port, zone, tsig, zoneText) {
    const bare = zone.replace(/\.$/, '');
    mkdirSync(join(dir, 'zones'), { recursive: true });
    mkdirSync(join(dir, 'db'), { recursive: true });
    writeFileSync(join(dir, 'zones', `${bare}.zone`), zoneText);
    writeFileSync(join(dir, 'knot.conf'), `server:
  rundir: "${dir}"
  pidfile: "${dir}/knot.pid"
  listen: 127.0.0.1@${port}
log:
  - target: stderr
    any: info
database:
  storage: "${dir}/db"
control:
  listen: "${dir}/knot.sock"
key:
  - id: ${tsig.name}
    algorithm: ${tsig.algorithm}
    secret: ${tsig.secretBase64}
acl:
  - id: upd
    address: 127.0.0.0/8
    key: ${tsig.name}
    action: [update, transfer]
template:
  - id: default
    storage: "${dir}/zones"
    file: "%s.zone"
zone:
  - domain: ${bare}
    acl: upd
`);
    return { command: 'knotd', args: ['-c', join(dir, 'knot.conf')] };
}
function preparePdns(dir, port, zone, tsig, zoneText) {
    const bare = zone.replace(/\.$/, '');
    const database = join(dir, 'pdns.sqlite3');
    writeFileSync(join(dir, 'zone.db'), zoneText);
    writeFileSync(join(dir, 'pdns.conf'), [
        'launch=gsqlite3', `gsqlite3-database=${database}`, 'local-address=127.0.0.1', `local-port=${port}`,
        `socket-dir=${dir}`, 'daemon=no', 'guardian=no', 'disable-syslog=yes', 'security-poll-suffix=',
        'dnsupdate=yes', 'allow-dnsupdate-from=127.0.0.0/8', 'allow-axfr-ips=127.0.0.0/8', 'webserver=no', '',
    ].join('\n'));
    const schema = readFileSync('/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql', 'utf8');
    mustRun('sqlite3', [database], schema);
    const util = ['--config-dir', dir];
    mustRun('pdnsutil', [...util, 'load-zone', bare, join(dir, 'zone.db')]);
    mustRun('pdnsutil', [...util, 'import-tsig-key', tsig.name, tsig.algorithm, tsig.secretBase64]);
    mustRun('pdnsutil', [...util, 'set-meta', bare, 'TSIG-ALLOW-DNSUPDATE', tsig.name]);
    // Without this PowerDNS answers a signed AXFR unsigned (it authorises transfers by address).
    mustRun('pdnsutil', [...util, 'set-meta', bare, 'TSIG-ALLOW-AXFR', tsig.name]);
    return { command: 'pdns_server', args: [`--config-dir=${dir}`] };
}
function mustRun(command, args, input) {
    const result = spawnSync(command, args, { input, encoding: 'utf8', timeout: 20_000 });
    // Never echo the arguments: one of them may be the TSIG secret.
    if (result.status !== 0)
        throw new Error(`${command} ${args[0] ?? ''}... failed (${result.status}): ${result.stderr}`);
}
class ServerProcess {
    kind;
    port;
    zone;
    tsig;
    dir;
    spec;
    host = '127.0.0.1';
    child = null;
    exited = Promise.resolve();
    logPath;
    constructor(kind, port, zone, tsig, dir, spec) {
        this.kind = kind;
        this.port = port;
        this.zone = zone;
        this.tsig = tsig;
        this.dir = dir;
        this.spec = spec;
        this.logPath = join(dir, 'server.log');
    }
    pid() {
        return this.child?.pid ?? -1;
    }
    log() {
        try {
            return readFileSync(this.logPath, 'utf8');
        }
        catch {
            return '';
        }
    }
    async start() {
        const out = openSync(this.logPath, 'a');
        const child = spawn(this.spec.command, [...this.spec.args], { stdio: ['ignore', out, out] });
        closeSync(out);
        this.child = child;
        RUNNING.add(child);
        child.once('exit', () => RUNNING.delete(child));
        let hasExited = false;
        this.exited = new Promise((resolve) => child.once('exit', () => { hasExited = true; resolve(); }));
        for (let attempt = 0; attempt < READY_ATTEMPTS_MAX; attempt++) {
            if (hasExited)
                break;
            const soa = await queryDns({ host: this.host, port: this.port }, this.zone, RRType.SOA, { timeoutMs: 200 });
            if (soa.ok && soa.value.header.rcode === Rcode.NOERROR && soa.value.answers.length > 0)
                return;
            await sleep(READY_POLL_MS);
        }
        await this.stop();
        throw new Error(`${this.kind} did not answer for ${this.zone} on ${this.host}:${this.port}; log:\n${this.log().slice(-2000)}`);
    }
    async stop() {
        const child = this.child;
        if (child === null)
            return;
        this.child = null;
        if (child.exitCode === null && child.signalCode === null)
            child.kill('SIGTERM');
        const timedOut = await Promise.race([this.exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
        if (timedOut) {
            child.kill('SIGKILL');
            await this.exited;
        }
    }
    async close() {
        await this.stop();
        rmSync(this.dir, { recursive: true, force: true });
    }
}
/** Every server child still running, so a process that is stopped can stop them too. */
const RUNNING = new Set();
/**
 * Kills (SIGKILL, by PID) every server this process started and has not stopped: for an `exit`
 * or signal handler, where nothing asynchronous runs any more. Returns how many were running.
 */
export function killRunningDnsServers() {
    const count = RUNNING.size;
    for (const child of RUNNING)
        if (child.exitCode === null && child.signalCode === null)
            child.kill('SIGKILL');
    RUNNING.clear();
    return count;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** Starts one server; retried on a fresh port if the port was taken between choosing and binding. */
export async function startDnsServer(kind, options = {}) {
    const missing = missingDnsServerPackages([kind]);
    if (missing.length > 0)
        throw new Error(`${kind} is not installed: apt-get install -y ${missing.join(' ')}`);
    const zone = (options.zone ?? 'example.test.').toLowerCase();
    const tsig = newTsigMaterial(options.algorithm);
    let lastError = null;
    for (let attempt = 0; attempt < START_ATTEMPTS_MAX; attempt++) {
        const dir = mkdtempSync(join(tmpdir(), `dnsplane-${kind}-`));
        const port = await freePort();
        const zoneText = zoneFile(zone, options.records ?? []);
        const prepare = kind === 'bind' ? prepareBind : kind === 'knot' ? prepareKnot : preparePdns;
        const server = new ServerProcess(kind, port, zone, tsig, dir, prepare(dir, port, zone, tsig, zoneText));
        try {
            await server.start();
            return server;
        }
        catch (error) {
            lastError = error;
            await server.close();
        }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
//# sourceMappingURL=dns-servers.js.map
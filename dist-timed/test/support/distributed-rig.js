/**
 * A distributed deployment on loopback for real-process tests: a 3-member etcd cluster, HTTP
 * "load balancers" whose health the test switches, `dnsplane dns-server` processes, and
 * `dnsplane planner` / `dnsplane enactor` processes (bin/dnsplane.js, so dist/ must be built),
 * each started and stopped by PID, all in one temp dir.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './dnsplane-process.js';
import { freePort, newTsigMaterial } from './dns-servers.js';
import { startEtcdCluster } from './etcd-cluster.js';
export class RoleProcess {
    name;
    child;
    events = [];
    stderr = '';
    exited;
    buffered = '';
    constructor(name, child) {
        this.name = name;
        this.child = child;
        child.stderr?.on('data', (chunk) => {
            this.stderr += chunk.toString();
            this.buffered += chunk.toString();
            const lines = this.buffered.split('\n');
            this.buffered = lines.pop() ?? '';
            for (const line of lines) {
                try {
                    this.events.push({ ...JSON.parse(line), seenAtMs: Date.now() });
                }
                catch {
                    // Not a log line (a stack trace): kept in stderr only.
                }
            }
        });
        this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    }
    get pid() {
        return this.child.pid ?? -1;
    }
    signal(signal) {
        if (this.child.exitCode === null && this.child.signalCode === null)
            process.kill(this.pid, signal);
    }
    async kill() {
        // A stopped process must be continued to die of SIGTERM; SIGKILL needs no help.
        this.signal('SIGKILL');
        await this.exited;
    }
    created() {
        return this.events.filter((e) => e.kind === 'plan.created');
    }
}
export class DistributedRig {
    dir;
    etcd;
    configPath;
    lbs;
    servers;
    dnsPorts;
    prefix;
    processes = [];
    constructor(dir, etcd, configPath, lbs, servers, 
    /** The DNS servers' ports; the first is `dnsPort`. */
    dnsPorts, prefix) {
        this.dir = dir;
        this.etcd = etcd;
        this.configPath = configPath;
        this.lbs = lbs;
        this.servers = servers;
        this.dnsPorts = dnsPorts;
        this.prefix = prefix;
    }
    get dnsPort() {
        return this.dnsPorts[0];
    }
    static async start(options) {
        const dir = await mkdtemp(join(tmpdir(), 'dnsplane-distributed-'));
        const etcd = await startEtcdCluster();
        const lbs = [];
        const servers = [];
        for (let i = 1; i <= 4; i++) {
            const index = lbs.length;
            // The handler reads the switch in the array: the object the test flips.
            const server = createServer((_request, response) => {
                response.statusCode = lbs[index]?.healthy === false ? 503 : 200;
                response.end();
            });
            await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
            const address = server.address();
            lbs.push({ id: `lb-${i}`, port: typeof address === 'object' && address !== null ? address.port : 0, healthy: true });
            servers.push(server);
        }
        const dnsPorts = [];
        for (let i = 0; i < (options.dnsServers ?? 1); i++)
            dnsPorts.push(await freePort());
        const tsig = newTsigMaterial();
        const prefix = `/dnsplane-rig-${process.pid}/`;
        const zoneLines = options.zones.map((z) => `  - name: api.${z}.example.test.\n    select: { az: ${z} }`).join('\n');
        const config = [
            'zone: example.test.',
            'region: test-1',
            'loadBalancers:',
            ...lbs.map((lb, i) => `  - { id: ${lb.id}, az: ${options.zones[i % options.zones.length]}, ipv4: 192.0.2.${i + 11}, capacity: 100, check: { http: "http://127.0.0.1:${lb.port}/health" } }`),
            'endpoints:',
            '  - name: api.test-1.example.test.',
            '    select: {}',
            zoneLines,
            `enactors: [${options.zones.join(', ')}]`,
            // holdDownMs 0: no flap damping, so the test's flapping keeps producing generations.
            'health: { intervalMs: 200, timeoutMs: 150, unhealthyThreshold: 1, healthyThreshold: 1, holdDownMs: 0 }',
            `planner: { intervalMs: ${options.plannerIntervalMs}, liveFenceCheckIntervalMs: 500 }`,
            'enactor: { intervalMs: 200 }',
            'guards: { minCapacityShare: 0 }',
            options.safety ?? 'safety: { velocity: { maxShare: 1 }, panicThreshold: 1, minZones: 1, zoneUnhealthyShare: 1 }',
            ...(options.extraConfig ?? []),
            'providers:',
            ...dnsPorts.map((port, i) => `  - { id: dns${i + 1}, type: rfc2136, server: "127.0.0.1:${port}", tsig: { name: ${tsig.name}, algorithm: ${tsig.algorithm}, secretFile: tsig.secret } }`),
            `store: { etcd: { endpoints: [${etcd.endpoints.map((e) => `"${e}"`).join(', ')}], prefix: "${prefix}" } }`,
        ].join('\n');
        const dnsLine = (port) => `dns: { listen: "127.0.0.1:${port}", tsig: { name: ${tsig.name}, algorithm: ${tsig.algorithm}, secret: "${tsig.secretBase64}" } }`;
        await writeFile(join(dir, 'tsig.secret'), `${tsig.secretBase64}\n`, { mode: 0o600 });
        const configPath = join(dir, 'dnsplane.yaml');
        await writeFile(configPath, `${config}\n${dnsLine(dnsPorts[0])}\n`);
        // One config file per further DNS server, differing only in dns.listen (on separate machines
        // they would share one file); the other roles use the first.
        for (let i = 1; i < dnsPorts.length; i++)
            await writeFile(join(dir, `dnsplane-dns${i + 1}.yaml`), `${config}\n${dnsLine(dnsPorts[i])}\n`);
        return new DistributedRig(dir, etcd, configPath, lbs, servers, dnsPorts, prefix);
    }
    spawn(name, args, configPath = this.configPath) {
        const child = spawn(process.execPath, [BIN, ...args, '--config', configPath], { stdio: ['ignore', 'ignore', 'pipe'], cwd: this.dir });
        const role = new RoleProcess(name, child);
        this.processes.push(role);
        return role;
    }
    planner(instance) {
        return this.spawn(`planner ${instance}`, ['planner', '--instance', instance]);
    }
    enactor(zone) {
        return this.spawn(`enactor ${zone}`, ['enactor', '--zone', zone]);
    }
    /** Starts `dnsplane dns-server` number `index` (0-based) and waits until it has announced its port. */
    async dnsServer(index = 0) {
        const configPath = index === 0 ? this.configPath : join(this.dir, `dnsplane-dns${index + 1}.yaml`);
        const name = index === 0 ? 'dns-server' : `dns-server ${index + 1}`;
        const server = this.spawn(name, ['dns-server', '--data-dir', join(this.dir, index === 0 ? 'dns-data' : `dns-data-${index + 1}`)], configPath);
        // Up to 30 s: with several real-process test files in parallel on 2 cores a start can take 10 s.
        for (let i = 0; i < 600 && !server.events.some((e) => e.msg === 'dnsplane dns-server'); i++) {
            if (server.child.exitCode !== null)
                break;
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!server.events.some((e) => e.msg === 'dnsplane dns-server'))
            throw new Error(`dns-server did not start: ${server.stderr}`);
        return server;
    }
    async stop() {
        await Promise.all(this.processes.map((p) => p.kill()));
        for (const server of this.servers)
            server.close();
        await this.etcd.stop();
        await rm(this.dir, { recursive: true, force: true });
    }
}
//# sourceMappingURL=distributed-rig.js.map
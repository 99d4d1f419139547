/**
 * `npm run bench -- distributed`: the distributed deployment against the single-process `up`, in
 * the same run, on the same fleet and the same health checks:
 *
 *   distributed   a 3-member etcd cluster, `dnsplane planner` (the leader), `dnsplane enactor`,
 *                 `dnsplane dns-server` written over RFC 2136, each a process of its own
 *   up            `dnsplane up`: SQLite, the Planner, the Enactor and the embedded DNS server in one
 *
 * For 1,000 and 10,000 endpoints (8 load balancers each, out of a pool of 100, every one checked
 * over HTTP every 250 ms): a load balancer is failed (then restored) and the time until a DNS
 * client sees the address leave (then return) in one endpoint's answer is measured, from the
 * flip of its health to the answer; detection is part of it in both modes, so the ratio compares
 * what lies between. Then, distributed only: Planner takeover after kill -9 and after SIGSTOP of
 * the leader (the old leader's writes after SIGCONT are counted), and etcd create and watch
 * latency of a 1,000-endpoint plan.
 *
 * DNSPLANE_BENCH_DISTRIBUTED_SIZES=1000 measures one size only (a quick run).
 *
 * Bounded: every wait has a deadline, every process is stopped by PID, and run.ts bounds the section.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EtcdConnection } from '../src/adapters/store-etcd/etcd-connection.js';
import { EtcdPlanStore, LATEST_KEY_PATH } from '../src/adapters/store-etcd/etcd-plan-store.js';
import { queryDns } from '../src/adapters/dns-client/dns-client.js';
import { generation, loadBalancerId } from '../src/core/model/ids.js';
import { makePlan } from '../src/core/model/plan.js';
import { RRType } from '../src/dns-wire/index.js';
import { freePort, newTsigMaterial } from '../test/support/dns-servers.js';
import { startEtcdCluster } from '../test/support/etcd-cluster.js';
import { RoleProcess } from '../test/support/distributed-rig.js';
import { syntheticFleet } from './fleet.js';
import { startAnswerWatcher } from './answer-watcher-client.js';
const BIN = new URL('../../bin/dnsplane.js', import.meta.url).pathname;
const LB_POOL = 100;
const PER_ENDPOINT = 8;
const HEALTH_INTERVAL_MS = 250;
const PLANNER_INTERVAL_MS = 200;
/** Removals plus restorations measured per mode and size. */
const CHANGES_PER_RUN = 6;
/** A change not served within this is counted as missed (and the next one waits for the fleet to settle). */
const CHANGE_DEADLINE_MS = 45_000;
const CONVERGE_DEADLINE_MS = 240_000;
const ETCD_ROUNDS = 20;
/** DNSPLANE_BENCH_DISTRIBUTED_SIZES=1000 for a quick run; default 1,000 and 10,000. */
export function distributedSizes(env = process.env) {
    const sizes = (env['DNSPLANE_BENCH_DISTRIBUTED_SIZES'] ?? '').split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 100_000);
    return sizes.length > 0 ? sizes : [1_000, 10_000];
}
export async function benchDistributed(sizes = distributedSizes()) {
    const health = await HealthSwitchboard.start();
    const etcd = await startEtcdCluster();
    const changes = [];
    let takeover = null;
    let etcdLatency = null;
    try {
        for (const endpoints of sizes) {
            changes.push(await measureUp(endpoints, health));
            const distributed = await measureDistributed(endpoints, health, etcd, endpoints === sizes[0]);
            changes.push(distributed.latency);
            takeover ??= distributed.takeover;
        }
        etcdLatency = await measureEtcd(etcd);
    }
    finally {
        await etcd.stop();
        health.close();
    }
    const ratios = sizes.map((endpoints) => {
        const up = changes.find((c) => c.mode === 'up' && c.endpoints === endpoints);
        const distributed = changes.find((c) => c.mode === 'distributed' && c.endpoints === endpoints);
        return { endpoints, p50: distributed.p50Ms / up.p50Ms, p99: distributed.p99Ms / up.p99Ms };
    });
    return { changes, ratios, takeover, etcd: etcdLatency };
}
/** One HTTP server answering every load balancer's check: `/lb/<id>` is 503 while the id is failed. */
class HealthSwitchboard {
    server;
    port;
    failed = new Set();
    constructor(server, port) {
        this.server = server;
        this.port = port;
    }
    static async start() {
        let board = null;
        const server = createServer((request, response) => {
            response.statusCode = board?.failed.has((request.url ?? '').slice('/lb/'.length)) === true ? 503 : 200;
            response.end();
        });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        const address = server.address();
        board = new HealthSwitchboard(server, typeof address === 'object' && address !== null ? address.port : 0);
        return board;
    }
    close() {
        this.server.close();
    }
}
function fleetConfig(endpoints, health) {
    const fleet = syntheticFleet(endpoints, PER_ENDPOINT);
    // The endpoints over a fixed pool: one failure touches about endpoints × 8 / 100 names.
    const pool = Array.from({ length: LB_POOL }, (_, i) => ({ id: `lb-${i}`, ipv4: `10.0.${i >> 8}.${i & 255}` }));
    return {
        zone: 'example.test.',
        region: 'bench-1',
        loadBalancers: pool.map((lb) => ({ id: lb.id, az: 'az1', ipv4: lb.ipv4, capacity: 100, check: { http: `http://127.0.0.1:${health.port}/lb/${lb.id}` } })),
        endpoints: fleet.endpoints.map((e, i) => ({ name: e.name, select: { ids: Array.from({ length: PER_ENDPOINT }, (_, k) => `lb-${(i * 7 + k * 13) % LB_POOL}`) } })),
        enactors: ['az1'],
        health: { intervalMs: HEALTH_INTERVAL_MS, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1, holdDownMs: 0 },
        planner: { intervalMs: PLANNER_INTERVAL_MS },
        enactor: { intervalMs: 200 },
        guards: { minCapacityShare: 0 },
        safety: { velocity: { maxShare: 1 }, panicThreshold: 1, minZones: 1, zoneUnhealthyShare: 1 },
    };
}
/** The endpoint measured for load balancer `lb-k`: the first that selects it, and its address. */
function probeFor(config, k) {
    const endpoints = config['endpoints'];
    const lbs = config['loadBalancers'];
    const lb = lbs[k % lbs.length];
    // From the end of the list: the Enactor writes in name order, so these are written last.
    const endpoint = [...endpoints].reverse().find((e) => e.select.ids.includes(lb.id));
    return { name: endpoint.name, lb: lb.id, address: lb.ipv4 };
}
async function measureUp(endpoints, health) {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplane-bench-up-'));
    const dnsPort = await freePort();
    const config = { ...fleetConfig(endpoints, health), dns: { listen: `127.0.0.1:${dnsPort}` }, http: { listen: '127.0.0.1:0' }, store: { sqlite: join(dir, 'plans.db') } };
    writeFileSync(join(dir, 'fleet.yaml'), JSON.stringify(config));
    const up = spawnQuiet(['up', '--config', join(dir, 'fleet.yaml'), '--data-dir', dir], dir);
    try {
        return await measureChanges('up', endpoints, config, dnsPort, health);
    }
    finally {
        await stop(up);
        rmSync(dir, { recursive: true, force: true });
    }
}
async function measureDistributed(endpoints, health, etcd, withTakeover) {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplane-bench-distributed-'));
    const dnsPort = await freePort();
    const tsig = newTsigMaterial();
    const prefix = `/dnsplane-bench-${process.pid}-${endpoints}/`;
    writeFileSync(join(dir, 'tsig.secret'), `${tsig.secretBase64}\n`, { mode: 0o600 });
    const config = {
        ...fleetConfig(endpoints, health),
        // Response rate limiting (on by default) charges every NXDOMAIN from one client prefix to one
        // account: the Enactor's first read of a fresh server (every name absent) is then mostly
        // dropped and the initial sync never completes. Off here; see docs/distributed.md.
        dns: { listen: `127.0.0.1:${dnsPort}`, tsig: { name: tsig.name, algorithm: tsig.algorithm, secret: tsig.secretBase64 }, rateLimit: { responsesPerSecond: 0 } },
        providers: [{ id: 'dns1', type: 'rfc2136', server: `127.0.0.1:${dnsPort}`, tsig: { name: tsig.name, algorithm: tsig.algorithm, secretFile: 'tsig.secret' } }],
        store: { etcd: { endpoints: etcd.endpoints, prefix } },
    };
    const configPath = join(dir, 'dnsplane.yaml');
    writeFileSync(configPath, JSON.stringify(config));
    const role = (name, args) => new RoleProcess(name, spawn(process.execPath, [BIN, ...args, '--config', configPath], { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir }));
    const roles = [role('dns-server', ['dns-server', '--data-dir', join(dir, 'dns')])];
    try {
        roles.push(role('planner a', ['planner', '--instance', 'a']), role('enactor az1', ['enactor', '--zone', 'az1']));
        const latency = await measureChanges('distributed', endpoints, config, dnsPort, health);
        const takeover = withTakeover ? await measureTakeover(etcd, prefix, roles, role) : null;
        return { latency, takeover };
    }
    finally {
        await Promise.all(roles.map((r) => r.kill()));
        rmSync(dir, { recursive: true, force: true });
    }
}
async function measureChanges(mode, endpoints, config, dnsPort, health) {
    const started = performance.now();
    const last = probeFor(config, 0);
    // Converged: the last endpoint in name order answers (the Enactor writes in that order).
    const converged = await until(async () => {
        const answer = await queryDns({ host: '127.0.0.1', port: dnsPort }, last.name, RRType.A, { timeoutMs: 500 });
        return answer.ok && answer.value.answers.some((rr) => rr.data.kind === 'A' && rr.data.address === last.address);
    }, CONVERGE_DEADLINE_MS);
    if (!converged)
        throw new Error(`${mode} with ${endpoints} endpoints did not serve ${last.name} within ${CONVERGE_DEADLINE_MS} ms`);
    const convergedMs = performance.now() - started;
    let watcher = startAnswerWatcher(dnsPort, 'SIGKILL');
    const samples = [];
    let missed = 0;
    try {
        for (let change = 0; change < CHANGES_PER_RUN; change++) {
            const probe = probeFor(config, change * 11);
            for (const wanted of ['absent', 'present']) {
                const flippedAtMs = performance.timeOrigin + performance.now();
                if (wanted === 'absent')
                    health.failed.add(probe.lb);
                else
                    health.failed.delete(probe.lb);
                const seenAtMs = await watchUntil(watcher, probe, wanted, flippedAtMs + CHANGE_DEADLINE_MS);
                if (Number.isNaN(seenAtMs)) {
                    missed += 1;
                    // Its unanswered watch would answer the next one: start a fresh watcher.
                    watcher.close();
                    watcher = startAnswerWatcher(dnsPort, 'SIGKILL');
                }
                else {
                    samples.push(seenAtMs - flippedAtMs);
                }
                // Let the rest of the fleet settle before the next flip.
                await sleep(300);
            }
        }
    }
    finally {
        watcher.close();
        health.failed.clear();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { mode, endpoints, samples: samples.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), missed, convergedMs };
}
/**
 * Takeover with the fleet running: a standby joins; kill -9 of the leader (lease holder) until
 * etcd names the standby; then a second standby, SIGSTOP of the new leader until the second
 * leads; SIGCONT, and the generations the resumed one creates in the next 2 s are counted (0).
 */
async function measureTakeover(etcd, prefix, roles, role) {
    const connection = EtcdConnection.open({ endpoints: etcd.endpoints, prefix });
    const store = new EtcdPlanStore(connection);
    const holder = async () => {
        const read = await store.leaseHolder();
        return read.ok ? read.value?.holder ?? null : null;
    };
    try {
        const a = roles.find((r) => r.name === 'planner a');
        const b = role('planner b', ['planner', '--instance', 'b']);
        roles.push(b);
        await sleep(2_000);
        const killedAt = performance.now();
        await a.kill();
        const killMs = (await until(async () => (await holder()) === 'planner@b', 30_000, 10)) ? performance.now() - killedAt : null;
        const c = role('planner c', ['planner', '--instance', 'c']);
        roles.push(c);
        await sleep(2_000);
        const stoppedAt = performance.now();
        b.signal('SIGSTOP');
        const stopMs = (await until(async () => (await holder()) === 'planner@c', 30_000, 10)) ? performance.now() - stoppedAt : null;
        const createdBefore = b.created().length;
        b.signal('SIGCONT');
        await sleep(2_000);
        return { leaseTtlMs: 10 * PLANNER_INTERVAL_MS, killMs, stopMs, writesAfterSigcont: b.created().length - createdBefore };
    }
    finally {
        connection.close();
    }
}
/** create of a 1,000-endpoint plan, and from its start until another client's watch fires. */
async function measureEtcd(etcd) {
    const options = { endpoints: etcd.endpoints, prefix: `/dnsplane-bench-etcd-${process.pid}/` };
    const writer = EtcdConnection.open(options);
    const watcher = EtcdConnection.open(options);
    try {
        const store = new EtcdPlanStore(writer);
        const lease = await store.acquireLease('bench', 60_000);
        if (!lease.ok)
            throw new Error(`etcd lease: ${lease.message}`);
        const seen = new Map();
        const watch = await watcher.watchKey(LATEST_KEY_PATH, (value) => seen.set(Number(value.toString('utf8')), performance.now()));
        if (!watch.ok)
            throw new Error(`etcd watch: ${watch.message}`);
        const fleet = syntheticFleet(1_000, PER_ENDPOINT);
        const creates = [];
        const watches = [];
        for (let g = 1; g <= ETCD_ROUNDS; g++) {
            const plan = makePlan({
                generation: generation(g), createdAtMs: Date.now(), note: `bench ${g}`,
                endpoints: fleet.endpoints.map((e, i) => ({
                    name: e.name, ttlSeconds: 5, answersMax: 8,
                    addresses: (e.select.ids ?? []).map((id, k) => ({ loadBalancer: loadBalancerId(String(id)), family: 'A', address: `10.${g}.${(i >> 8) & 255}.${(i + k) & 255}`, weight: 1 + k })),
                })),
            });
            const startedAt = performance.now();
            const created = await store.create(plan, lease.value.token);
            if (!created.ok)
                throw new Error(`etcd create: ${created.message}`);
            creates.push(performance.now() - startedAt);
            await until(async () => seen.has(g), 5_000, 1);
            if (seen.has(g))
                watches.push(seen.get(g) - startedAt);
        }
        await watch.value.cancel();
        const c = [...creates].sort((x, y) => x - y);
        const w = [...watches].sort((x, y) => x - y);
        return { createP50Ms: percentile(c, 0.5), createP99Ms: percentile(c, 0.99), watchP50Ms: percentile(w, 0.5), watchP99Ms: percentile(w, 0.99) };
    }
    finally {
        writer.close();
        watcher.close();
    }
}
export function formatDistributedBench(result) {
    const lines = ['mode         endpoints  samples  p50 ms   p99 ms   missed  converged s'];
    for (const c of result.changes) {
        lines.push(`${c.mode.padEnd(12)} ${String(c.endpoints).padStart(9)}  ${String(c.samples).padStart(7)}  ${c.p50Ms.toFixed(1).padStart(7)}  ${c.p99Ms.toFixed(1).padStart(7)}  ${String(c.missed).padStart(6)}  ${(c.convergedMs / 1000).toFixed(1).padStart(11)}`);
    }
    return lines.join('\n');
}
/**
 * The watcher gives up after a fixed number of polls (NaN), which at a fast server is about 10 s:
 * ask again until the deadline, so a slow change is measured rather than missed.
 */
async function watchUntil(watcher, probe, wanted, deadlineEpochMs) {
    while (performance.timeOrigin + performance.now() < deadlineEpochMs) {
        const left = deadlineEpochMs - (performance.timeOrigin + performance.now());
        const seen = await Promise.race([watcher.watch(probe.name, probe.address, wanted), sleep(left).then(() => Number.NaN)]);
        if (!Number.isNaN(seen))
            return seen;
    }
    return Number.NaN;
}
function spawnQuiet(args, cwd) {
    return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'ignore'], cwd });
}
async function stop(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
}
async function until(probe, deadlineMs, everyMs = 100) {
    const started = performance.now();
    while (performance.now() - started < deadlineMs) {
        if (await probe())
            return true;
        await sleep(everyMs);
    }
    return false;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
function percentile(sorted, p) {
    if (sorted.length === 0)
        return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
//# sourceMappingURL=distributed.js.map
/**
 * Query throughput of the embedded server against Knot DNS, both serving the same 1,000-name
 * zone on loopback, both measured with dnsperf in the same run (issue 12: embedded ≥ 0.8× Knot,
 * ≤ 15 µs of server CPU per query, stable across runs).
 *
 *   npm run -s build && node dist/bench/dns-throughput.js [durationSeconds] [workers] [rounds]
 *
 * Each server runs in a process of its own, started here and stopped by PID: knotd with a
 * minimal config, and src/dns-server/standalone with `workers` worker processes (default: one
 * per core). dnsperf asks for the A record of each name in turn (`-c 10 -T 2` by default, as in
 * ../shared/recipes), for `durationSeconds` per run, `rounds` runs per server (3 by default)
 * alternating between the two. Each round's ratio compares the two runs next to each other in
 * time; the result is the median round's, with the spread of all rounds beside it.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RRType, encodeMessage, makeQuery, readHeader } from '../src/dns-wire/index.js';
const ORIGIN = 'example.test.';
const READY_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 5_000;
export async function benchDnsThroughput(options = {}) {
    const durationSeconds = options.durationSeconds ?? 10;
    const names = options.names ?? 1000;
    const workers = options.workers ?? availableParallelism();
    const dnsperfArgs = options.dnsperfArgs ?? ['-c', '10', '-T', '2', '-Q', '500000'];
    const rounds = options.rounds ?? 3;
    const dir = await mkdtemp(join(tmpdir(), 'dnsplane-bench-dns-'));
    const servers = [];
    try {
        const queries = join(dir, 'queries.txt');
        await writeFile(queries, Array.from({ length: names }, (_, i) => `${hostName(i)}.example.test A\n`).join(''));
        const knot = await startKnot(dir, names);
        servers.push(knot);
        const embedded = await startEmbedded(dir, names, workers);
        servers.push(embedded);
        await waitUntilAnswering(knot.port);
        await waitUntilAnswering(embedded.port);
        const knotRuns = [];
        const embeddedRuns = [];
        for (let round = 0; round < rounds; round++) {
            knotRuns.push(await measuredRun(knot, queries, durationSeconds, dnsperfArgs));
            embeddedRuns.push(await measuredRun(embedded, queries, durationSeconds, dnsperfArgs));
        }
        const ratios = knotRuns.map((knotRun, i) => embeddedRuns[i].qps / knotRun.qps);
        const sorted = ratios.map((ratio, round) => ({ ratio, round })).sort((a, b) => a.ratio - b.ratio);
        const median = sorted[Math.floor((sorted.length - 1) / 2)].round;
        return {
            knotQps: knotRuns[median].qps, embeddedQps: embeddedRuns[median].qps, ratio: ratios[median],
            ratioMin: sorted[0].ratio, ratioMax: sorted[sorted.length - 1].ratio, workers, durationSeconds, names,
            knotLostPercent: knotRuns[median].lostPercent, embeddedLostPercent: embeddedRuns[median].lostPercent,
            knotCpuMicrosPerQuery: cpuPerQuery(knotRuns), embeddedCpuMicrosPerQuery: cpuPerQuery(embeddedRuns),
            knotRunsQps: knotRuns.map((r) => r.qps), embeddedRunsQps: embeddedRuns.map((r) => r.qps),
            knotRunsCpuMicrosPerQuery: knotRuns.map((r) => cpuPerQuery([r])), embeddedRunsCpuMicrosPerQuery: embeddedRuns.map((r) => cpuPerQuery([r])),
        };
    }
    finally {
        for (const server of servers)
            await stopByPid(server.child);
        await rm(dir, { recursive: true, force: true });
    }
}
/** One line: the median round, the spread of the rounds, CPU per query for both. */
export function formatDnsThroughput(r) {
    const runs = (qps, cpu) => qps.map((q, i) => `${Math.round(q / 1000)}k/${cpu[i].toFixed(1)} µs`).join(', ');
    return [
        `ratio ${r.ratio.toFixed(2)}× (rounds ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}; target ≥ 0.8×), ${r.workers} workers`,
        `server CPU per query: knot ${r.knotCpuMicrosPerQuery.toFixed(1)} µs, embedded ${r.embeddedCpuMicrosPerQuery.toFixed(1)} µs (target ≤ 15)`,
        `runs (qps/CPU per query): knot ${runs(r.knotRunsQps, r.knotRunsCpuMicrosPerQuery)}; embedded ${runs(r.embeddedRunsQps, r.embeddedRunsCpuMicrosPerQuery)}`,
    ].join('\n');
}
async function measuredRun(server, queries, durationSeconds, extra) {
    const cpuBefore = await processTreeCpuSeconds(server.child.pid);
    const result = await runDnsperf(server.port, queries, durationSeconds, extra);
    const cpuAfter = await processTreeCpuSeconds(server.child.pid);
    return { ...result, cpuSeconds: cpuAfter - cpuBefore };
}
function cpuPerQuery(runs) {
    const cpu = runs.reduce((sum, r) => sum + r.cpuSeconds, 0);
    const completed = runs.reduce((sum, r) => sum + r.completed, 0);
    return completed === 0 ? 0 : (cpu * 1e6) / completed;
}
/** utime + stime of every thread of `pid` and of its descendants (Linux /proc; 0 elsewhere). */
async function processTreeCpuSeconds(pid) {
    const ticksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on
    let ticks = 0;
    const pending = [pid];
    for (let visited = 0; pending.length > 0 && visited < 256; visited++) {
        const current = pending.pop();
        const tasks = await readdir(`/proc/${current}/task`).catch(() => []);
        for (const task of tasks) {
            const stat = await readFile(`/proc/${current}/task/${task}/stat`, 'utf8').catch(() => '');
            // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
            const children = await readFile(`/proc/${current}/task/${task}/children`, 'utf8').catch(() => '');
            for (const child of children.split(' ').filter((c) => c !== ''))
                pending.push(Number(child));
        }
    }
    return ticks / ticksPerSecond;
}
function hostName(i) {
    return `h${String(i + 1).padStart(4, '0')}`;
}
function hostAddress(i) {
    const n = i + 1;
    return `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}
async function startKnot(dir, names) {
    const knotDir = join(dir, 'knot');
    await mkdirs(join(knotDir, 'zones'), join(knotDir, 'db'));
    const zone = [
        '$TTL 60',
        `@ IN SOA ns1.${ORIGIN} hostmaster.${ORIGIN} 1 3600 600 86400 60`,
        `@ IN NS ns1.${ORIGIN}`,
        'ns1 IN A 127.0.0.1',
        ...Array.from({ length: names }, (_, i) => `${hostName(i)} IN A ${hostAddress(i)}`),
    ].join('\n');
    await writeFile(join(knotDir, 'zones', 'example.test.zone'), `${zone}\n`);
    const port = await freeUdpPort();
    // Block-style YAML only; database.storage must exist (../shared/recipes/README.md).
    const conf = [
        'server:', `  rundir: "${knotDir}"`, `  pidfile: "${knotDir}/knot.pid"`, `  listen: 127.0.0.1@${port}`,
        'log:', '  - target: stderr', '    any: warning',
        'database:', `  storage: "${knotDir}/db"`,
        'template:', '  - id: default', `    storage: "${knotDir}/zones"`, '    file: "%s.zone"',
        'zone:', '  - domain: example.test',
    ].join('\n');
    await writeFile(join(knotDir, 'knot.conf'), `${conf}\n`);
    const child = spawn('knotd', ['-c', join(knotDir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
    return { child, port };
}
async function startEmbedded(dir, names, workers) {
    const config = {
        origin: ORIGIN,
        listen: { host: '127.0.0.1', port: await freeUdpPort() },
        dataDir: join(dir, 'embedded'),
        workers,
        records: Array.from({ length: names }, (_, i) => ({ name: `${hostName(i)}.${ORIGIN}`, type: 'A', value: hostAddress(i) })),
    };
    const configPath = join(dir, 'embedded.json');
    await writeFile(configPath, JSON.stringify(config));
    const entry = standaloneEntry();
    const child = spawn(entry.command, [...entry.args, configPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await firstLine(child);
    const match = /^port (\d+)$/.exec(line);
    if (!match)
        throw new Error(`embedded server said '${line}'`);
    return { child, port: Number(match[1]) };
}
/** The compiled standalone.js next to dist/bench, or the TypeScript source through vite-node. */
function standaloneEntry() {
    const here = fileURLToPath(import.meta.url);
    const root = join(dirname(here), '..');
    if (here.endsWith('.js'))
        return { command: process.execPath, args: [join(root, 'src', 'dns-server', 'standalone.js')] };
    return { command: join(root, 'node_modules', '.bin', 'vite-node'), args: [join(root, 'src', 'dns-server', 'standalone.ts')] };
}
async function runDnsperf(port, queries, durationSeconds, extra) {
    const args = ['-s', '127.0.0.1', '-p', String(port), '-d', queries, '-l', String(durationSeconds), ...extra];
    const output = await new Promise((resolve, reject) => {
        const child = spawn('dnsperf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        child.stdout.on('data', (chunk) => { text += chunk.toString(); });
        child.stderr.on('data', (chunk) => { text += chunk.toString(); });
        const timer = setTimeout(() => child.kill('SIGKILL'), (durationSeconds + 30) * 1000);
        child.on('error', reject);
        child.on('exit', () => { clearTimeout(timer); resolve(text); });
    });
    const qps = /Queries per second:\s+([\d.]+)/.exec(output);
    const lost = /Queries lost:\s+\d+ \(([\d.]+)%\)/.exec(output);
    const completed = /Queries completed:\s+(\d+)/.exec(output);
    if (!qps)
        throw new Error(`dnsperf output without a rate:\n${output}`);
    return { qps: Number(qps[1]), lostPercent: lost ? Number(lost[1]) : 0, completed: completed ? Number(completed[1]) : 0 };
}
async function waitUntilAnswering(port) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const query = encodeMessage(makeQuery(1, `h0001.${ORIGIN}`, RRType.A));
    while (Date.now() < deadline) {
        const reply = await udpOnce(port, query, 200);
        if (reply !== null && readHeader(reply)?.rcode === 0)
            return;
        await sleepMs(100);
    }
    throw new Error(`nothing answered on port ${port} within ${READY_TIMEOUT_MS} ms`);
}
function udpOnce(port, query, timeoutMs) {
    const socket = createSocket('udp4');
    return new Promise((resolve) => {
        const timer = setTimeout(() => { socket.close(); resolve(null); }, timeoutMs);
        socket.once('message', (reply) => { clearTimeout(timer); socket.close(); resolve(new Uint8Array(reply)); });
        socket.send(query, port, '127.0.0.1');
    });
}
async function stopByPid(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return;
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
}
function firstLine(child) {
    const lines = createInterface({ input: child.stdout });
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('embedded server did not start in time')), READY_TIMEOUT_MS);
        lines.once('line', (line) => { clearTimeout(timer); lines.close(); resolve(line); });
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`embedded server exited with ${code}`)); });
    });
}
async function freeUdpPort() {
    const socket = createSocket('udp4');
    await new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const port = socket.address().port;
    await new Promise((resolve) => socket.close(() => resolve()));
    return port;
}
async function mkdirs(...paths) {
    for (const path of paths)
        await mkdir(path, { recursive: true });
}
function sleepMs(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const durationSeconds = Number(process.argv[2] ?? 10);
    const workers = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
    const rounds = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
    const result = await benchDnsThroughput({ durationSeconds, ...(workers === undefined ? {} : { workers }), ...(rounds === undefined ? {} : { rounds }) });
    process.stdout.write(`${formatDnsThroughput(result)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
}
//# sourceMappingURL=dns-throughput.js.map
/**
 * RFC 2136 provider benchmark, per server (BIND 9, Knot DNS, PowerDNS/gsqlite3), each a fresh
 * instance on loopback started by test/support/dns-servers.ts and stopped by PID:
 *
 * - initial sync of N endpoints (4 A records each, plus the fence) into an empty zone:
 *   - dnsplane, the production Enactor (AXFR read, write set, batches) with one batch at a time;
 *   - dnsplane, the same Enactor keeping `inFlight` UPDATE messages in flight on one TCP connection;
 *   - `nsupdate`, one process, the same change set with the same batch size and the same fence
 *     prerequisites (`prereq nxrrset`), into a second fresh instance of the same server;
 *   ratio = nsupdate time / dnsplane time (> 1: dnsplane faster);
 * - steady state: latency of one endpoint's fenced write (p50/p99); and, for an Enactor (with
 *   `inFlight`) picking up a plan in which one endpoint changed, the time until that endpoint is
 *   live (AXFR read + first batch) and the whole tick (every fence moves to the new generation).
 *
 *   npm run -s build && node dist/bench/rfc2136.js [endpoints]     # table, then one JSON line
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/adapters/clock-system/system-clock.js';
import { Rfc2136Provider } from '../src/adapters/dns-rfc2136/rfc2136-provider.js';
import { SeededRandom } from '../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../src/adapters/store-memory/memory-plan-store.js';
import { Enactor } from '../src/core/enactor/enactor.js';
import { NO_WRITE_GUARDS_FOR_TESTS } from '../src/core/enactor/plan-guards.js';
import { fenceName, formatFence, rawOfFence } from '../src/core/model/fence.js';
import { endpointName, enactorId, generation, loadBalancerId, providerId } from '../src/core/model/ids.js';
import { canonicalEndpoint, makePlan } from '../src/core/model/plan.js';
import { tsigKey } from '../src/dns-wire/index.js';
import { startDnsServer } from '../test/support/dns-servers.js';
const ADDRESSES_PER_ENDPOINT = 4;
const BENCH_ENACTOR = enactorId('bench');
/** Remembers when the first batch of a tick was applied: the changed endpoint is in it (write-set.ts puts content changes first). */
class FirstApplied {
    atMs = null;
    record(event) {
        if (event.kind === 'enact.applied' && this.atMs === null)
            this.atMs = performance.now();
    }
}
function benchPlan(count, g, changed = new Set()) {
    const endpoints = [];
    for (let i = 0; i < count; i++) {
        const bump = changed.has(i) ? g : 0;
        const addresses = Array.from({ length: ADDRESSES_PER_ENDPOINT }, (_, k) => ({
            loadBalancer: loadBalancerId(`lb-${k}`), family: 'A', address: `10.${k}.${(i >> 8) & 255}.${(i + bump) & 255}`, weight: 1 + k,
        }));
        endpoints.push({ name: endpointName(`svc-${i}.cell-${i % 64}.example.test.`), ttlSeconds: 5, answersMax: 8, addresses });
    }
    return makePlan({ generation: generation(g), createdAtMs: 0, endpoints, note: `bench ${count}` });
}
function providerFor(server, batchSize, inFlight) {
    return new Rfc2136Provider({
        id: providerId(`bench-${server.kind}`), server: { host: server.host, port: server.port }, zone: server.zone,
        key: tsigKey(server.tsig.name, server.tsig.algorithm, server.tsig.secretBase64), writesPerTransactionMax: batchSize, inFlightMax: inFlight, timeoutMs: 60_000,
    });
}
/** Write guards off: the bench measures the protocol, not the capacity guards. */
function enactorFor(store, provider, events) {
    return new Enactor({
        id: BENCH_ENACTOR, store, providers: [provider], clock: systemClock, random: new SeededRandom(1), events,
        settings: { enactAttemptsMax: 5, backoffBaseMs: 10, backoffMaxMs: 200, reconcileIntervalMs: 3_600_000 },
        guards: () => NO_WRITE_GUARDS_FOR_TESTS, adopt: () => false,
    });
}
/** Creates a plan as the bench's one Planner. */
async function publish(store, plan) {
    const lease = await store.acquireLease('bench-planner', 3_600_000);
    if (!lease.ok)
        throw new Error(`bench: no planner lease: ${lease.message}`);
    const created = await store.create(plan, lease.value.token);
    if (!created.ok)
        throw new Error(`bench: plan ${plan.generation} not created: ${created.message}`);
}
async function enactorSync(server, plan, batchSize, inFlight) {
    const provider = providerFor(server, batchSize, inFlight);
    const store = new MemoryPlanStore();
    await publish(store, plan);
    const events = new FirstApplied();
    const enactor = enactorFor(store, provider, events);
    const started = performance.now();
    const result = await enactor.tick();
    const ms = performance.now() - started;
    if (result.kind !== 'done' || !result.converged)
        throw new Error(`${server.kind}: Enactor did not converge: ${JSON.stringify(result)} ${enactor.status().providers[provider.id]?.lastError}`);
    return { ms, store, enactor, provider, events };
}
/** The nsupdate script for the same writes: per batch, per endpoint the fence prerequisite and the replacement. */
function nsupdateScript(server, plan, batchSize) {
    const lines = [`server ${server.host} ${server.port}`, `zone ${server.zone}`];
    plan.endpoints.forEach((endpoint, i) => {
        const fence = fenceName(endpoint.name);
        lines.push(`prereq nxrrset ${fence} TXT`, `update delete ${endpoint.name} A`);
        for (const a of endpoint.addresses)
            lines.push(`update add ${endpoint.name} ${endpoint.ttlSeconds} A ${a.address}`);
        lines.push(`update delete ${fence} TXT`, `update add ${fence} ${endpoint.ttlSeconds} TXT "${formatFence({ generation: plan.generation, digest: endpoint.digest, by: BENCH_ENACTOR })}"`);
        if ((i + 1) % batchSize === 0 || i === plan.endpoints.length - 1)
            lines.push('send');
    });
    return `${lines.join('\n')}\n`;
}
async function nsupdateSync(server, plan, batchSize) {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplane-bench-nsupdate-'));
    const keyFile = join(dir, 'key.conf');
    writeFileSync(keyFile, `key "${server.tsig.name}" { algorithm ${server.tsig.algorithm}; secret "${server.tsig.secretBase64}"; };\n`, { mode: 0o600 });
    const script = nsupdateScript(server, plan, batchSize);
    try {
        const started = performance.now();
        const { code, stderr } = await new Promise((resolve) => {
            const child = spawn('nsupdate', ['-t', '60', '-k', keyFile], { stdio: ['pipe', 'ignore', 'pipe'] });
            let err = '';
            child.stderr.on('data', (chunk) => { err += chunk.toString(); });
            child.on('exit', (exitCode) => resolve({ code: exitCode, stderr: err }));
            // A bench that gives up kills nsupdate mid-script: the broken pipe is that, not a crash.
            child.stdin.on('error', () => undefined);
            child.stdin.end(script);
        });
        const ms = performance.now() - started;
        if (code !== 0)
            throw new Error(`${server.kind}: nsupdate exited ${code}: ${stderr.slice(0, 500)}`);
        return ms;
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
function percentile(samples, p) {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
/** One endpoint's fenced write, again and again (each one reads nothing: the fence is known). */
async function singleWriteLatencies(server, plan, samples) {
    const provider = providerFor(server, 1, 1);
    const endpoint = plan.endpoints[0];
    let expected = rawOfFence({ generation: plan.generation, digest: endpoint.digest, by: BENCH_ENACTOR });
    const latencies = [];
    for (let i = 0; i < samples; i++) {
        const g = generation(1_000_000 + i);
        const content = canonicalEndpoint({ ...endpoint, addresses: endpoint.addresses.map((a, k) => ({ ...a, address: `10.200.${k}.${(i % 250) + 1}` })) });
        const next = { generation: g, digest: content.digest, by: 'bench' };
        const started = performance.now();
        const outcome = await provider.applyFenced([{ endpoint: endpoint.name, expectedFence: expected, newFence: next, records: content }]);
        latencies.push(performance.now() - started);
        if (!outcome.ok || outcome.value.kind !== 'applied')
            throw new Error(`${server.kind}: single write failed: ${JSON.stringify(outcome)}`);
        expected = rawOfFence(next);
    }
    provider.close();
    return latencies;
}
/**
 * Enactor ticks over the whole plan where one endpoint changed each time: until the changed
 * endpoint is live (its batch is the first one), and the whole tick (every fence moves to the new
 * generation, so every endpoint is rewritten).
 */
async function enactorTickLatencies(synced, count, samples, from) {
    const changeLive = [];
    const tick = [];
    for (let i = 0; i < samples; i++) {
        const g = from + i;
        await publish(synced.store, benchPlan(count, g, new Set([1 + (i % (count - 1))])));
        synced.events.atMs = null;
        const started = performance.now();
        const result = await synced.enactor.tick();
        tick.push(performance.now() - started);
        changeLive.push((synced.events.atMs ?? Number.NaN) - started);
        if (result.kind !== 'done' || !result.converged)
            throw new Error(`Enactor tick ${g} did not converge`);
    }
    return { changeLive, tick };
}
async function benchOneServer(kind, options) {
    const plan = benchPlan(options.endpoints, 1);
    const servers = await Promise.all([startDnsServer(kind), startDnsServer(kind), startDnsServer(kind)]);
    const [forEnactor, forPipelined, forNsupdate] = servers;
    try {
        const nsupdateSyncMs = await nsupdateSync(forNsupdate, plan, options.batchSize);
        const sequential = await enactorSync(forEnactor, plan, options.batchSize, 1);
        sequential.provider.close();
        const synced = await enactorSync(forPipelined, plan, options.batchSize, options.inFlight);
        const pipelinedSyncMs = synced.ms;
        const single = await singleWriteLatencies(forEnactor, plan, options.singleWriteSamples);
        const ticks = await enactorTickLatencies(synced, options.endpoints, options.enactorTickSamples, 2);
        synced.provider.close();
        return {
            server: kind, endpoints: options.endpoints, batchSize: options.batchSize, inFlight: options.inFlight,
            enactorSyncMs: sequential.ms, pipelinedSyncMs, nsupdateSyncMs,
            ratioEnactor: nsupdateSyncMs / sequential.ms, ratioPipelined: nsupdateSyncMs / pipelinedSyncMs,
            singleWriteP50Ms: percentile(single, 50), singleWriteP99Ms: percentile(single, 99),
            changeLiveP50Ms: percentile(ticks.changeLive, 50), changeLiveP99Ms: percentile(ticks.changeLive, 99),
            enactorTickP50Ms: percentile(ticks.tick, 50), enactorTickP99Ms: percentile(ticks.tick, 99),
        };
    }
    finally {
        await Promise.all(servers.map((s) => s.close()));
    }
}
export async function benchRfc2136(options = {}) {
    const full = {
        endpoints: options.endpoints ?? 10_000,
        batchSize: options.batchSize ?? 100,
        inFlight: options.inFlight ?? 4,
        servers: options.servers ?? ['bind', 'knot', 'pdns'],
        singleWriteSamples: options.singleWriteSamples ?? 200,
        enactorTickSamples: options.enactorTickSamples ?? 10,
    };
    const results = [];
    for (const kind of full.servers)
        results.push(await benchOneServer(kind, full));
    return results;
}
export function formatRfc2136Bench(results) {
    const header = 'server  endpoints  batch  nsupdate ms  enactor ms (ratio)  enactor in flight ms (ratio, n)  1 write p50/p99 ms  change live p50/p99 ms  enactor tick p50/p99 ms';
    const rows = results.map((r) => [
        r.server.padEnd(6), String(r.endpoints).padStart(9), String(r.batchSize).padStart(5),
        r.nsupdateSyncMs.toFixed(0).padStart(11),
        `${r.enactorSyncMs.toFixed(0)} (${r.ratioEnactor.toFixed(2)}×)`.padStart(18),
        `${r.pipelinedSyncMs.toFixed(0)} (${r.ratioPipelined.toFixed(2)}×, ${r.inFlight})`.padStart(31),
        `${r.singleWriteP50Ms.toFixed(1)}/${r.singleWriteP99Ms.toFixed(1)}`.padStart(19),
        `${r.changeLiveP50Ms.toFixed(0)}/${r.changeLiveP99Ms.toFixed(0)}`.padStart(22),
        `${r.enactorTickP50Ms.toFixed(0)}/${r.enactorTickP99Ms.toFixed(0)}`.padStart(23),
    ].join('  '));
    return [header, ...rows].join('\n');
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const endpoints = process.argv[2] !== undefined ? Number(process.argv[2]) : 10_000;
    const results = await benchRfc2136({ endpoints });
    console.log(formatRfc2136Bench(results));
    console.log(JSON.stringify(results));
}
//# sourceMappingURL=rfc2136.js.map
/**
 * How long an Enactor write takes to be served by every DNS worker (issue 12): the embedded
 * server with `workers` worker processes, a zone of `endpoints` plan endpoints (8 weighted
 * addresses each, answersMax 8), and fenced writes through the real EmbeddedDnsProvider:
 *
 *   acknowledged   applyFenced returned: journaled (fsync) and confirmed by every worker, the
 *                  guarantee the Enactor relies on (docs/dns-server.md, "Acknowledged means
 *                  served everywhere")
 *   replicated     of that, the part after the commit: from the commit to the last worker's ack
 *   answered       a client in another process (answer-watcher.ts) first sees the new address
 *
 * for single-endpoint writes and for batches of `batch` endpoints, while dnsperf-like load is
 * absent (the throughput bench measures that side).
 *
 *   npm run -s build && node dist/bench/write-visibility.js [endpoints] [writes] [workers]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { EmbeddedDnsProvider } from '../src/adapters/dns-embedded/embedded-dns-provider.js';
import { systemRandom } from '../src/adapters/random-system/system-random.js';
import { rawOfFence } from '../src/core/model/fence.js';
import { endpointName, generation, loadBalancerId, providerId } from '../src/core/model/ids.js';
import { startEmbeddedDns } from '../src/dns-server/server.js';
const ORIGIN = 'example.test.';
const ADDRESSES_PER_ENDPOINT = 8;
export async function benchWriteVisibility(options = {}) {
    const endpoints = options.endpoints ?? 10_000;
    const writes = options.writes ?? 100;
    const batch = options.batch ?? 1000;
    const workers = options.workers ?? availableParallelism();
    const dir = mkdtempSync(join(tmpdir(), 'dnsplane-bench-visibility-'));
    const dns = await startEmbeddedDns({ origin: ORIGIN, listen: { host: '127.0.0.1', port: 0 }, dataDir: join(dir, 'zone'), tsigKeys: [], random: systemRandom, workers, log: () => undefined });
    const watcher = startWatcher(dns.port);
    try {
        const provider = new EmbeddedDnsProvider(providerId('bench'), dns.zone);
        const fences = new Map();
        let gen = 1;
        const write = (index, variant) => {
            const endpoint = endpointName(endpointText(index));
            const newFence = { generation: generation(gen), digest: 'ab', by: 'bench' };
            return { endpoint, expectedFence: fences.get(endpoint) ?? null, newFence, records: recordsOf(index, variant) };
        };
        const apply = async (batchWrites) => {
            let committedAt = Number.NaN;
            const unsubscribe = dns.zone.onCommit(() => { committedAt = performance.now(); });
            const started = performance.now();
            const outcome = await provider.applyFenced(batchWrites);
            const done = performance.now();
            unsubscribe();
            if (!outcome.ok || outcome.value.kind !== 'applied')
                throw new Error(`write not applied: ${JSON.stringify(outcome)}`);
            for (const w of batchWrites)
                fences.set(w.endpoint, rawOfFence(w.newFence));
            gen++;
            return { acknowledgedMs: done - started, replicatedMs: done - committedAt };
        };
        // The whole zone first, in batches, as an initial sync would.
        for (let from = 0; from < endpoints; from += batch) {
            await apply(Array.from({ length: Math.min(batch, endpoints - from) }, (_, i) => write(from + i, 0)));
        }
        const single = { acknowledged: [], replicated: [], answered: [] };
        for (let i = 0; i < writes; i++) {
            const index = (i * 7919) % endpoints;
            const variant = gen; // a fresh first address every time
            const startedEpochMs = performance.timeOrigin + performance.now();
            const seen = watcher.watch(endpointText(index), addressOf(index, 0, variant), 'present');
            const timing = await apply([write(index, variant)]);
            single.acknowledged.push(timing.acknowledgedMs);
            single.replicated.push(timing.replicatedMs);
            single.answered.push((await seen) - startedEpochMs);
        }
        const batched = { acknowledged: [], replicated: [] };
        for (let i = 0; i < Math.max(3, Math.floor(writes / 10)); i++) {
            const from = (i * batch) % endpoints;
            const timing = await apply(Array.from({ length: Math.min(batch, endpoints - from) }, (_, j) => write(from + j, gen)));
            batched.acknowledged.push(timing.acknowledgedMs);
            batched.replicated.push(timing.replicatedMs);
        }
        return {
            endpoints, workers, writes, batch,
            single: { acknowledged: summary(single.acknowledged), replicated: summary(single.replicated), answered: summary(single.answered) },
            batched: { acknowledged: summary(batched.acknowledged), replicated: summary(batched.replicated) },
        };
    }
    finally {
        watcher.close();
        await dns.close();
        rmSync(dir, { recursive: true, force: true });
    }
}
function endpointText(index) {
    return `e${String(index).padStart(6, '0')}.${ORIGIN}`;
}
/** Address `slot` of endpoint `index`; `variant` moves the first one, so every write changes it. */
function addressOf(index, slot, variant) {
    const n = slot === 0 ? variant : index * ADDRESSES_PER_ENDPOINT + slot;
    return `10.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
}
function recordsOf(index, variant) {
    return {
        ttlSeconds: 5, answersMax: ADDRESSES_PER_ENDPOINT,
        addresses: Array.from({ length: ADDRESSES_PER_ENDPOINT }, (_, slot) => ({
            loadBalancer: loadBalancerId(`lb-${slot}`), family: 'A', address: addressOf(index, slot, variant), weight: 1 + slot,
        })),
    };
}
function summary(samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] };
}
/** answer-watcher.ts in a process of its own (its clock is the wall clock, as ours). */
function startWatcher(port) {
    const here = new URL(import.meta.url).pathname;
    const script = join(here, '..', `answer-watcher${here.endsWith('.ts') ? '.ts' : '.js'}`);
    const child = here.endsWith('.ts')
        ? spawn(join(here, '..', '..', 'node_modules', '.bin', 'vite-node'), [script, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] })
        : spawn(process.execPath, [script, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = [];
    createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(Number(line)));
    return {
        watch: (name, address, wanted) => new Promise((resolve) => {
            waiting.push(resolve);
            child.stdin.write(`watch ${name} ${address} ${wanted}\n`);
        }),
        close: () => { child.kill('SIGTERM'); },
    };
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const endpoints = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
    const writes = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
    const workers = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
    const result = await benchWriteVisibility({
        ...(endpoints === undefined ? {} : { endpoints }), ...(writes === undefined ? {} : { writes }), ...(workers === undefined ? {} : { workers }),
    });
    const line = (label, s) => `${label}: p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, max ${s.maxMs.toFixed(2)} ms`;
    process.stdout.write(`${result.endpoints} endpoints, ${result.workers} workers\n`);
    process.stdout.write(`${line('1 endpoint, acknowledged (every worker)', result.single.acknowledged)}\n`);
    process.stdout.write(`${line('1 endpoint, commit → last worker ack', result.single.replicated)}\n`);
    process.stdout.write(`${line('1 endpoint, answered to a client', result.single.answered)}\n`);
    process.stdout.write(`${line(`${result.batch} endpoints, acknowledged`, result.batched.acknowledged)}\n`);
    process.stdout.write(`${line(`${result.batch} endpoints, commit → last worker ack`, result.batched.replicated)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
}
//# sourceMappingURL=write-visibility.js.map
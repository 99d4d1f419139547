/**
 * `npm run bench`: every benchmark, as a table against its target and as JSON. Each figure is
 * compared with a reference measured in the same invocation where one exists (Knot DNS for query
 * throughput, a JSON round trip of the same fleet for plan computation), because these machines
 * are noisy and ratios hold better than absolute times.
 *
 *   npm run bench                 everything
 *   npm run bench -- core dns     only some sections: core, rss, dns, store, sim, rfc2136, config, distributed, scale
 *
 * Every section is bounded in time (SECTION_MINUTES; the sim section's grows with
 * DNSPLANE_BENCH_SIM_SEEDS; DNSPLANE_BENCH_SECTION_MINUTES=N for all) and says so in a row when it
 * gives up (the explorer stops itself inside its bound and says how many seeds it covered); its rows print as soon as it ends, and a progress line
 * shows on a terminal. Every process a section started is stopped (by PID) when it gives up, and
 * on exit, Ctrl-C or SIGTERM. Results also go to bench/results/latest.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { benchConfigLoad } from './config-load.js';
import { benchChangeToAnswer, benchPlanComputation, benchUpProcessRss } from './core.js';
import { benchDnsThroughput, formatDnsThroughput } from './dns-throughput.js';
import { benchWriteVisibility } from './write-visibility.js';
import { benchDistributed, formatDistributedBench } from './distributed.js';
import { benchRfc2136, formatRfc2136Bench } from './rfc2136.js';
import { killRunningDnsServers } from '../test/support/dns-servers.js';
import { benchSimulator, SIM_BENCH_SEEDS_DEFAULT } from './sim.js';
import { BURST_CREATES, benchStorePlans, formatStoreBench } from './store-plans.js';
import { benchScale, formatMs, formatScale, scalePointsFromEnv } from './scale.js';
const SECTIONS = ['core', 'rss', 'dns', 'store', 'sim', 'rfc2136', 'config', 'distributed', 'scale'];
/** How long each section may run before it gives up (minutes; DNSPLANE_BENCH_SECTION_MINUTES overrides all). */
const SECTION_MINUTES = { core: 10, rss: 10, dns: 5, store: 10, sim: 15, rfc2136: 8, config: 5, distributed: 15, scale: 60 };
async function main() {
    stopChildrenOnExit();
    const asked = process.argv.slice(2).filter((a) => SECTIONS.includes(a));
    const sections = new Set(asked.length > 0 ? asked : SECTIONS);
    const rows = [];
    const json = { startedAt: new Date().toISOString() };
    const run = {
        core: coreSection, rss: rssSection, dns: dnsSection, store: storeSection, sim: simSection,
        rfc2136: rfc2136Section, config: async (r, j) => configSection(r, j), distributed: distributedSection,
        scale: scaleSection,
    };
    for (const section of SECTIONS) {
        if (!sections.has(section))
            continue;
        const sectionRows = [];
        // rfc2136 bounds each server on its own (rfc2136Section); its own bound only catches the rest.
        const minutes = section === 'rfc2136' ? sectionMinutes(section) + 2 : sectionMinutes(section);
        await runBounded(section, minutes, () => run[section](sectionRows, json), sectionRows);
        // Each section's rows as soon as they are known: a long run shows what it has so far.
        printTable(sectionRows);
        rows.push(...sectionRows);
    }
    console.log('');
    printTable(rows);
    json['rows'] = rows;
    mkdirSync(new URL('../../bench/results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../bench/results/latest.json', import.meta.url), `${JSON.stringify(json, null, 2)}\n`);
    console.log(JSON.stringify(json));
}
function sectionMinutes(section) {
    const override = Number(process.env['DNSPLANE_BENCH_SECTION_MINUTES']);
    if (Number.isFinite(override) && override > 0)
        return override;
    return section === 'sim' ? simSectionMinutes(simSeedsAsked()) : SECTION_MINUTES[section];
}
/** The explorer's bound grows with the seeds asked: 100,000 seeds take over an hour at 20 seeds/s (a loaded machine). */
const SIM_SEEDS_PER_SECOND_LOADED = 20;
function simSectionMinutes(seeds) {
    return Math.max(SECTION_MINUTES.sim, Math.ceil(seeds / SIM_SEEDS_PER_SECOND_LOADED / 60) + 5);
}
function simSeedsAsked() {
    return Number(process.env['DNSPLANE_BENCH_SIM_SEEDS'] ?? SIM_BENCH_SEEDS_DEFAULT);
}
/**
 * Runs one section within its time bound. On a terminal it shows that it is alive; when the bound
 * passes it says so in a row, stops every process the section started (by PID) and goes on.
 */
async function runBounded(section, minutes, work, rows) {
    const startedAt = performance.now();
    const progress = process.stderr.isTTY
        ? setInterval(() => process.stderr.write(`\r${section}: ${Math.round((performance.now() - startedAt) / 1000)} s of at most ${formatMinutes(minutes)} `), 1000)
        : null;
    let timer;
    const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), minutes * 60_000); });
    try {
        const outcome = await Promise.race([work().then(() => 'done', (error) => error), deadline]);
        if (outcome === 'timeout') {
            const stopped = killDescendants();
            rows.push({ benchmark: `${section}: gave up`, measured: `not finished within ${formatMinutes(minutes)} (${stopped} process(es) it started stopped)`, target: '', verdict: 'misses' });
        }
        else if (outcome !== 'done') {
            rows.push({ benchmark: `${section}: failed`, measured: outcome instanceof Error ? outcome.message.split('\n')[0] : String(outcome), target: '', verdict: 'misses' });
        }
    }
    finally {
        clearTimeout(timer);
        if (progress !== null) {
            clearInterval(progress);
            process.stderr.write('\r\x1b[K');
        }
    }
}
function formatMinutes(minutes) {
    return minutes >= 1 ? `${Math.round(minutes * 10) / 10} min` : `${Math.round(minutes * 60)} s`;
}
/** Every process started by this one (children, theirs, …), killed by PID. Linux: read from /proc. */
function killDescendants() {
    const parentOf = new Map();
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry))
            continue;
        try {
            // stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so parse after the last ')'.
            const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            parentOf.set(Number(entry), ppid);
        }
        catch {
            // the process exited meanwhile
        }
    }
    const mine = new Set([process.pid]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const [pid, ppid] of parentOf)
            if (!mine.has(pid) && mine.has(ppid)) {
                mine.add(pid);
                grew = true;
            }
    }
    mine.delete(process.pid);
    for (const pid of mine) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // already gone
        }
    }
    return mine.size + killRunningDnsServers();
}
/** A bench stopped by Ctrl-C, SIGTERM or an error leaves no server running behind it. */
function stopChildrenOnExit() {
    process.on('exit', () => { killDescendants(); });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.on(signal, () => {
            const stopped = killDescendants();
            process.stderr.write(`\nbench: ${signal}; stopped ${stopped} process(es) it had started\n`);
            process.exit(signal === 'SIGINT' ? 130 : 143);
        });
    }
}
function configSection(rows, json) {
    const result = benchConfigLoad(100_000);
    rows.push(limitRow('YAML config of 100,000 × 8 endpoints, load + validate', result.yamlMs / 1000, 3, `s (${result.yamlToReferenceRatio.toFixed(1)}× JSON.parse of the same fleet; JSON ${(result.jsonMs / 1000).toFixed(1)} s)`), { benchmark: `YAML config of ${result.errorEndpoints} endpoints with one error (positions)`, measured: `${(result.yamlWithErrorMs / 1000).toFixed(1)} s`, target: 'info', verdict: 'info' });
    json['configLoad'] = result;
}
async function coreSection(rows, json) {
    const plan10k = benchPlanComputation(10_000);
    const plan100k = benchPlanComputation(100_000, 8, 3);
    rows.push(limitRow('plan, full, 10,000 × 8', plan10k.fullMs, 200, `ms (${plan10k.fullToReferenceRatio.toFixed(2)}× a JSON round trip of the fleet)`), limitRow('plan, full, 100,000 × 8', plan100k.fullMs, 2000, `ms (${plan100k.fullToReferenceRatio.toFixed(2)}× JSON round trip)`), limitRow('plan, incremental (1 LB changes), 10,000 × 8', plan10k.incrementalMs, 10, 'ms'), limitRow('plan, incremental (1 LB changes), 100,000 × 8', plan100k.incrementalMs, 10, 'ms'));
    const change = await benchChangeToAnswer(10_000);
    rows.push(limitRow('health change → new answer served, 10,000 × 8, p99', change.p99Ms, 50, `ms (p50 ${change.p50Ms.toFixed(1)} ms, ${change.changes} changes)`));
    json['plan'] = [plan10k, plan100k];
    json['changeToAnswer'] = change;
}
async function rssSection(rows, json) {
    const small = await benchUpProcessRss(10_000);
    rows.push(limitRow('dnsplane up peak RSS, 10,000 × 8', small.peakRssMiB, 512, `MiB (converged in ${(small.convergedMs / 1000).toFixed(1)} s)`));
    const large = await benchUpProcessRss(100_000);
    rows.push(limitRow('dnsplane up peak RSS, 100,000 × 8', large.peakRssMiB, 1024, `MiB (converged in ${(large.convergedMs / 1000).toFixed(1)} s)`));
    json['rss'] = [small, large];
}
async function dnsSection(rows, json) {
    const result = await benchDnsThroughput({ durationSeconds: 10 });
    console.log(formatDnsThroughput(result));
    rows.push({
        benchmark: `embedded query throughput vs Knot (dnsperf, ${result.workers} workers, median of ${result.knotRunsQps.length} rounds)`,
        measured: `${result.ratio.toFixed(2)}× (${Math.round(result.embeddedQps)} vs ${Math.round(result.knotQps)} qps; rounds ${result.ratioMin.toFixed(2)}–${result.ratioMax.toFixed(2)}×)`,
        target: '≥ 0.8×',
        verdict: result.ratio >= 0.8 ? 'meets' : 'misses',
    });
    rows.push(limitRow('embedded server CPU per answered query', result.embeddedCpuMicrosPerQuery, 15, `µs (Knot ${result.knotCpuMicrosPerQuery.toFixed(1)} µs)`));
    json['dnsThroughput'] = result;
    const visible = await benchWriteVisibility();
    const ms = (s) => `${s.p50Ms.toFixed(1)} / ${s.p99Ms.toFixed(1)} ms`;
    rows.push({ benchmark: `Enactor write of 1 endpoint (of ${visible.endpoints}) acknowledged by all ${visible.workers} DNS workers, p50/p99`, measured: `${ms(visible.single.acknowledged)} (commit → last ack ${ms(visible.single.replicated)})`, target: '', verdict: 'info' }, { benchmark: 'the same write first answered to a client, p50/p99', measured: ms(visible.single.answered), target: '', verdict: 'info' }, { benchmark: `Enactor write of ${visible.batch} endpoints acknowledged by every DNS worker, p50/p99`, measured: `${ms(visible.batched.acknowledged)} (commit → last ack ${ms(visible.batched.replicated)})`, target: '', verdict: 'info' });
    json['writeVisibility'] = visible;
}
async function storeSection(rows, json) {
    const results = await benchStorePlans([10_000, 100_000], 3);
    console.log(formatStoreBench(results));
    json['store'] = results;
    for (const r of results) {
        const size = r.endpoints.toLocaleString('en-US');
        rows.push(limitRow(`store create, 1 endpoint of ${size} changed`, r.createOneMs, 20, `ms (CPU ${r.createOneCpuMs.toFixed(1)} ms; 1% changed: ${r.createPercentMs.toFixed(1)} ms; first, whole: ${r.createFullMs.toFixed(0)} ms)`), limitRow(`store latest, next generation read by a follower, ${size}`, r.latestNextOneMs, 20, `ms (1% changed: ${r.latestNextMs.toFixed(1)} ms)`), limitRow(`store cold latest (fresh connection, every row checked), ${size}`, r.latestColdMs, 20, 'ms'), limitRow(`store create, ${BURST_CREATES} issued together (group commit), ${size}`, r.createBurstPerPlanMs, 20, `ms per create (${r.createBurstTransactions} transactions)`));
    }
}
/** What the sim section keeps for the incident replay and the two detection runs. */
const SIM_RESERVE_MS = 3 * 60_000;
async function simSection(rows, json) {
    // DNSPLANE_BENCH_SIM_SEEDS=100000 for the acceptance run; DNSPLANE_BENCH_SIM_JOBS worker threads.
    // The explorer stops handing out seeds before the section's bound (the replay and the two
    // detection runs need the rest), so a long run reports what it covered instead of nothing.
    const wallBudgetMs = Math.max(60_000, sectionMinutes('sim') * 60_000 - SIM_RESERVE_MS);
    const result = await benchSimulator({ seeds: simSeedsAsked(), jobs: Number(process.env['DNSPLANE_BENCH_SIM_JOBS'] ?? 2), wallBudgetMs });
    const covered = result.seeds === result.seedsAsked ? `${result.seeds} seeds` : `${result.seeds} of ${result.seedsAsked} seeds (stopped at the time bound)`;
    rows.push(limitRow('incident replay (15 simulated hours), wall', result.replayWallMs, 5000, 'ms'), {
        benchmark: `fenced explorer, production config, every fault kind, ${covered}`,
        measured: `${result.exploreSeedsPerSecond.toFixed(1)} seeds/s, ${result.failingSeeds} failing (${result.violations} violations${result.failingSeeds > 0 ? `; seeds ${result.failingSeedList.slice(0, 5).join(', ')}` : ''})`,
        target: '0 failing', verdict: result.failingSeeds === 0 && result.seeds === result.seedsAsked ? 'meets' : 'misses',
    }, ...result.detection.map((d) => ({
        benchmark: `the same explorer on a ${d.target}, ${d.seeds} seeds`,
        measured: d.firstSeed === null ? 'not found' : `found: ${d.failingSeeds} failing seeds, first ${d.firstSeed} (${d.invariants.join(', ')})`,
        target: 'found', verdict: d.firstSeed === null ? 'misses' : 'meets',
    })));
    json['sim'] = result;
}
async function rfc2136Section(rows, json) {
    // One server at a time, each within its own bound, so a slow one (PowerDNS's sqlite backend)
    // costs its bound and no more, and the others still report.
    const results = [];
    json['rfc2136'] = results;
    for (const server of ['bind', 'knot', 'pdns']) {
        await runBounded(`rfc2136 ${server}`, sectionMinutes('rfc2136') / 3, async () => { results.push(...(await benchRfc2136({ endpoints: 10_000, servers: [server] }))); }, rows);
    }
    console.log(formatRfc2136Bench(results));
    for (const r of results) {
        rows.push({
            benchmark: `initial sync of ${r.endpoints} endpoints to ${r.server}, vs nsupdate (same batches)`,
            measured: `${(r.pipelinedSyncMs / 1000).toFixed(1)} s vs ${(r.nsupdateSyncMs / 1000).toFixed(1)} s: ${r.ratioPipelined.toFixed(2)}× nsupdate's speed`,
            target: '≥ 1×', verdict: r.ratioPipelined >= 1 ? 'meets' : 'misses',
        });
        rows.push({
            benchmark: `one endpoint's change on ${r.server}, p50/p99`,
            measured: `${r.changeLiveP50Ms.toFixed(1)} / ${r.changeLiveP99Ms.toFixed(1)} ms`, target: '', verdict: 'info',
        });
    }
}
async function distributedSection(rows, json) {
    const result = await benchDistributed();
    console.log(formatDistributedBench(result));
    json['distributed'] = result;
    for (const ratio of result.ratios) {
        const d = result.changes.find((c) => c.mode === 'distributed' && c.endpoints === ratio.endpoints);
        const u = result.changes.find((c) => c.mode === 'up' && c.endpoints === ratio.endpoints);
        rows.push({
            benchmark: `health change → answer, distributed (etcd, 4 processes) vs up, ${ratio.endpoints.toLocaleString('en-US')} × 8, p50/p99`,
            measured: `${d.p50Ms.toFixed(0)} / ${d.p99Ms.toFixed(0)} ms vs ${u.p50Ms.toFixed(0)} / ${u.p99Ms.toFixed(0)} ms: ${ratio.p50.toFixed(2)}× / ${ratio.p99.toFixed(2)}× up${d.missed + u.missed > 0 ? ` (${d.missed + u.missed} missed)` : ''}`,
            target: 'info', verdict: 'info',
        });
    }
    const t = result.takeover;
    if (t !== null) {
        const bound = t.leaseTtlMs + 1_000;
        rows.push(limitRow(`Planner takeover after kill -9 of the leader (lease ${t.leaseTtlMs} ms)`, t.killMs ?? Number.POSITIVE_INFINITY, bound, 'ms'), limitRow(`Planner takeover after SIGSTOP of the leader (lease ${t.leaseTtlMs} ms)`, t.stopMs ?? Number.POSITIVE_INFINITY, bound, 'ms'), { benchmark: 'generations written by the resumed old leader after SIGCONT', measured: String(t.writesAfterSigcont), target: '0', verdict: t.writesAfterSigcont === 0 ? 'meets' : 'misses' });
    }
    if (result.etcd !== null) {
        rows.push({ benchmark: 'etcd create / watch of a 1,000-endpoint plan, p50/p99', measured: `${result.etcd.createP50Ms.toFixed(1)} / ${result.etcd.createP99Ms.toFixed(1)} ms; watch ${result.etcd.watchP50Ms.toFixed(1)} / ${result.etcd.watchP99Ms.toFixed(1)} ms`, target: 'info', verdict: 'info' });
    }
}
async function scaleSection(rows, json) {
    // Every point is kept in the JSON as soon as it is known, also when a later one gives up.
    const outcomes = [];
    json['scale'] = outcomes;
    await benchScale(scalePointsFromEnv(process.env['DNSPLANE_BENCH_SCALE_POINTS']), (outcome) => {
        outcomes.push(outcome);
        if (outcome.kind === 'gave-up') {
            rows.push({ benchmark: `scale ${outcome.endpoints} × ${outcome.perEndpoint}: gave up`, measured: outcome.reason, target: '', verdict: 'misses' });
            return;
        }
        const p = outcome.point;
        rows.push({
            benchmark: `scale ${p.endpoints} × ${p.perEndpoint}: change → answer p50 / p99; up converged; up peak RSS`,
            measured: `${formatMs(p.changeToAnswerP50Ms)} / ${formatMs(p.changeToAnswerP99Ms)} ms${p.changesNotSeen > 0 ? ` (${p.changesNotSeen} of ${p.changes + p.changesNotSeen} not seen)` : ''}; ${(p.upConvergedMs / 1000).toFixed(1)} s; ${p.upPeakRssMiB.toFixed(0)} MiB`,
            target: 'info', verdict: 'info',
        });
    });
    console.log(formatScale(outcomes));
}
function limitRow(benchmark, value, limit, unit) {
    return { benchmark, measured: `${value.toFixed(1)} ${unit}`, target: `≤ ${limit}`, verdict: value <= limit ? 'meets' : 'misses' };
}
function printTable(rows) {
    const width = (key) => Math.max(key.length, ...rows.map((r) => r[key].length));
    const line = (r) => [r.benchmark.padEnd(width('benchmark')), r.measured.padEnd(width('measured')), r.target.padEnd(width('target')), r.verdict].join('  ');
    console.log(line({ benchmark: 'benchmark', measured: 'measured', target: 'target', verdict: 'meets' }).replace(/meets$/, 'verdict'));
    for (const row of rows)
        console.log(line(row));
}
await main();
//# sourceMappingURL=run.js.map
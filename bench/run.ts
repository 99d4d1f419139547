/**
 * `npm run bench`: every benchmark, as a table against its target and as JSON. Each figure is
 * compared with a reference measured in the same invocation where one exists (Knot DNS for query
 * throughput, a JSON round trip of the same fleet for plan computation), because these machines
 * are noisy and ratios hold better than absolute times.
 *
 *   npm run bench                 everything
 *   npm run bench -- core dns     only some sections: core, rss, dns, store, sim, rfc2136, config
 *
 * Results also go to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchConfigLoad } from './config-load.js';
import { benchChangeToAnswer, benchPlanComputation, benchUpProcessRss } from './core.js';
import { benchDnsThroughput } from './dns-throughput.js';
import { benchRfc2136, formatRfc2136Bench } from './rfc2136.js';
import { benchSimulator, SIM_BENCH_SEEDS_DEFAULT } from './sim.js';
import { benchStorePlans, formatStoreBench } from './store-plans.js';

interface Row {
  readonly benchmark: string;
  readonly measured: string;
  readonly target: string;
  readonly verdict: 'meets' | 'misses' | 'info';
}

const SECTIONS = ['core', 'rss', 'dns', 'store', 'sim', 'rfc2136', 'config'] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a): a is Section => (SECTIONS as readonly string[]).includes(a));
  const sections = new Set<Section>(asked.length > 0 ? asked : SECTIONS);
  const rows: Row[] = [];
  const json: Record<string, unknown> = { startedAt: new Date().toISOString() };
  if (sections.has('core')) await coreSection(rows, json);
  if (sections.has('rss')) await rssSection(rows, json);
  if (sections.has('dns')) await dnsSection(rows, json);
  if (sections.has('store')) await storeSection(json);
  if (sections.has('sim')) await simSection(rows, json);
  if (sections.has('rfc2136')) await rfc2136Section(rows, json);
  if (sections.has('config')) configSection(rows, json);
  printTable(rows);
  json['rows'] = rows;
  mkdirSync(new URL('../../bench/results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../../bench/results/latest.json', import.meta.url), `${JSON.stringify(json, null, 2)}\n`);
  console.log(JSON.stringify(json));
}

function configSection(rows: Row[], json: Record<string, unknown>): void {
  const result = benchConfigLoad(100_000);
  rows.push(
    limitRow('YAML config of 100,000 × 8 endpoints, load + validate', result.yamlMs / 1000, 3, `s (${result.yamlToReferenceRatio.toFixed(1)}× JSON.parse of the same fleet; JSON ${(result.jsonMs / 1000).toFixed(1)} s)`),
    { benchmark: `YAML config of ${result.errorEndpoints} endpoints with one error (positions)`, measured: `${(result.yamlWithErrorMs / 1000).toFixed(1)} s`, target: 'info', verdict: 'info' },
  );
  json['configLoad'] = result;
}

async function coreSection(rows: Row[], json: Record<string, unknown>): Promise<void> {
  const plan10k = benchPlanComputation(10_000);
  const plan100k = benchPlanComputation(100_000, 8, 3);
  rows.push(
    limitRow('plan, full, 10,000 × 8', plan10k.fullMs, 200, `ms (${plan10k.fullToReferenceRatio.toFixed(2)}× a JSON round trip of the fleet)`),
    limitRow('plan, full, 100,000 × 8', plan100k.fullMs, 2000, `ms (${plan100k.fullToReferenceRatio.toFixed(2)}× JSON round trip)`),
    limitRow('plan, incremental (1 LB changes), 10,000 × 8', plan10k.incrementalMs, 10, 'ms'),
    limitRow('plan, incremental (1 LB changes), 100,000 × 8', plan100k.incrementalMs, 10, 'ms'),
  );
  const change = await benchChangeToAnswer(10_000);
  rows.push(limitRow('health change → new answer served, 10,000 × 8, p99', change.p99Ms, 50, `ms (p50 ${change.p50Ms.toFixed(1)} ms, ${change.changes} changes)`));
  json['plan'] = [plan10k, plan100k];
  json['changeToAnswer'] = change;
}

async function rssSection(rows: Row[], json: Record<string, unknown>): Promise<void> {
  const small = await benchUpProcessRss(10_000);
  rows.push(limitRow('dnsplane up peak RSS, 10,000 × 8', small.peakRssMiB, 512, `MiB (converged in ${(small.convergedMs / 1000).toFixed(1)} s)`));
  const large = await benchUpProcessRss(100_000);
  rows.push(limitRow('dnsplane up peak RSS, 100,000 × 8', large.peakRssMiB, 1024, `MiB (converged in ${(large.convergedMs / 1000).toFixed(1)} s)`));
  json['rss'] = [small, large];
}

async function dnsSection(rows: Row[], json: Record<string, unknown>): Promise<void> {
  const result = await benchDnsThroughput({ durationSeconds: 10 });
  rows.push({
    benchmark: `embedded query throughput vs Knot (dnsperf, ${result.workers} workers)`,
    measured: `${result.ratio.toFixed(2)}× (${Math.round(result.embeddedQps)} vs ${Math.round(result.knotQps)} qps)`,
    target: '≥ 0.6×',
    verdict: result.ratio >= 0.6 ? 'meets' : 'misses',
  });
  json['dnsThroughput'] = result;
}

async function storeSection(json: Record<string, unknown>): Promise<void> {
  const results = await benchStorePlans([10_000, 100_000], 3);
  console.log(formatStoreBench(results));
  json['store'] = results;
}

async function simSection(rows: Row[], json: Record<string, unknown>): Promise<void> {
  // DNSPLANE_BENCH_SIM_SEEDS=100000 for the acceptance run; DNSPLANE_BENCH_SIM_JOBS worker threads.
  const seeds = Number(process.env['DNSPLANE_BENCH_SIM_SEEDS'] ?? SIM_BENCH_SEEDS_DEFAULT);
  const result = await benchSimulator({ seeds, jobs: Number(process.env['DNSPLANE_BENCH_SIM_JOBS'] ?? 2) });
  rows.push(
    limitRow('incident replay (15 simulated hours), wall', result.replayWallMs, 5000, 'ms'),
    {
      benchmark: `fenced explorer, production config, every fault kind, ${result.seeds} seeds`,
      measured: `${result.exploreSeedsPerSecond.toFixed(1)} seeds/s, ${result.failingSeeds} failing (${result.violations} violations${result.failingSeeds > 0 ? `; seeds ${result.failingSeedList.slice(0, 5).join(', ')}` : ''})`,
      target: '0 failing', verdict: result.failingSeeds === 0 ? 'meets' : 'misses',
    },
  );
  json['sim'] = result;
}

async function rfc2136Section(rows: Row[], json: Record<string, unknown>): Promise<void> {
  const results = await benchRfc2136({ endpoints: 10_000 });
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
  json['rfc2136'] = results;
}

function limitRow(benchmark: string, value: number, limit: number, unit: string): Row {
  return { benchmark, measured: `${value.toFixed(1)} ${unit}`, target: `≤ ${limit}`, verdict: value <= limit ? 'meets' : 'misses' };
}

function printTable(rows: readonly Row[]): void {
  const width = (key: keyof Row): number => Math.max(key.length, ...rows.map((r) => r[key].length));
  const line = (r: Row): string => [r.benchmark.padEnd(width('benchmark')), r.measured.padEnd(width('measured')), r.target.padEnd(width('target')), r.verdict].join('  ');
  console.log(line({ benchmark: 'benchmark', measured: 'measured', target: 'target', verdict: 'meets' }).replace(/meets$/, 'verdict'));
  for (const row of rows) console.log(line(row));
}

await main();

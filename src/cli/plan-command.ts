/**
 * `dnsplane plan --config FILE`: the Planner's own next attempt (the one assembly, the configured
 * safety), against the stored plans and what is served, without the write. Health comes from the running instance when its API answers
 * (its thresholded view), otherwise from one probe of each load balancer now.
 */
import { resolve } from 'node:path';
import { formatConfigIssues, loadConfigFile, type DnsplaneConfig } from '../app/config/index.js';
import { previewNextPlan, probeEveryCheckOnce, readLiveDns } from '../app/plan-preview.js';
import type { StatusReport } from '../app/status.js';
import { loadBalancerId, type LoadBalancerId } from '../core/model/ids.js';
import type { LiveEndpoint } from '../core/ports/dns-provider.js';
import { callApi } from './api-client.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { table } from './output.js';

export const PLAN_USAGE = `dnsplane plan --config FILE [--data-dir DIR] [--json]
  Computes the next plan from current health and compares it with what live DNS answers
  (queried at the config's dns.listen). Writes nothing.`;

export interface EndpointChange {
  readonly endpoint: string;
  readonly liveGeneration: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

export async function planCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { config: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
  const path = stringOption(values, 'config');
  if (path === undefined) throw new UsageError('plan needs --config FILE');
  const dataDir = stringOption(values, 'data-dir');
  const loaded = await loadConfigFile(path, dataDir === undefined ? {} : { dataDir: resolve(dataDir) });
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
    return 2;
  }
  const config = loaded.config;
  const { health, source } = await currentHealth(config);
  const previewed = await previewNextPlan(config, health);
  if (!previewed.ok) {
    process.stderr.write(`${previewed.message}\n`);
    return 1;
  }
  const { preview } = previewed.value;
  const live = await readLiveDns(config);
  if (!live.ok) {
    process.stderr.write(`cannot read live DNS at ${config.dns.listen.host}:${config.dns.listen.port}: ${live.message}\n`);
    return 1;
  }
  const planned = preview.plan ?? preview.previous;
  const changes = diffAgainstLive(planned?.endpoints ?? [], live.value);
  const contentChanged = preview.plan !== null;
  const nextGeneration = preview.plan?.generation ?? preview.previous?.generation ?? 0;
  const summary = {
    healthSource: source, storeGeneration: preview.previous?.generation ?? null, contentChanged, nextGeneration, outcome: preview.result.kind,
    note: preview.plan?.note ?? '', changes,
  };
  if (values['json']) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${formatPlan(summary)}\n`);
  return 0;
}

async function currentHealth(config: DnsplaneConfig): Promise<{ health: Map<LoadBalancerId, boolean>; source: string }> {
  const url = `http://${config.http.listen.host}:${config.http.listen.port}`;
  try {
    const status = await callApi<StatusReport>(url, '/status');
    return { health: new Map(status.loadBalancers.map((lb) => [loadBalancerId(lb.id), lb.healthy])), source: `running instance at ${url}` };
  } catch {
    return { health: await probeEveryCheckOnce(config), source: 'one probe of each load balancer now (no running instance answered)' };
  }
}

export function diffAgainstLive(planned: readonly { name: string; addresses: readonly { address: string }[] }[], live: readonly LiveEndpoint[]): EndpointChange[] {
  const liveByName = new Map(live.map((l) => [l.name as string, l]));
  return planned.map((endpoint) => {
    const current = liveByName.get(endpoint.name);
    const liveSet = new Set((current?.addresses ?? []).map((a) => a.address));
    const plannedSet = new Set(endpoint.addresses.map((a) => a.address));
    return {
      endpoint: endpoint.name,
      liveGeneration: current?.fence?.generation ?? 0,
      added: [...plannedSet].filter((a) => !liveSet.has(a)),
      removed: [...liveSet].filter((a) => !plannedSet.has(a)),
      unchanged: [...plannedSet].filter((a) => liveSet.has(a)),
    };
  });
}

function formatPlan(summary: { healthSource: string; storeGeneration: number | null; contentChanged: boolean; nextGeneration: number; outcome: string; note: string; changes: readonly EndpointChange[] }): string {
  const headline = summary.contentChanged
    ? `next generation ${summary.nextGeneration} would be written: ${summary.note} (store latest: ${summary.storeGeneration ?? 'none'})`
    : `no new generation (${summary.outcome}): generation ${summary.nextGeneration} stays`;
  const rows = summary.changes.map((c) => [
    c.endpoint, String(c.liveGeneration),
    c.added.length === 0 && c.removed.length === 0 ? '(no change)' : [...c.added.map((a) => `+${a}`), ...c.removed.map((a) => `-${a}`)].join(' '),
  ]);
  return [
    headline,
    `health: ${summary.healthSource}`,
    '',
    table(['ENDPOINT', 'LIVE GEN', 'CHANGE AGAINST LIVE DNS'], rows),
  ].join('\n');
}

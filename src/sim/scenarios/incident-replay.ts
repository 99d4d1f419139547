/**
 * `incident-2025-10-20`: the DNS race under the incident's conditions (incident-dns.ts), then the
 * downstream cascade (cascade-model.ts) driven by what the database's name actually answered.
 *
 * The DNS simulation runs to 03:30 (an hour after the manual repair; nothing in DNS changes after
 * that in either protocol), the cascade to 14:30 — the 15.5 simulated hours of the event.
 */
import { CASCADE_ASSUMPTIONS, runCascade, type CascadeOutput, type CascadePhase, type DownstreamMitigation } from '../cascade/cascade-model.js';
import type { DnsObservation, Violation } from '../checkers/types.js';
import type { Protocol } from '../world/config.js';
import { runSimulation } from '../world/run.js';
import { INCIDENT_DNS_ASSUMPTIONS, INCIDENT_REGIONAL_ENDPOINT, incidentDnsConfig } from './incident-dns.js';
import { pdt } from './incident-time.js';

export const INCIDENT_SCENARIO = 'incident-2025-10-20';
/** A seed under which the race completes close to 23:48 (most seeds complete it; see docs/simulator.md). */
export const INCIDENT_DEFAULT_SEED = 8;

export interface ReplayOptions {
  readonly protocol: Protocol;
  readonly mitigations: ReadonlySet<DownstreamMitigation>;
  readonly seed: number;
}

export interface PublishedWindow {
  readonly component: 'database' | 'compute' | 'loadBalancers';
  readonly publishedMs: number;
  readonly simulatedMs: number;
  readonly deviation: number;
}

export interface ReplayResult {
  readonly scenario: string;
  readonly protocol: Protocol;
  readonly seed: number;
  readonly mitigations: readonly DownstreamMitigation[];
  readonly violations: readonly Violation[];
  readonly emptyAnswerMs: number;
  readonly converged: boolean;
  readonly traceHash: string;
  readonly phases: readonly CascadePhase[];
  readonly impactMs: CascadeOutput['impactMs'];
  readonly published: readonly PublishedWindow[];
  readonly cascade: CascadeOutput;
  readonly dnsTimeline: readonly DnsObservation[];
  readonly dnsEndMs: number;
  readonly endMs: number;
  readonly endpoints: readonly string[];
  readonly assumptions: Readonly<Record<string, { readonly value: unknown; readonly why: string }>>;
}

export const PUBLISHED_IMPACT_MS = {
  database: pdt('02:40', 1) - pdt('23:48'),
  compute: pdt('13:50', 1) - pdt('23:48'),
  loadBalancers: pdt('14:09', 1) - pdt('05:30', 1),
} as const;

export async function replayIncident(options: ReplayOptions): Promise<ReplayResult> {
  const dnsEndMs = pdt('03:30', 1);
  const endMs = pdt('14:30', 1);
  const config = incidentDnsConfig({ protocol: options.protocol, seed: options.seed, endMs: dnsEndMs });
  const dns = await runSimulation(config);
  const databaseEmpty = emptyIntervals(dns.timeline, INCIDENT_REGIONAL_ENDPOINT, dns.endMs);
  const cascade = runCascade({ databaseEmpty, endMs, mitigations: options.mitigations });
  const published = (Object.keys(PUBLISHED_IMPACT_MS) as (keyof typeof PUBLISHED_IMPACT_MS)[]).map((component) => {
    const publishedMs = PUBLISHED_IMPACT_MS[component];
    const simulatedMs = cascade.impactMs[component];
    return { component, publishedMs, simulatedMs, deviation: (simulatedMs - publishedMs) / publishedMs };
  });
  return {
    scenario: INCIDENT_SCENARIO, protocol: options.protocol, seed: options.seed, mitigations: [...options.mitigations].sort(),
    violations: dns.violations, emptyAnswerMs: dns.emptyAnswerMs, converged: dns.converged, traceHash: dns.traceHash,
    phases: cascade.phases, impactMs: cascade.impactMs, published, cascade, dnsTimeline: dns.timeline, dnsEndMs: dns.endMs, endMs,
    endpoints: config.controlPlane.fleet.endpoints.map((e) => e.name),
    assumptions: { ...INCIDENT_DNS_ASSUMPTIONS, ...CASCADE_ASSUMPTIONS },
  };
}

/** The intervals during which `endpoint` answered empty on any provider, from the observations. */
export function emptyIntervals(timeline: readonly DnsObservation[], endpoint: string, endMs: number): [number, number][] {
  const intervals: [number, number][] = [];
  let emptySince: number | null = null;
  for (const o of timeline) {
    if (o.endpoint !== endpoint) continue;
    if (o.addressCount === 0 && emptySince === null) emptySince = o.atMs;
    if (o.addressCount > 0 && emptySince !== null) {
      intervals.push([emptySince, o.atMs]);
      emptySince = null;
    }
  }
  if (emptySince !== null) intervals.push([emptySince, endMs]);
  return intervals;
}

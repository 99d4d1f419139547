/**
 * `incident-2025-10-20`: the DNS race under the incident's conditions (incident-dns.ts), then the
 * downstream cascade (cascade-model.ts) driven by what the database's name actually answered.
 *
 * The DNS simulation runs to 03:30 (an hour after the manual repair; nothing in DNS changes after
 * that in either protocol), the cascade to 14:30 — the 15.5 simulated hours of the event.
 */
import { CASCADE_ASSUMPTIONS, runCascade } from '../cascade/cascade-model.js';
import { runSimulation } from '../world/run.js';
import { INCIDENT_DNS_ASSUMPTIONS, INCIDENT_REGIONAL_ENDPOINT, incidentDnsConfig } from './incident-dns.js';
import { pdt } from './incident-time.js';
export const INCIDENT_SCENARIO = 'incident-2025-10-20';
/** A seed under which the race completes close to 23:48 (most seeds complete it; see docs/simulator.md). */
export const INCIDENT_DEFAULT_SEED = 8;
export const PUBLISHED_IMPACT_MS = {
    database: pdt('02:40', 1) - pdt('23:48'),
    compute: pdt('13:50', 1) - pdt('23:48'),
    loadBalancers: pdt('14:09', 1) - pdt('05:30', 1),
};
export async function replayIncident(options) {
    const dnsEndMs = pdt('03:30', 1);
    const endMs = pdt('14:30', 1);
    const config = incidentDnsConfig({ protocol: options.protocol, seed: options.seed, endMs: dnsEndMs });
    const dns = await runSimulation(config);
    const databaseEmpty = emptyIntervals(dns.timeline, INCIDENT_REGIONAL_ENDPOINT, dns.endMs);
    const cascade = runCascade({ databaseEmpty, endMs, mitigations: options.mitigations });
    const published = Object.keys(PUBLISHED_IMPACT_MS).map((component) => {
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
export function emptyIntervals(timeline, endpoint, endMs) {
    const intervals = [];
    let emptySince = null;
    for (const o of timeline) {
        if (o.endpoint !== endpoint)
            continue;
        if (o.addressCount === 0 && emptySince === null)
            emptySince = o.atMs;
        if (o.addressCount > 0 && emptySince !== null) {
            intervals.push([emptySince, o.atMs]);
            emptySince = null;
        }
    }
    if (emptySince !== null)
        intervals.push([emptySince, endMs]);
    return intervals;
}
//# sourceMappingURL=incident-replay.js.map
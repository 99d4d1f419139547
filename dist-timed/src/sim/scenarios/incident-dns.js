import { endpointName, loadBalancerId } from '../../core/model/ids.js';
import { SeededRandom } from '../../app/sim-support.js';
import { baseSimConfig, SAFETY_OFF_FOR_REPLAY, simCheck } from '../world/production-config.js';
import { pdt } from './incident-time.js';
export const INCIDENT_REGIONAL_ENDPOINT = 'dynamodb.us-east-1.example.test.';
/** Every DNS-side parameter the public record does not give, with the value chosen and why. */
export const INCIDENT_DNS_ASSUMPTIONS = {
    loadBalancers: { value: 12, why: 'public: "hundreds"; 12 (4 per zone) keep the replay fast, the protocol does not depend on the count' },
    endpoints: { value: 6, why: 'regional, IPv6, FIPS and three cell names; the regional name sorts first, so it is the first name each walk switches' },
    plannerIntervalMs: { value: 5_000, why: 'not public' },
    enactorIntervalMs: { value: 5_000, why: 'not public' },
    capacityChangesFrom: { value: '23:20', why: '"a period of many capacity changes" before the race; start not public' },
    capacityChangesUntil: { value: '23:48', why: 'the changes settle just before the race completes' },
    capacityChangeGapMeanMs: { value: 15_000, why: 'not public: one load balancer changes health about every 20 s' },
    slowEnactorFrom: { value: '23:25', why: 'public: A "experienced unusually high delays"; when they started is not public' },
    slowEnactorLatencyMs: { value: 15_000, why: 'not public: A\'s DNS change latency (median), with a long tail' },
    fastEnactorLatencyMs: { value: 150, why: 'not public' },
    cleanupDeleteLatencyMs: { value: 150, why: 'each tree is deleted with its own change' },
    lockBackoffBaseMs: { value: 2_000, why: 'not public' },
    lockBackoffMaxMs: { value: 240_000, why: 'not public: long enough to put A far behind' },
    lockAttemptsMax: { value: 40, why: 'not public: A keeps retrying the endpoint' },
    lockTtlMs: { value: 100, why: 'not public: the lock is a conditional token held only for the batch' },
    significantlyOlderGenerations: { value: 20, why: 'public: "significantly older"; the exact threshold is not public' },
    dnsTtlSeconds: { value: 60, why: 'not public' },
    newPlanAt: { value: '00:30', why: 'a capacity change after the race, to show no Enactor can progress' },
    manualRepairAt: { value: '02:25', why: 'public timeline' },
};
const AZS = ['use1-az1', 'use1-az2', 'use1-az3'];
export function incidentFleet() {
    const loadBalancers = [];
    AZS.forEach((az, zone) => {
        for (let k = 1; k <= 4; k++) {
            loadBalancers.push({ id: loadBalancerId(`nlb-${az}-${k}`), az, ipv4: `10.${zone}.0.${k}`, ipv6: `fd00:${zone}::${k}`, capacity: 10 });
        }
    });
    const ttlSeconds = INCIDENT_DNS_ASSUMPTIONS.dnsTtlSeconds.value;
    const endpoint = (name, az) => ({ name: endpointName(name), select: az === undefined ? {} : { az }, ttlSeconds, answersMax: 8 });
    return {
        loadBalancers,
        endpoints: [
            endpoint(INCIDENT_REGIONAL_ENDPOINT),
            endpoint('fips.dynamodb.us-east-1.example.test.'),
            endpoint('ipv6.dynamodb.us-east-1.example.test.'),
            endpoint('use1-az1.dynamodb.us-east-1.example.test.', 'use1-az1'),
            endpoint('use1-az2.dynamodb.us-east-1.example.test.', 'use1-az2'),
            endpoint('use1-az3.dynamodb.us-east-1.example.test.', 'use1-az3'),
        ],
    };
}
/**
 * The incident's control plane as a config file would say it. Safety is off by name: the replay
 * models the 2025 system, which had no fail-open, velocity or zone-failover bounds.
 */
function incidentRawConfig(fleet) {
    const a = INCIDENT_DNS_ASSUMPTIONS;
    return {
        zone: 'example.test.',
        enactors: ['use1-az1', 'use1-az2', 'use1-az3'],
        loadBalancers: fleet.loadBalancers.map((lb) => ({ id: lb.id, az: lb.az, ipv4: lb.ipv4, ipv6: lb.ipv6, capacity: lb.capacity, check: simCheck(lb.id) })),
        endpoints: fleet.endpoints.map((e) => ({ name: e.name, select: e.select, ttl: e.ttlSeconds, answers: e.answersMax })),
        planner: { intervalMs: a.plannerIntervalMs.value, liveFenceCheckIntervalMs: 60_000, createAttemptsMax: 3 },
        enactor: { intervalMs: a.enactorIntervalMs.value, attemptsMax: 5, backoffBaseMs: 200, backoffMaxMs: 5_000, reconcileIntervalMs: 300_000 },
        cleaner: { keepGenerations: 10, retentionMs: 600_000, intervalMs: 60_000 },
        health: { intervalMs: 5_000, timeoutMs: 2_000, healthyThreshold: 1, unhealthyThreshold: 1 },
        safety: SAFETY_OFF_FOR_REPLAY,
    };
}
function faults(latencyMs, tailProbability) {
    return {
        latency: { baseMs: latencyMs, tailProbability, tailMeanMs: latencyMs * 4 },
        errorProbability: 0, lostResponseProbability: 0, contentionProbability: 0, contentionWaitMs: 0, timeoutMs: Number.POSITIVE_INFINITY,
    };
}
/** Health changes during the period of capacity changes, drawn from the scenario seed. */
function capacityChanges(seed, fleet) {
    const r = new SeededRandom(seed ^ 0x1ce);
    const actions = [];
    const from = pdt(INCIDENT_DNS_ASSUMPTIONS.capacityChangesFrom.value);
    const until = pdt(INCIDENT_DNS_ASSUMPTIONS.capacityChangesUntil.value);
    const down = new Set();
    for (let t = from; t < until; t += 1 + Math.floor(-Math.log(1 - r.nextFloat()) * INCIDENT_DNS_ASSUMPTIONS.capacityChangeGapMeanMs.value)) {
        const lb = fleet.loadBalancers[Math.floor(r.nextFloat() * fleet.loadBalancers.length)];
        const healthy = down.has(lb.id);
        if (healthy)
            down.delete(lb.id);
        else
            down.add(lb.id);
        actions.push({ atMs: t, action: { kind: 'lb-health', loadBalancer: lb.id, healthy } });
    }
    for (const id of down)
        actions.push({ atMs: until, action: { kind: 'lb-health', loadBalancer: id, healthy: true } });
    return actions;
}
export function incidentDnsConfig(options) {
    const fleet = incidentFleet();
    const a = INCIDENT_DNS_ASSUMPTIONS;
    const newPlanLb = fleet.loadBalancers[5].id;
    const actions = [
        ...capacityChanges(options.seed, fleet),
        { atMs: pdt(a.newPlanAt.value, 1), action: { kind: 'lb-health', loadBalancer: newPlanLb, healthy: false } },
        { atMs: pdt(a.manualRepairAt.value, 1), action: { kind: 'operator-repair' } },
    ];
    const slowFromMs = pdt(a.slowEnactorFrom.value);
    const base = baseSimConfig(options.seed, options.protocol, incidentRawConfig(fleet));
    return {
        ...base,
        enactors: [
            { id: 'use1-az1', providerFaults: faults(a.fastEnactorLatencyMs.value, 0), clockSkewMs: 0 },
            { id: 'use1-az2', providerFaults: faults(a.fastEnactorLatencyMs.value, 0.01), clockSkewMs: 0 },
            { id: 'use1-az3', providerFaults: faults(a.fastEnactorLatencyMs.value, 0.01), clockSkewMs: 0 },
        ],
        providerIds: ['route-a'],
        writesPerTransactionMax: 1,
        controlPlaneProviderFaults: faults(50, 0),
        storeFaults: { latency: { baseMs: 20, tailProbability: 0, tailMeanMs: 0 }, errorProbability: 0 },
        probeLatency: { baseMs: 20, tailProbability: 0, tailMeanMs: 0 },
        legacy: {
            lockTtlMs: a.lockTtlMs.value, lockBackoffBaseMs: a.lockBackoffBaseMs.value, lockBackoffMaxMs: a.lockBackoffMaxMs.value,
            lockAttemptsMax: a.lockAttemptsMax.value, cleanupGenerationsBehind: a.significantlyOlderGenerations.value,
        },
        actions,
        enactorSlowdowns: [{ enactor: 'use1-az1', fromMs: slowFromMs, providerFaults: faults(a.slowEnactorLatencyMs.value, 0.3) }],
        safetyMs: options.endMs,
        livenessMs: 600_000,
        skipFence: false,
        eventsMax: 5_000_000,
        stopAtFirstViolation: false,
        recordTimeline: true,
    };
}
//# sourceMappingURL=incident-dns.js.map
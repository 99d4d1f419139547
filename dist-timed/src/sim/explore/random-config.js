/**
 * A random world drawn from one seed, for the explorer. The control plane's settings are a
 * production config (validated and built by the real loader, schema defaults for what is left
 * out) whose safety, guards, operator controls and routing the seed varies. Swarm testing: the seed
 * first decides which fault families are on at all (so that some runs have, say, only a store
 * restore and wall-clock steps, which a uniform mix would drown), then draws every probability,
 * delay and scripted action. Nothing here times a race: the explorer has to stumble on it.
 */
import { SeededRandom } from '../../app/sim-support.js';
import { NO_LATENCY } from '../faults/latency.js';
import { baseSimConfig, simCheck } from '../world/production-config.js';
/** The fault families; the seed turns each on or off. */
export const FAULT_FAMILIES = [
    'latencyTails', 'errors', 'lostResponses', 'contention', 'crashes', 'storeOutages', 'clockSkew', 'slowEnactor',
    'wallSteps', 'storeRestore', 'storeWipe', 'foreignFences', 'oddFences', 'handEdits', 'laggingEnactor', 'secondPlanner',
    'minimalCleaner', 'lateWrites', 'providerDownDuringRestore', 'controls', 'injectedPlan',
];
/** How likely the swarm turns each family on. */
const FAMILY_PROBABILITY = {
    latencyTails: 0.7, errors: 0.5, lostResponses: 0.4, contention: 0.5, crashes: 0.4, storeOutages: 0.3, clockSkew: 0.3, slowEnactor: 0.6,
    wallSteps: 0.3, storeRestore: 0.25, storeWipe: 0.15, foreignFences: 0.2, oddFences: 0.2, handEdits: 0.3, laggingEnactor: 0.2, secondPlanner: 0.2,
    minimalCleaner: 0.3, lateWrites: 0.3, providerDownDuringRestore: 0.15, controls: 0.3, injectedPlan: 0.1,
};
/** Seeds are 32-bit; the config stream is kept apart from the run's own stream. */
const CONFIG_STREAM_SALT = 0x5bd1e995;
const ZONE = 'example.test.';
const REGIONAL = 'api.region.example.test.';
const WEST = 'api.west.example.test.';
const GLOBAL = 'api.example.test.';
const STRAY_ADDRESS = '203.0.113.77';
const HOUR_MS = 3_600_000;
export function randomConfig(seed, options) {
    const r = new SeededRandom((seed ^ CONFIG_STREAM_SALT) >>> 0);
    const swarm = Object.fromEntries(FAULT_FAMILIES.map((f) => [f, options.allFaults === true || coin(r, FAMILY_PROBABILITY[f])]));
    const safetyMs = options.safetyMs ?? between(r, 10_000, 40_000);
    const livenessMs = options.livenessMs ?? 90_000;
    const enactorIds = Array.from({ length: between(r, 2, 3) }, (_, i) => `az${i + 1}`);
    const raw = randomRawConfig(r, swarm, enactorIds);
    const base = baseSimConfig(seed, options.protocol, raw);
    const providerIds = swarm.providerDownDuringRestore || coin(r, 0.3) ? ['dns-a', 'dns-b'] : ['dns-a'];
    const enactors = enactorIds.map((id, i) => ({
        id, providerFaults: randomProviderFaults(r, swarm, swarm.slowEnactor && i === 0), clockSkewMs: swarm.clockSkew ? between(r, -3_000, 3_000) : 0,
    }));
    const endpoints = base.controlPlane.fleet.endpoints.map((e) => e.name);
    const processes = ['planner', 'cleaner', ...enactorIds.map((id) => `enactor:${id}`)];
    const slowdowns = swarm.laggingEnactor
        ? [{ enactor: enactorIds[0], fromMs: between(r, 0, safetyMs / 2), providerFaults: { ...randomProviderFaults(r, swarm, true), latency: { baseMs: between(r, 2_000, 8_000), tailProbability: 0.2, tailMeanMs: 5_000 }, timeoutMs: Number.POSITIVE_INFINITY } }]
        : [];
    return {
        ...base,
        enactors,
        providerIds,
        writesPerTransactionMax: coin(r, 0.6) ? 1 : between(r, 2, 8),
        controlPlaneProviderFaults: randomProviderFaults(r, swarm, false),
        storeFaults: { latency: randomLatency(r, swarm, false), errorProbability: swarm.errors ? r.nextFloat() * 0.1 : 0 },
        probeLatency: { baseMs: between(r, 5, 50), tailProbability: 0, tailMeanMs: 0 },
        legacy: {
            lockTtlMs: between(r, 300, 3_000), lockBackoffBaseMs: between(r, 100, 1_000), lockBackoffMaxMs: between(r, 3_000, 20_000),
            lockAttemptsMax: between(r, 4, 12), cleanupGenerationsBehind: between(r, 1, 5),
        },
        actions: randomActions(r, swarm, { raw, endpoints, processes, providerIds, safetyMs }),
        enactorSlowdowns: slowdowns,
        secondPlanner: swarm.secondPlanner,
        safetyMs,
        livenessMs,
        skipFence: options.skipFence ?? false,
        // Run on after the first violation: the legacy race shows a regression first and the empty
        // answer (and the stuck state) only later, and the report should show all of it.
        stopAtFirstViolation: false,
    };
}
/** A production config as a user would write it: defaults unless the seed varies a setting. */
function randomRawConfig(r, swarm, enactors) {
    const routing = coin(r, 0.3);
    const azCount = between(r, 2, 3);
    const loadBalancers = [];
    for (let az = 1; az <= azCount; az++) {
        for (let k = between(r, 1, 3); k > 0; k--) {
            const n = loadBalancers.length + 1;
            loadBalancers.push({ id: `lb${n}`, az: `az${az}`, ipv4: `192.0.2.${n}`, ...(coin(r, 0.5) ? { ipv6: `2001:db8::${n}` } : {}), capacity: between(r, 1, 10), check: simCheck(`lb${n}`) });
        }
    }
    const endpoints = [{ name: REGIONAL, select: {}, ...maybe(r, { ttl: between(r, 0, 300) }), ...maybe(r, { answers: between(r, 1, 8) }) }];
    for (let az = 1; az <= azCount; az++)
        endpoints.push({ name: `az${az}.api.region.example.test.`, select: { az: `az${az}` } });
    if (coin(r, 0.5))
        endpoints.push({ name: 'fips.api.region.example.test.', select: {} });
    const extra = {};
    if (routing) {
        const westIds = [];
        for (let k = between(r, 1, 3); k > 0; k--) {
            const n = loadBalancers.length + 1;
            westIds.push(`lb${n}`);
            loadBalancers.push({ id: `lb${n}`, az: `usw2-az${k}`, ipv4: `198.51.100.${n}`, capacity: between(r, 1, 10), check: simCheck(`lb${n}`) });
        }
        endpoints.push({ name: WEST, select: { ids: westIds } });
        extra['regions'] = [{ name: 'east', endpoint: REGIONAL }, { name: 'west', endpoint: WEST }];
        extra['globalNames'] = [coin(r, 0.5)
                ? { name: GLOBAL, policy: 'weighted', weights: { east: between(r, 1, 5), west: between(r, 1, 5) }, ...maybe(r, { healthyShareMin: r.nextFloat() * 0.6 }) }
                : { name: GLOBAL, policy: 'failover', primary: 'east', secondary: 'west', failback: coin(r, 0.7) ? 'automatic' : 'manual', failbackAfterMs: between(r, 0, 10_000) }];
    }
    const healthIntervalMs = between(r, 300, 2_000);
    return {
        zone: ZONE, enactors, loadBalancers, endpoints, ...extra,
        health: { intervalMs: healthIntervalMs, timeoutMs: Math.min(healthIntervalMs - 1, 1_000), ...maybe(r, { unhealthyThreshold: between(r, 1, 3) }), ...maybe(r, { healthyThreshold: between(r, 1, 3) }) },
        planner: { ...maybe(r, { intervalMs: between(r, 300, 2_000) }), ...maybe(r, { liveFenceCheckIntervalMs: between(r, 500, 10_000) }) },
        guards: maybe(r, { minCapacityShare: r.nextFloat() * 0.6 }),
        enactor: {
            ...maybe(r, { intervalMs: between(r, 100, 3_000) }), ...maybe(r, { attemptsMax: between(r, 1, 6) }),
            ...maybe(r, { backoffBaseMs: between(r, 10, 400) }), ...maybe(r, { backoffMaxMs: between(r, 1_000, 5_000) }),
            ...maybe(r, { reconcileIntervalMs: between(r, 1_000, 20_000) }),
        },
        cleaner: swarm.minimalCleaner
            ? { keepGenerations: 1, retentionMs: 0, intervalMs: between(r, 200, 2_000) }
            : { ...maybe(r, { keepGenerations: between(r, 1, 10) }), ...maybe(r, { retentionMs: between(r, 0, 10_000) }), intervalMs: between(r, 500, 10_000) },
        safety: {
            ...maybe(r, { panicThreshold: 0.3 + r.nextFloat() * 0.7 }),
            // Velocity windows short enough to roll over within a run; never off (maxShare < 1).
            velocity: { maxShare: [0.1, 0.25, 0.34, 0.5, 0.75][between(r, 0, 4)], windowMs: between(r, 2_000, 20_000) },
            ...maybe(r, { minZones: between(r, 1, 3) }),
            ...maybe(r, { zoneUnhealthyShare: 0.3 + r.nextFloat() * 0.7 }),
        },
    };
}
/** `value` with probability 1/2, else nothing (the schema default). */
function maybe(r, value) {
    return coin(r, 0.5) ? value : {};
}
function randomProviderFaults(r, swarm, slow) {
    return {
        latency: randomLatency(r, swarm, slow),
        errorProbability: swarm.errors ? r.nextFloat() * 0.15 : 0,
        lostResponseProbability: swarm.lostResponses ? r.nextFloat() * 0.1 : 0,
        contentionProbability: swarm.contention ? r.nextFloat() * 0.3 : 0,
        contentionWaitMs: between(r, 100, 3_000),
        // Late writes: a timeout shorter than the latency, so writes land after the caller gave up.
        timeoutMs: swarm.lateWrites ? between(r, 50, 600) : between(r, 1_000, 10_000),
    };
}
function randomLatency(r, swarm, slow) {
    if (!swarm.latencyTails && !slow)
        return { ...NO_LATENCY, baseMs: between(r, 1, 30) };
    return {
        baseMs: slow ? between(r, 200, 1_500) : between(r, 1, 60),
        tailProbability: swarm.latencyTails ? r.nextFloat() * 0.2 : 0,
        tailMeanMs: between(r, 200, 5_000),
    };
}
/** Health flaps (they make the Planner write many generations), then one block per fault family that is on. */
function randomActions(r, swarm, context) {
    const { safetyMs, endpoints, processes, providerIds } = context;
    const actions = [];
    const at = () => between(r, 0, safetyMs);
    const pick = (list) => list[Math.floor(r.nextFloat() * list.length)];
    const lbs = context.raw['loadBalancers'].map((lb) => lb.id);
    const flapGapMeanMs = between(r, 300, 4_000);
    for (let t = between(r, 0, 2_000); t < safetyMs; t += 1 + Math.floor(-Math.log(1 - r.nextFloat()) * flapGapMeanMs)) {
        actions.push({ atMs: t, action: { kind: 'lb-health', loadBalancer: pick(lbs), healthy: coin(r, 0.5) } });
    }
    if (swarm.crashes) {
        for (let i = between(r, 1, 4); i > 0; i--) {
            const process = pick(swarm.secondPlanner ? [...processes, 'planner-2'] : processes);
            const t = at();
            actions.push({ atMs: t, action: { kind: 'crash', process } }, { atMs: t + between(r, 100, 20_000), action: { kind: 'restart', process } });
        }
    }
    if (swarm.storeOutages) {
        const t = at();
        actions.push({ atMs: t, action: { kind: 'store-outage', down: true } }, { atMs: t + between(r, 500, 15_000), action: { kind: 'store-outage', down: false } });
    }
    if (swarm.wallSteps) {
        for (let i = between(r, 1, 3); i > 0; i--) {
            const sign = coin(r, 0.5) ? -1 : 1;
            actions.push({ atMs: at(), action: { kind: 'wall-step', process: pick([...processes, '*']), deltaMs: sign * between(r, 1_000, 3 * HOUR_MS) } });
        }
    }
    if (swarm.storeRestore || swarm.providerDownDuringRestore) {
        const backupAt = between(r, 0, safetyMs / 2);
        const restoreAt = between(r, backupAt + 1, safetyMs);
        actions.push({ atMs: backupAt, action: { kind: 'store-backup' } }, { atMs: restoreAt, action: { kind: 'store-restore' } });
        if (swarm.providerDownDuringRestore) {
            const provider = pick(providerIds);
            actions.push({ atMs: restoreAt - between(r, 0, 2_000), action: { kind: 'provider-outage', provider, down: true } });
            actions.push({ atMs: restoreAt + between(r, 500, 10_000), action: { kind: 'provider-outage', provider, down: false } });
        }
    }
    if (swarm.storeWipe)
        actions.push({ atMs: at(), action: { kind: 'store-wipe' } });
    if (swarm.foreignFences) {
        const fences = [[['gen=999999999999999 digest=ab by=other-tool']], [['garbage text']], [['gen=1 digest=aa by=x'], ['gen=2 digest=bb by=y']]];
        actions.push({ atMs: at(), action: { kind: 'hand-edit', provider: pick(providerIds), edit: { kind: 'set-fence', name: pick(endpoints), records: pick(fences) } } });
    }
    if (swarm.oddFences) {
        for (let i = between(r, 1, 3); i > 0; i--) {
            actions.push({ atMs: at(), action: { kind: 'hand-edit', provider: pick(providerIds), edit: { kind: 'rewrite-fence', name: pick(endpoints), style: coin(r, 0.5) ? 'leading-zero' : 'split' } } });
        }
    }
    if (swarm.handEdits) {
        for (let i = between(r, 1, 3); i > 0; i--) {
            const name = pick(endpoints);
            const edits = [
                { kind: 'delete-addresses', name, family: 'A' }, { kind: 'set-ttl', name, ttlSeconds: between(r, 0, 3_600) }, { kind: 'add-address', name, address: STRAY_ADDRESS },
            ];
            actions.push({ atMs: at(), action: { kind: 'hand-edit', provider: pick(providerIds), edit: pick(edits) } });
        }
    }
    if (swarm.controls)
        actions.push(...randomControls(r, endpoints, safetyMs));
    if (swarm.injectedPlan)
        actions.push({ atMs: at(), action: { kind: 'inject-plan', endpoint: pick(endpoints), answersMax: coin(r, 0.5) ? 0 : -1 } });
    return actions.sort((a, b) => a.atMs - b.atMs);
}
/** An operator freezing a name (or everything) for a while, and overriding velocity for one. */
function randomControls(r, endpoints, safetyMs) {
    const actions = [];
    const target = coin(r, 0.3) ? '*' : endpoints[Math.floor(r.nextFloat() * endpoints.length)];
    const from = between(r, 0, safetyMs);
    actions.push({ atMs: from, action: { kind: 'control', control: 'freeze', target } });
    if (coin(r, 0.7))
        actions.push({ atMs: between(r, from, safetyMs), action: { kind: 'control-lift', control: 'freeze', target } });
    if (coin(r, 0.5)) {
        const name = endpoints[Math.floor(r.nextFloat() * endpoints.length)];
        actions.push({ atMs: between(r, 0, safetyMs), action: { kind: 'control', control: 'velocity-override', target: name, ttlMs: between(r, 1_000, 20_000) } });
    }
    return actions;
}
function coin(r, probability) {
    return r.nextFloat() < probability;
}
/** An integer in [low, high]. */
function between(r, low, high) {
    return low + Math.floor(r.nextFloat() * (high - low + 1));
}
//# sourceMappingURL=random-config.js.map
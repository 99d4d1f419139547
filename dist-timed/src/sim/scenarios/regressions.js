import { baseSimConfig, simCheck } from '../world/production-config.js';
export const REGIONAL = 'api.region.example.test.';
export const AZ1 = 'az1.api.region.example.test.';
export const AZ2 = 'az2.api.region.example.test.';
const GLOBAL = 'api.example.test.';
const WEST = 'api.west.example.test.';
const HOUR_MS = 3_600_000;
function fleetConfig(extra = {}) {
    const loadBalancers = Array.from({ length: 8 }, (_, i) => ({ id: `lb${i + 1}`, az: i < 4 ? 'az1' : 'az2', ipv4: `192.0.2.${i + 1}`, capacity: 1, check: simCheck(`lb${i + 1}`) }));
    return {
        zone: 'example.test.', enactors: ['az1', 'az2'], loadBalancers,
        endpoints: [{ name: REGIONAL, select: {} }, { name: AZ1, select: { az: 'az1' } }, { name: AZ2, select: { az: 'az2' } }],
        health: { intervalMs: 500, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1 },
        enactor: { reconcileIntervalMs: 5_000 },
        safety: { velocity: { maxShare: 0.25, windowMs: 20_000 } },
        ...extra,
    };
}
function at(atMs, action) {
    return { atMs, action };
}
function down(atMs, ...lbs) {
    return lbs.map((n) => at(atMs, { kind: 'lb-health', loadBalancer: `lb${n}`, healthy: false }));
}
function scenario(seed, actions, overrides = {}, raw = fleetConfig()) {
    const base = baseSimConfig(seed, 'fenced', raw);
    return { ...base, safetyMs: 40_000, livenessMs: 90_000, ...overrides, actions: [...actions].sort((a, b) => a.atMs - b.atMs) };
}
export const REGRESSION_SCENARIOS = [
    {
        name: 'hand-deleted-a-rrset',
        finding: 'a managed name\'s A RRset deleted by hand (fence intact) answered NOERROR with no address indefinitely',
        config: (seed) => scenario(seed, [at(8_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'delete-addresses', name: REGIONAL, family: 'A' } })]),
        expect: (r) => (r.emptyAnswerMs > 15_000 ? `the hand-emptied name stayed empty for ${r.emptyAnswerMs} ms (reconcile is every 5 s)` : null),
    },
    {
        name: 'foreign-15-digit-fence',
        finding: 'one fence gen=999999999999999 made the Planner number above it and every fence malformed afterwards',
        config: (seed) => scenario(seed, [
            at(5_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'set-fence', name: AZ1, records: [['gen=999999999999999 digest=ab by=other-tool']] } }),
            ...down(9_000, 8), at(20_000, { kind: 'lb-health', loadBalancer: 'lb8', healthy: true }),
        ]),
        expect: (r) => (r.newestGeneration > 1_000 ? `the newest generation is ${r.newestGeneration}: numbering jumped above the foreign fence` : null),
    },
    {
        name: 'differently-written-fence',
        finding: 'a fence written gen=07 … or split over two character-strings never matched a rebuilt prerequisite and wedged the batch',
        config: (seed) => scenario(seed, [
            at(5_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'rewrite-fence', name: REGIONAL, style: 'leading-zero' } }),
            at(5_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'rewrite-fence', name: AZ1, style: 'split' } }),
            ...down(8_000, 8),
        ], { writesPerTransactionMax: 8 }),
    },
    {
        name: 'wall-clock-back-2h',
        finding: 'stepping the wall clock back 2 h stopped probes, plans and writes, and a velocity-ledger assertion crashed the process',
        config: (seed) => scenario(seed, [at(5_000, { kind: 'wall-step', process: '*', deltaMs: -2 * HOUR_MS }), ...down(7_000, 8), ...down(30_000, 7)]),
    },
    {
        name: 'freeze-after-store-restore',
        finding: 'after a store restore a frozen endpoint lost half of its load balancers in one write with velocity at 25%',
        config: (seed) => scenario(seed, [
            at(3_000, { kind: 'store-backup' }), ...down(4_000, 8), at(8_000, { kind: 'control', control: 'freeze', target: REGIONAL }),
            at(12_000, { kind: 'store-restore' }), ...down(14_000, 1, 2, 3, 5),
        ]),
    },
    {
        name: 'velocity-after-generations-deleted',
        finding: 'after every generation was deleted the Planner granted a fresh velocity share against an empty history',
        config: (seed) => scenario(seed, [...down(4_000, 8), at(8_000, { kind: 'store-wipe' }), ...down(9_000, 1, 2, 5)]),
    },
    {
        name: 'lagging-enactor-8-to-5',
        finding: 'a lagging Enactor applied the newest plan in one step, 8 → 5 addresses against a 25% limit',
        config: (seed) => {
            const base = scenario(seed, [at(3_000, { kind: 'crash', process: 'enactor:az2' }), ...down(4_000, 1, 2, 3), at(60_000, { kind: 'restart', process: 'enactor:az2' })], { safetyMs: 60_000 });
            const slow = { ...base.enactors[0].providerFaults, latency: { baseMs: 8_000, tailProbability: 0, tailMeanMs: 0 } };
            return { ...base, enactorSlowdowns: [{ enactor: 'az1', fromMs: 2_000, providerFaults: slow }] };
        },
    },
    {
        name: 'two-planners-one-store',
        finding: 'two Planners on one store each granted a full velocity share',
        config: (seed) => scenario(seed, [...down(4_000, 1, 2, 3, 5)], { secondPlanner: true }),
    },
    {
        name: 'planner-restart-after-aggressive-cleaner',
        finding: 'a Planner restarted after an aggressive Cleaner run granted a fresh velocity share',
        config: (seed) => scenario(seed, [
            ...down(4_000, 8), at(6_000, { kind: 'crash', process: 'planner' }), at(7_000, { kind: 'restart', process: 'planner' }), ...down(8_000, 1, 2, 5),
        ], {}, fleetConfig({ cleaner: { keepGenerations: 1, retentionMs: 0, intervalMs: 200 } })),
    },
    {
        name: 'global-weighted-region-drop',
        finding: 'a global weighted name dropped a whole region at once',
        config: (seed) => {
            const raw = fleetConfig();
            const west = [9, 10, 11, 12].map((n) => ({ id: `lb${n}`, az: 'usw2-az1', ipv4: `198.51.100.${n}`, capacity: 1, check: simCheck(`lb${n}`) }));
            return scenario(seed, [...down(6_000, 9, 10, 11, 12)], {}, {
                ...raw, loadBalancers: [...raw['loadBalancers'], ...west],
                endpoints: [...raw['endpoints'], { name: WEST, select: { ids: ['lb9', 'lb10', 'lb11', 'lb12'] } }],
                regions: [{ name: 'east', endpoint: REGIONAL }, { name: 'west', endpoint: WEST }],
                globalNames: [{ name: GLOBAL, policy: 'weighted', weights: { east: 1, west: 1 } }],
            });
        },
    },
    {
        name: 'answers-max-zero-plan',
        finding: 'a plan with answersMax ≤ 0 written straight into the store passed the Enactors and emptied the name on every provider',
        config: (seed) => scenario(seed, [at(8_000, { kind: 'inject-plan', endpoint: REGIONAL, answersMax: 0 })], { providerIds: ['dns-a', 'dns-b'] }),
    },
    {
        name: 'restore-with-provider-down',
        finding: 'after a store restore with one provider down, renumbering stopped and Enactors reported converged with dead load balancers in DNS',
        config: (seed) => scenario(seed, [
            at(2_000, { kind: 'store-backup' }), ...down(4_000, 8), ...down(7_000, 4),
            at(10_000, { kind: 'provider-outage', provider: 'dns-b', down: true }), at(11_000, { kind: 'store-restore' }),
            ...down(12_000, 5), at(16_000, { kind: 'provider-outage', provider: 'dns-b', down: false }),
        ], { providerIds: ['dns-a', 'dns-b'] }),
    },
    {
        name: 'malformed-fences-and-cleaner',
        finding: 'malformed or absent fences stopped the Cleaner forever (the lowest live generation counted as 0)',
        config: (seed) => scenario(seed, [
            at(3_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'set-fence', name: AZ1, records: [['garbage text']] } }),
            at(3_000, { kind: 'hand-edit', provider: 'dns-a', edit: { kind: 'set-fence', name: AZ2, records: [['gen=1 digest=aa by=x'], ['gen=2 digest=bb by=y']] } }),
            ...[5, 6, 7, 8].flatMap((n, i) => [...down(5_000 + i * 4_000, n), at(7_000 + i * 4_000, { kind: 'lb-health', loadBalancer: `lb${n}`, healthy: true })]),
        ], {}, fleetConfig({ cleaner: { keepGenerations: 1, retentionMs: 0, intervalMs: 500 } })),
        // The Cleaner keeps the newest generation and those inside the velocity window; ten would mean it stopped.
        expect: (r) => (r.storedGenerations >= 10 ? `${r.storedGenerations} generations still stored: the Cleaner stopped` : null),
    },
];
export function regressionScenario(name) {
    return REGRESSION_SCENARIOS.find((s) => s.name === name);
}
//# sourceMappingURL=regressions.js.map
/**
 * A random world drawn from one seed, for the explorer. Swarm testing: the seed first decides which
 * fault families are on at all (so that some runs have, say, only lost responses and crashes, which
 * a uniform mix would drown), then draws every probability, delay and scripted action. Nothing here
 * times the race: the explorer has to stumble on it.
 */
import type { EndpointSpec, FleetSpec, LoadBalancerSpec } from '../../core/model/fleet.js';
import { endpointName, loadBalancerId } from '../../core/model/ids.js';
import { DEFAULT_GUARD_SETTINGS } from '../../core/planner/guards.js';
import { SeededRandom } from '../../adapters/random-seeded/seeded-random.js';
import { NO_LATENCY, type LatencyModel } from '../faults/latency.js';
import type { ProviderFaults } from '../faults/sim-dns-provider.js';
import type { EnactorConfig, Protocol, ScheduledAction, SimConfig } from '../world/config.js';

export interface ExploreOptions {
  readonly protocol: Protocol;
  /** Sabotage (checker tests): the provider drops the fence prerequisite. */
  readonly skipFence?: boolean;
  readonly safetyMs?: number;
  readonly livenessMs?: number;
}

interface Swarm {
  readonly latencyTails: boolean;
  readonly errors: boolean;
  readonly lostResponses: boolean;
  readonly contention: boolean;
  readonly crashes: boolean;
  readonly storeOutages: boolean;
  readonly clockSkew: boolean;
  readonly slowEnactor: boolean;
}

/** Seeds are 32-bit; the config stream is kept apart from the run's own stream. */
const CONFIG_STREAM_SALT = 0x5bd1e995;

export function randomConfig(seed: number, options: ExploreOptions): SimConfig {
  const r = new SeededRandom((seed ^ CONFIG_STREAM_SALT) >>> 0);
  const swarm: Swarm = {
    latencyTails: coin(r, 0.7), errors: coin(r, 0.5), lostResponses: coin(r, 0.4), contention: coin(r, 0.5),
    crashes: coin(r, 0.4), storeOutages: coin(r, 0.3), clockSkew: coin(r, 0.3), slowEnactor: coin(r, 0.6),
  };
  const safetyMs = options.safetyMs ?? between(r, 10_000, 40_000);
  const livenessMs = options.livenessMs ?? 60_000;
  const fleet = randomFleet(r);
  const enactorCount = between(r, 2, 3);
  const enactors: EnactorConfig[] = [];
  for (let i = 0; i < enactorCount; i++) {
    const slow = swarm.slowEnactor && i === 0;
    enactors.push({ id: `az${i + 1}`, providerFaults: randomProviderFaults(r, swarm, slow), clockSkewMs: swarm.clockSkew ? between(r, -3_000, 3_000) : 0 });
  }
  const enactorIntervalMs = between(r, 300, 3_000);
  return {
    seed,
    protocol: options.protocol,
    fleet,
    enactors,
    providerIds: coin(r, 0.3) ? ['dns-a', 'dns-b'] : ['dns-a'],
    writesPerTransactionMax: coin(r, 0.6) ? 1 : between(r, 2, 8),
    controlPlaneProviderFaults: randomProviderFaults(r, swarm, false),
    storeFaults: { latency: randomLatency(r, swarm, false), errorProbability: swarm.errors ? r.nextFloat() * 0.1 : 0 },
    probeLatency: { baseMs: between(r, 5, 50), tailProbability: 0, tailMeanMs: 0 },
    timing: { plannerIntervalMs: between(r, 300, 2_000), enactorIntervalMs, cleanerIntervalMs: between(r, 500, 5_000) },
    enactorSettings: { enactAttemptsMax: between(r, 2, 5), backoffBaseMs: between(r, 20, 400), backoffMaxMs: between(r, 1_000, 5_000), reconcileIntervalMs: between(r, 5_000, 20_000) },
    cleanerSettings: { generationsRetainedMin: between(r, 1, 3), retentionMs: between(r, 0, 5_000), deletionsPerTickMax: 50 },
    plannerSettings: { guards: DEFAULT_GUARD_SETTINGS, liveFenceCheckIntervalMs: between(r, 1_000, 10_000), createAttemptsMax: 3 },
    healthSettings: { intervalMs: between(r, 300, 2_000), timeoutMs: 1_000, healthyThreshold: between(r, 1, 2), unhealthyThreshold: between(r, 1, 2) },
    legacy: {
      lockTtlMs: between(r, 300, 3_000), lockBackoffBaseMs: between(r, 100, 1_000), lockBackoffMaxMs: between(r, 3_000, 20_000),
      lockAttemptsMax: between(r, 4, 12), cleanupGenerationsBehind: between(r, 1, 5),
    },
    actions: randomActions(r, swarm, fleet, enactors, safetyMs),
    enactorSlowdowns: [],
    safetyMs,
    livenessMs,
    velocityLimit: null,
    skipFence: options.skipFence ?? false,
    eventsMax: 2_000_000,
    // Run on after the first violation: the legacy race shows a regression first and the empty
    // answer (and the stuck state) only later, and the report should show all of it.
    stopAtFirstViolation: false,
    recordTimeline: false,
  };
}

function randomFleet(r: SeededRandom): FleetSpec {
  const azCount = between(r, 2, 3);
  const loadBalancers: LoadBalancerSpec[] = [];
  for (let az = 1; az <= azCount; az++) {
    const perAz = between(r, 1, 2);
    for (let k = 1; k <= perAz; k++) {
      const n = loadBalancers.length + 1;
      loadBalancers.push({
        id: loadBalancerId(`lb${n}`), az: `az${az}`, ipv4: `192.0.2.${n}`,
        ...(coin(r, 0.5) ? { ipv6: `2001:db8::${n}` } : {}), capacity: between(r, 1, 10),
      });
    }
  }
  const endpoints: EndpointSpec[] = [{ name: endpointName('api.region.example.test.'), select: {}, ttlSeconds: 60, answersMax: 8 }];
  for (let az = 1; az <= azCount; az++) {
    endpoints.push({ name: endpointName(`az${az}.api.region.example.test.`), select: { az: `az${az}` }, ttlSeconds: 60, answersMax: 8 });
  }
  if (coin(r, 0.5)) endpoints.push({ name: endpointName('fips.api.region.example.test.'), select: {}, ttlSeconds: 60, answersMax: 8 });
  return { loadBalancers, endpoints };
}

function randomProviderFaults(r: SeededRandom, swarm: Swarm, slow: boolean): ProviderFaults {
  return {
    latency: randomLatency(r, swarm, slow),
    errorProbability: swarm.errors ? r.nextFloat() * 0.15 : 0,
    lostResponseProbability: swarm.lostResponses ? r.nextFloat() * 0.1 : 0,
    contentionProbability: swarm.contention ? r.nextFloat() * 0.3 : 0,
    contentionWaitMs: between(r, 100, 3_000),
    timeoutMs: between(r, 1_000, 10_000),
  };
}

function randomLatency(r: SeededRandom, swarm: Swarm, slow: boolean): LatencyModel {
  if (!swarm.latencyTails && !slow) return { ...NO_LATENCY, baseMs: between(r, 1, 30) };
  return {
    baseMs: slow ? between(r, 200, 1_500) : between(r, 1, 60),
    tailProbability: swarm.latencyTails ? r.nextFloat() * 0.2 : 0,
    tailMeanMs: between(r, 200, 5_000),
  };
}

/** Health flaps (they make the Planner write many generations), crashes with restarts, store outages. */
function randomActions(r: SeededRandom, swarm: Swarm, fleet: FleetSpec, enactors: readonly EnactorConfig[], safetyMs: number): ScheduledAction[] {
  const actions: ScheduledAction[] = [];
  const flapGapMeanMs = between(r, 300, 4_000);
  for (let t = between(r, 0, 2_000); t < safetyMs; t += 1 + Math.floor(-Math.log(1 - r.nextFloat()) * flapGapMeanMs)) {
    const lb = fleet.loadBalancers[Math.floor(r.nextFloat() * fleet.loadBalancers.length)]!;
    actions.push({ atMs: t, action: { kind: 'lb-health', loadBalancer: lb.id, healthy: coin(r, 0.5) } });
  }
  if (swarm.crashes) {
    const processes = ['planner', 'cleaner', ...enactors.map((e) => `enactor:${e.id}`)];
    for (let i = between(r, 1, 4); i > 0; i--) {
      const process = processes[Math.floor(r.nextFloat() * processes.length)]!;
      const at = between(r, 0, safetyMs);
      actions.push({ atMs: at, action: { kind: 'crash', process } }, { atMs: at + between(r, 100, 20_000), action: { kind: 'restart', process } });
    }
  }
  if (swarm.storeOutages) {
    const at = between(r, 0, safetyMs);
    actions.push({ atMs: at, action: { kind: 'store-outage', down: true } }, { atMs: at + between(r, 500, 15_000), action: { kind: 'store-outage', down: false } });
  }
  return actions.sort((a, b) => a.atMs - b.atMs);
}

function coin(r: SeededRandom, probability: number): boolean {
  return r.nextFloat() < probability;
}

/** An integer in [low, high]. */
function between(r: SeededRandom, low: number, high: number): number {
  return low + Math.floor(r.nextFloat() * (high - low + 1));
}

/** A Planner, Enactors and a Cleaner wired to in-memory adapters, for core tests. */
import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../src/adapters/store-memory/memory-plan-store.js';
import { Cleaner, type CleanerSettings } from '../../src/core/cleaner/cleaner.js';
import { Enactor, type EnactorSettings } from '../../src/core/enactor/enactor.js';
import type { FleetSpec } from '../../src/core/model/fleet.js';
import { enactorId, providerId, type LoadBalancerId } from '../../src/core/model/ids.js';
import { Planner, type PlannerSettings } from '../../src/core/planner/planner.js';
import type { Clock } from '../../src/core/ports/clock.js';
import type { DnsProvider } from '../../src/core/ports/dns-provider.js';
import type { PlanStore } from '../../src/core/ports/plan-store.js';
import { ManualClock, RecordingEvents } from './fleet.js';

export const TEST_PLANNER_SETTINGS: PlannerSettings = {
  guards: { minCapacityShare: 0 },
  liveFenceCheckIntervalMs: 0,
  createAttemptsMax: 3,
};

export const TEST_ENACTOR_SETTINGS: EnactorSettings = {
  enactAttemptsMax: 5,
  backoffBaseMs: 10,
  backoffMaxMs: 200,
  reconcileIntervalMs: 60_000,
};

export const TEST_CLEANER_SETTINGS: CleanerSettings = { generationsRetainedMin: 2, retentionMs: 0, deletionsPerTickMax: 100 };

export interface CoreRig {
  readonly clock: Clock;
  readonly store: MemoryPlanStore;
  readonly provider: MemoryDnsProvider;
  readonly events: RecordingEvents;
  readonly unhealthy: Set<LoadBalancerId>;
  readonly planner: Planner;
  enactor(id: string, providers?: readonly DnsProvider[], store?: PlanStore): Enactor;
  cleaner(): Cleaner;
}

export function coreRig(fleet: FleetSpec, options: { clock?: Clock; writesPerTransactionMax?: number; seed?: number } = {}): CoreRig {
  const clock = options.clock ?? new ManualClock();
  const store = new MemoryPlanStore();
  const provider = new MemoryDnsProvider(providerId('memory'), options.writesPerTransactionMax ?? 100);
  const events = new RecordingEvents();
  const unhealthy = new Set<LoadBalancerId>();
  const random = new SeededRandom(options.seed ?? 1);
  const planner = new Planner({
    fleet, store, providers: [provider], clock, events,
    health: () => new Map([...unhealthy].map((id) => [id, false])),
    settings: TEST_PLANNER_SETTINGS,
  });
  return {
    clock, store, provider, events, unhealthy, planner,
    enactor: (id, providers = [provider], planStore = store) => new Enactor({
      id: enactorId(id), store: planStore, providers, clock, random: random.fork(), events, settings: TEST_ENACTOR_SETTINGS,
    }),
    cleaner: () => new Cleaner({ store, providers: [provider], endpoints: fleet.endpoints.map((e) => e.name), clock, events, settings: TEST_CLEANER_SETTINGS }),
  };
}

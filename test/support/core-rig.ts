/**
 * A Planner, Enactors and a Cleaner built by the one assembly (src/app/assembly.ts) on in-memory
 * adapters, for core tests. Safety is off unless a test asks for it: the settings say so by name.
 */
import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../src/adapters/store-memory/memory-plan-store.js';
import { ControlPlaneAssembly, type ControlPlaneSettings, type ControlsView } from '../../src/app/assembly.js';
import type { Cleaner, CleanerSettings } from '../../src/core/cleaner/cleaner.js';
import type { Enactor, EnactorSettings } from '../../src/core/enactor/enactor.js';
import type { FleetSpec } from '../../src/core/model/fleet.js';
import { enactorId, providerId, type LoadBalancerId } from '../../src/core/model/ids.js';
import type { Planner, PlannerSettings } from '../../src/core/planner/planner.js';
import type { DnsProvider, LiveEndpoint } from '../../src/core/ports/dns-provider.js';
import type { EndpointName } from '../../src/core/model/ids.js';
import type { Plan } from '../../src/core/model/plan.js';
import type { PlanStore } from '../../src/core/ports/plan-store.js';
import type { OperatorControl } from '../../src/core/safety/operator-controls.js';
import type { SafetySettings } from '../../src/core/safety/safety-settings.js';
import { ManualClock, RecordingEvents } from './fleet.js';

/** Velocity, fail-open and zone failover all off: unit tests of the protocol alone. */
export const SAFETY_OFF_FOR_TESTS: SafetySettings = { panicThreshold: 1, velocity: null, minZones: 1, zoneUnhealthyShare: 1 };

export const TEST_PLANNER_SETTINGS: Omit<PlannerSettings, 'safety'> & { intervalMs: number } = {
  guards: { minCapacityShare: 0 },
  liveFenceCheckIntervalMs: 0,
  createAttemptsMax: 3,
  leaseTtlMs: 10_000,
  intervalMs: 1000,
};

export const TEST_ENACTOR_SETTINGS: EnactorSettings & { intervalMs: number } = {
  enactAttemptsMax: 5,
  backoffBaseMs: 10,
  backoffMaxMs: 200,
  reconcileIntervalMs: 60_000,
  intervalMs: 250,
};

export const TEST_CLEANER_SETTINGS: CleanerSettings & { intervalMs: number } = { generationsRetainedMin: 2, retentionMs: 0, deletionsPerTickMax: 100, intervalMs: 1000 };

export function testSettings(fleet: FleetSpec, overrides: Partial<ControlPlaneSettings> = {}): ControlPlaneSettings {
  return {
    fleet, checks: [], enactors: [enactorId('az1')], health: { intervalMs: 1000, timeoutMs: 500, healthyThreshold: 1, unhealthyThreshold: 1 },
    planner: TEST_PLANNER_SETTINGS, enactor: TEST_ENACTOR_SETTINGS, cleaner: TEST_CLEANER_SETTINGS, safety: SAFETY_OFF_FOR_TESTS,
    ...overrides,
  };
}

/** Operator controls a test sets directly. */
export class TestControls implements ControlsView {
  list: OperatorControl[] = [];
  current(): readonly OperatorControl[] {
    return this.list;
  }
  async refresh(): Promise<void> {}
}

export interface CoreRig {
  readonly clock: ManualClock;
  readonly store: MemoryPlanStore;
  readonly provider: MemoryDnsProvider;
  readonly events: RecordingEvents;
  readonly unhealthy: Set<LoadBalancerId>;
  readonly controls: TestControls;
  readonly assembly: ControlPlaneAssembly;
  readonly planner: Planner;
  /** Another Planner on the same store (its own lease holder). */
  secondPlanner(holder: string): Planner;
  /** The Enactor `id` over these providers and store: the same one on every call, until restarted. */
  enactor(id: string, providers?: readonly DnsProvider[], store?: PlanStore): Enactor;
  /** Forgets Enactor `id`: the next `enactor(id)` is a fresh process (empty window, warm-up). */
  restartEnactor(id: string): void;
  cleaner(): Cleaner;
}

export function coreRig(fleet: FleetSpec, options: { clock?: ManualClock; writesPerTransactionMax?: number; seed?: number; settings?: Partial<ControlPlaneSettings> } = {}): CoreRig {
  const clock = options.clock ?? new ManualClock();
  const store = new MemoryPlanStore({ clock });
  const provider = new MemoryDnsProvider(providerId('memory'), options.writesPerTransactionMax ?? 100);
  const events = new RecordingEvents();
  const unhealthy = new Set<LoadBalancerId>();
  const random = new SeededRandom(options.seed ?? 1);
  const controls = new TestControls();
  const assembly = new ControlPlaneAssembly(testSettings(fleet, options.settings));
  const health = { view: () => new Map([...unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
  const enactors = new Map<string, { readonly enactor: Enactor; readonly providers: readonly DnsProvider[]; readonly store: PlanStore }>();
  const plannerAs = (holder: string): Planner => assembly.planner({ holder, clock, events, store, providers: [provider], health, controls });
  return {
    clock, store, provider, events, unhealthy, controls, assembly, planner: plannerAs('planner-1'),
    secondPlanner: plannerAs,
    enactor: (id, providers = [provider], planStore = store) => {
      // One long-lived Enactor per id, providers and store, as in production: its velocity window
      // (and warm-up) lives in memory. `restartEnactor` forgets it.
      const key = `${id}|${providers.map((p) => p.id).join(',')}`;
      const known = enactors.get(key);
      if (known !== undefined && known.store === planStore && known.providers.every((p, i) => p === providers[i])) return known.enactor;
      const enactor = assembly.enactor(enactorId(id), { clock, random: random.fork(), events, store: planStore, providers, controls });
      enactors.set(key, { enactor, providers, store: planStore });
      return enactor;
    },
    restartEnactor: (id) => {
      for (const key of [...enactors.keys()]) if (key.startsWith(`${id}|`)) enactors.delete(key);
    },
    cleaner: () => assembly.cleaner({ clock, events, store, providers: [provider] }),
  };
}

/** What the provider serves for one name, read the way an Enactor reads it. */
export async function liveOf(provider: DnsProvider, name: string): Promise<LiveEndpoint> {
  const read = await provider.readEndpoints([name as EndpointName]);
  if (!read.ok) throw new Error(`cannot read ${name}: ${read.message}`);
  return read.value[0]!;
}

/** Writes a plan straight into a store, as another tool (or a second Planner) would: it takes the lease over. */
export async function writePlanDirectly(store: PlanStore, plan: Plan, clock?: ManualClock, holder = 'another-tool'): Promise<void> {
  let lease = await store.acquireLease(holder, 1);
  if (!lease.ok && lease.code === 'held' && clock !== undefined) {
    clock.now += TEST_PLANNER_SETTINGS.leaseTtlMs + 1; // the rig's Planner lease runs out
    lease = await store.acquireLease(holder, 1);
  }
  if (!lease.ok) throw new Error(`lease: ${lease.message}`);
  const created = await store.create(plan, lease.value.token);
  if (!created.ok) throw new Error(`create: ${created.message}`);
}

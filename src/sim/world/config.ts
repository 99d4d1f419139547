/**
 * Everything one simulation run is made of: the fleet, the processes and their faults, the
 * protocol, the scripted actions, and the two phases (safety with faults, liveness healed). A config
 * is plain data; the explorer draws one from a seed, the incident scenario writes one by hand.
 */
import type { CleanerSettings } from '../../core/cleaner/cleaner.js';
import type { EnactorSettings } from '../../core/enactor/enactor.js';
import type { HealthSettings } from '../../core/health/health-monitor.js';
import type { FleetSpec } from '../../core/model/fleet.js';
import type { PlannerSettings } from '../../core/planner/planner.js';
import type { VelocityLimit } from '../checkers/velocity.js';
import type { LatencyModel } from '../faults/latency.js';
import type { Clock } from '../../core/ports/clock.js';
import type { ProviderFaults } from '../faults/sim-dns-provider.js';
import type { StoreFaults } from '../faults/sim-plan-store.js';
import type { LegacySettings } from '../legacy/legacy-settings.js';

export type Protocol = 'fenced' | 'legacy';

export interface EnactorConfig {
  readonly id: string;
  /** Faults on this Enactor's path to the providers (latency, errors, lost responses, contention). */
  readonly providerFaults: ProviderFaults;
  /** This Enactor's clock reads `skewMs` off virtual time. */
  readonly clockSkewMs: number;
}

/** From `fromMs` on, this Enactor's path to the providers has these faults instead. */
export interface EnactorSlowdown {
  readonly enactor: string;
  readonly fromMs: number;
  readonly providerFaults: ProviderFaults;
}

export interface ProcessTiming {
  readonly plannerIntervalMs: number;
  readonly enactorIntervalMs: number;
  readonly cleanerIntervalMs: number;
}

/** An action the scenario or the random schedule takes at a virtual instant. */
export type SimAction =
  | { readonly kind: 'lb-health'; readonly loadBalancer: string; readonly healthy: boolean }
  | { readonly kind: 'crash'; readonly process: string }
  | { readonly kind: 'restart'; readonly process: string }
  | { readonly kind: 'store-outage'; readonly down: boolean }
  /** The operators' manual DNS repair: every managed name is set to the newest plan by hand. */
  | { readonly kind: 'operator-repair' }
  | { readonly kind: 'note'; readonly text: string };

/** The faults on one Enactor's path at the current virtual time. */
export function enactorFaults(config: SimConfig, enactor: EnactorConfig, clock: Clock): () => ProviderFaults {
  const slowdowns = config.enactorSlowdowns.filter((s) => s.enactor === enactor.id).sort((a, b) => b.fromMs - a.fromMs);
  return () => slowdowns.find((s) => clock.nowMs() >= s.fromMs)?.providerFaults ?? enactor.providerFaults;
}

export interface ScheduledAction {
  readonly atMs: number;
  readonly action: SimAction;
}

export interface SimConfig {
  readonly seed: number;
  readonly protocol: Protocol;
  readonly fleet: FleetSpec;
  readonly enactors: readonly EnactorConfig[];
  readonly providerIds: readonly string[];
  readonly writesPerTransactionMax: number;
  /** Faults on the Planner's and Cleaner's paths to the providers (reads of live fences). */
  readonly controlPlaneProviderFaults: ProviderFaults;
  readonly storeFaults: StoreFaults;
  readonly probeLatency: LatencyModel;
  readonly timing: ProcessTiming;
  readonly enactorSettings: EnactorSettings;
  readonly cleanerSettings: CleanerSettings;
  readonly plannerSettings: PlannerSettings;
  readonly healthSettings: HealthSettings;
  readonly legacy: LegacySettings;
  readonly actions: readonly ScheduledAction[];
  readonly enactorSlowdowns: readonly EnactorSlowdown[];
  /** Faults and scripted actions apply before this instant. */
  readonly safetyMs: number;
  /** After `safetyMs` every fault heals; by `safetyMs + livenessMs` the newest plan must be live everywhere. */
  readonly livenessMs: number;
  readonly velocityLimit: VelocityLimit | null;
  /** Sabotage for checker tests: the provider drops the fence prerequisite. */
  readonly skipFence: boolean;
  /** A bound on the events of one run (a runaway loop in the code under test must not hang us). */
  readonly eventsMax: number;
  readonly stopAtFirstViolation: boolean;
  /** Keep every DNS observation (for reports); explorer runs leave it off. */
  readonly recordTimeline: boolean;
}

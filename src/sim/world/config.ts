/**
 * Everything one simulation run is made of: the control plane's settings (as a production config
 * yields them), the processes and their faults, the protocol, the scripted actions, and the two
 * phases (safety with faults, liveness healed). A config is plain data; the explorer draws one from
 * a seed, the scenarios write one by hand.
 */
import type { ControlPlaneSettings } from '../../app/assembly.js';
import type { HandEdit } from '../../app/sim-support.js';
import type { Clock } from '../../core/ports/clock.js';
import type { ControlKind } from '../../core/safety/operator-controls.js';
import type { LatencyModel } from '../faults/latency.js';
import type { ProviderFaults } from '../faults/sim-dns-provider.js';
import type { StoreFaults } from '../faults/sim-plan-store.js';
import type { LegacySettings } from '../legacy/legacy-settings.js';

export type Protocol = 'fenced' | 'legacy';

export interface EnactorConfig {
  readonly id: string;
  /** Faults on this Enactor's path to the providers (latency, errors, lost responses, contention). */
  readonly providerFaults: ProviderFaults;
  /** This Enactor's wall clock reads `skewMs` off true time. */
  readonly clockSkewMs: number;
}

/** From `fromMs` on, this Enactor's path to the providers has these faults instead. */
export interface EnactorSlowdown {
  readonly enactor: string;
  readonly fromMs: number;
  readonly providerFaults: ProviderFaults;
}

/** An action the scenario or the random schedule takes at a virtual instant. */
export type SimAction =
  | { readonly kind: 'lb-health'; readonly loadBalancer: string; readonly healthy: boolean }
  | { readonly kind: 'crash'; readonly process: string }
  | { readonly kind: 'restart'; readonly process: string }
  | { readonly kind: 'store-outage'; readonly down: boolean }
  /** The operators' manual DNS repair (legacy): every managed name is set to the newest plan by hand. */
  | { readonly kind: 'operator-repair' }
  | { readonly kind: 'note'; readonly text: string }
  /** The wall clock of one process (or '*': every process) steps by `deltaMs`, either way. */
  | { readonly kind: 'wall-step'; readonly process: string; readonly deltaMs: number }
  /** A backup of the store is taken now; `store-restore` puts the latest one back. */
  | { readonly kind: 'store-backup' }
  | { readonly kind: 'store-restore' }
  /** Every stored generation deleted (the high-water mark stays). */
  | { readonly kind: 'store-wipe' }
  | { readonly kind: 'hand-edit'; readonly provider: string; readonly edit: HandEdit }
  | { readonly kind: 'provider-outage'; readonly provider: string; readonly down: boolean }
  /** An operator control placed (`ttlMs` for overrides and adoptions) or lifted. */
  | { readonly kind: 'control'; readonly control: ControlKind; readonly target: string; readonly ttlMs?: number }
  | { readonly kind: 'control-lift'; readonly control: ControlKind; readonly target: string }
  /** A plan written straight into the store by another tool: the newest plan with one endpoint's answersMax set. */
  | { readonly kind: 'inject-plan'; readonly endpoint: string; readonly answersMax: number };

export interface ScheduledAction {
  readonly atMs: number;
  readonly action: SimAction;
}

/** The faults on one Enactor's path at the current virtual time. */
export function enactorFaults(config: SimConfig, enactor: EnactorConfig, clock: Pick<Clock, 'monotonicMs'>): () => ProviderFaults {
  const slowdowns = config.enactorSlowdowns.filter((s) => s.enactor === enactor.id).sort((a, b) => b.fromMs - a.fromMs);
  return () => slowdowns.find((s) => clock.monotonicMs() >= s.fromMs)?.providerFaults ?? enactor.providerFaults;
}

export interface SimConfig {
  readonly seed: number;
  readonly protocol: Protocol;
  /** What the one assembly is built with: `controlPlaneSettings(config)` of a production config. */
  readonly controlPlane: ControlPlaneSettings;
  /** The zone the providers serve (the config's `zone:`). */
  readonly zoneOrigin: string;
  /** One per `controlPlane.enactors`, in that order. */
  readonly enactors: readonly EnactorConfig[];
  readonly providerIds: readonly string[];
  readonly writesPerTransactionMax: number;
  /** Faults on the Planner's and Cleaner's paths to the providers (reads of what is served). */
  readonly controlPlaneProviderFaults: ProviderFaults;
  readonly storeFaults: StoreFaults;
  readonly probeLatency: LatencyModel;
  readonly legacy: LegacySettings;
  readonly actions: readonly ScheduledAction[];
  readonly enactorSlowdowns: readonly EnactorSlowdown[];
  /** A second Planner process ('planner-2', another lease holder) on the same store. */
  readonly secondPlanner: boolean;
  /** Faults and scripted actions apply before this instant. */
  readonly safetyMs: number;
  /** After `safetyMs` every fault heals; by `safetyMs + livenessMs` the newest plan must be live everywhere. */
  readonly livenessMs: number;
  /** Sabotage for checker tests: the provider drops the fence prerequisite. */
  readonly skipFence: boolean;
  /** A bound on the events of one run (a runaway loop in the code under test must not hang us). */
  readonly eventsMax: number;
  readonly stopAtFirstViolation: boolean;
  /** Keep every DNS observation (for reports); explorer runs leave it off. */
  readonly recordTimeline: boolean;
}

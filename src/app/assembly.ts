/**
 * The one assembly of the control plane (ARCHITECTURE §7, "One assembly"): health monitor per
 * vantage point, Planner, Enactors, Cleaner, operator controls, and the scheduling and kick wiring,
 * built from ports and one set of settings. `dnsplane up` (app/runtime.ts), `dnsplane plan` and
 * the simulator all build their parts here, so the simulator explores the configuration and the
 * scheduling users run. Nothing here does I/O: every effect is a port passed in.
 *
 *   health task ──(healthy set changed)──► kick Planner ──(created)──► kick every Enactor
 *   Planner task: refresh controls, tick          Cleaner task: tick
 */
import { Cleaner, type CleanerSettings } from '../core/cleaner/cleaner.js';
import { Enactor, type EnactorSettings } from '../core/enactor/enactor.js';
import type { WriteGuards } from '../core/enactor/plan-guards.js';
import { HealthMonitor, type CheckedLoadBalancer, type HealthSettings } from '../core/health/health-monitor.js';
import { AssertionFailure } from '../core/model/assert.js';
import { SelectionIndex, type FleetSpec } from '../core/model/fleet.js';
import type { EnactorId, LoadBalancerId } from '../core/model/ids.js';
import type { AddressFamily } from '../core/model/plan.js';
import { Planner, type PlannerSettings, type PlannerTickResult } from '../core/planner/planner.js';
import type { Clock } from '../core/ports/clock.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import type { EventSink } from '../core/ports/events.js';
import type { HealthView } from '../core/ports/health-view.js';
import type { PlanStore } from '../core/ports/plan-store.js';
import type { Prober } from '../core/ports/prober.js';
import type { Random } from '../core/ports/random.js';
import type { ScheduledTask, Scheduler } from '../core/ports/scheduler.js';
import { ControlTimer, type ActiveControls, type OperatorControl } from '../core/safety/operator-controls.js';
import type { SafetySettings } from '../core/safety/safety-settings.js';

/** Everything the control plane is configured with; `controlPlaneSettings(config)` derives it from a loaded config. */
export interface ControlPlaneSettings {
  readonly fleet: FleetSpec;
  readonly checks: readonly CheckedLoadBalancer[];
  readonly enactors: readonly EnactorId[];
  readonly health: HealthSettings & { readonly vantagePoints?: readonly string[] };
  readonly planner: Omit<PlannerSettings, 'safety'> & { readonly intervalMs: number };
  readonly enactor: EnactorSettings & { readonly intervalMs: number };
  readonly cleaner: CleanerSettings & { readonly intervalMs: number };
  readonly safety: SafetySettings;
}

/** Health checks run at least this often (ms) so a due probe waits at most this long. */
const HEALTH_TICK_MS_MIN = 50;

/** The ports every part needs. */
export interface CommonPorts {
  readonly clock: Clock;
  readonly events: EventSink;
}

/** What the Planner reads of health: the HealthMonitor, or a fixed view (`dnsplane plan`, tests). */
export interface HealthSource {
  view(): HealthView;
  unhealthySinceMs(id: LoadBalancerId): number | undefined;
}

/** What operator controls the parts read, synchronously, at each tick. */
export interface ControlsView {
  current(): readonly OperatorControl[];
  /** Reloads from the control store (failures keep the last list: static stability). */
  refresh(): Promise<void>;
}

export class ControlPlaneAssembly {
  private readonly weightByAddress: ReadonlyMap<string, number>;
  private readonly selectedCapacity: ReadonlyMap<string, number>;
  private readonly failoverNames: ReadonlySet<string>;

  constructor(readonly settings: ControlPlaneSettings) {
    const weights = new Map<string, number>();
    for (const lb of settings.fleet.loadBalancers) {
      if (lb.ipv4 !== undefined) weights.set(lb.ipv4, lb.capacity);
      if (lb.ipv6 !== undefined) weights.set(lb.ipv6, lb.capacity);
    }
    this.weightByAddress = weights;
    const selected = new Map<string, number>();
    // Indexed: scanning every load balancer per endpoint took 6 s at 100,000 × 4,000 on this machine.
    const selection = new SelectionIndex(settings.fleet.loadBalancers);
    for (const endpoint of settings.fleet.endpoints) {
      if (endpoint.routing !== undefined) continue;
      for (const lb of selection.select(endpoint.select)) {
        if (lb.ipv4 !== undefined) selected.set(`A ${endpoint.name}`, (selected.get(`A ${endpoint.name}`) ?? 0) + lb.capacity);
        if (lb.ipv6 !== undefined) selected.set(`AAAA ${endpoint.name}`, (selected.get(`AAAA ${endpoint.name}`) ?? 0) + lb.capacity);
      }
    }
    this.selectedCapacity = selected;
    this.failoverNames = new Set(settings.fleet.endpoints.filter((e) => e.routing?.policy === 'failover').map((e) => e.name));
  }

  /** The vantage points: one per configured zone (default: one per Enactor). */
  vantageZones(): readonly string[] {
    return this.settings.health.vantagePoints ?? this.settings.enactors;
  }

  health(ports: CommonPorts & { readonly random: Random; readonly proberFor: (zone: string) => Prober }): HealthMonitor {
    const vantagePoints = this.vantageZones().map((zone) => ({ zone, prober: ports.proberFor(zone) }));
    return new HealthMonitor(this.settings.checks, vantagePoints, ports.clock, ports.events, this.settings.health, ports.random);
  }

  planner(ports: CommonPorts & { readonly holder: string; readonly store: PlanStore; readonly providers: readonly DnsProvider[]; readonly health: HealthSource; readonly controls: ControlsView }): Planner {
    return new Planner({
      holder: ports.holder, fleet: this.settings.fleet, store: ports.store, providers: ports.providers, clock: ports.clock, events: ports.events,
      health: () => ports.health.view(), settings: { ...this.settings.planner, safety: this.settings.safety },
      unhealthySinceMs: (id: LoadBalancerId) => ports.health.unhealthySinceMs(id), controls: () => ports.controls.current(),
    });
  }

  enactor(id: EnactorId, ports: CommonPorts & { readonly random: Random; readonly store: PlanStore; readonly providers: readonly DnsProvider[]; readonly controls: ControlsView }): Enactor {
    const timer = new ControlTimer(ports.clock);
    return new Enactor({
      id, store: ports.store, providers: ports.providers, clock: ports.clock, random: ports.random, events: ports.events, settings: this.settings.enactor,
      guards: () => this.writeGuards(timer.inForce(ports.controls.current())),
      adopt: (endpoint) => timer.inForce(ports.controls.current()).adoption(endpoint) !== undefined,
    });
  }

  cleaner(ports: CommonPorts & { readonly store: PlanStore; readonly providers: readonly DnsProvider[] }): Cleaner {
    // The Cleaner keeps every generation inside the velocity window: a restarted Planner rebuilds
    // its window from them, and a deleted one would grant it a fresh share of removals.
    const windowMs = this.settings.safety.velocity?.windowMs ?? 0;
    return new Cleaner({
      store: ports.store, providers: ports.providers, endpoints: this.settings.fleet.endpoints.map((e) => e.name), clock: ports.clock, events: ports.events,
      settings: { ...this.settings.cleaner, retentionMs: Math.max(this.settings.cleaner.retentionMs, windowMs) },
    });
  }

  /** The per-write guards of the Enactors under the controls in force. */
  writeGuards(controls: ActiveControls): WriteGuards {
    return {
      minCapacityShare: this.settings.planner.guards.minCapacityShare,
      removedShareMaxPerWrite: this.settings.safety.velocity?.maxShare ?? null,
      velocityWindowMs: this.settings.safety.velocity?.windowMs ?? null,
      weightOf: (address) => this.weightByAddress.get(address) ?? 0,
      selectedCapacity: (endpoint, family: AddressFamily) => this.selectedCapacity.get(`${family} ${endpoint}`) ?? 0,
      frozen: (endpoint) => controls.freeze(endpoint) !== undefined,
      velocityOverridden: (endpoint) => controls.velocityOverride(endpoint) !== undefined,
      failoverName: (endpoint) => this.failoverNames.has(endpoint),
    };
  }

  /**
   * The loops of the parts present, on `scheduler`, with the kick wiring. A part may be absent (a
   * simulated process runs one role); kicks reach only the parts present in the same call.
   */
  schedule(scheduler: Scheduler, parts: ScheduledParts, onError: (name: string, error: unknown) => void): ControlPlaneTasks {
    const enactorTasks = parts.enactors.map((enactor) => scheduler.every(`enactor ${enactor.id}`, this.settings.enactor.intervalMs, async () => {
      await enactor.tick();
      await parts.afterEnactorTick?.();
    }, onError));
    let lastPlannerResult: PlannerTickResult | null = null;
    const plannerTask = parts.planner === undefined ? null : scheduler.every('planner', this.settings.planner.intervalMs, async () => {
      await parts.controls?.refresh();
      lastPlannerResult = await parts.planner!.tick();
      if (lastPlannerResult.kind === 'created') for (const task of enactorTasks) task.kick();
    }, onError);
    let healthyCount = -1;
    const healthTask = parts.health === undefined ? null : scheduler.every('health', Math.max(HEALTH_TICK_MS_MIN, Math.floor(this.settings.health.intervalMs / 10)), async () => {
      await parts.health!.runDue();
      // Kick the Planner when the healthy set changed, instead of waiting for its interval.
      const count = [...parts.health!.view().values()].filter((h) => h).length;
      if (count !== healthyCount) {
        healthyCount = count;
        plannerTask?.kick();
      }
    }, onError);
    const cleanerTask = parts.cleaner === undefined ? null : scheduler.every('cleaner', this.settings.cleaner.intervalMs, () => parts.cleaner!.tick(), onError);
    const tasks = [healthTask, plannerTask, ...enactorTasks, cleanerTask].filter((t): t is ScheduledTask => t !== null);
    return {
      tasks,
      lastPlannerResult: () => lastPlannerResult,
      kickPlanner: () => plannerTask?.kick(),
      start: () => { for (const task of tasks) task.start(); },
      stop: async () => {
        for (const enactor of parts.enactors) enactor.requestStop();
        await Promise.all(tasks.map((task) => task.stop()));
      },
    };
  }
}

export interface ScheduledParts {
  readonly health?: HealthMonitor;
  readonly planner?: Planner;
  readonly controls?: ControlsView;
  readonly enactors: readonly Enactor[];
  readonly cleaner?: Cleaner;
  /** Runs after each Enactor tick (the failover tracker in `up`). */
  readonly afterEnactorTick?: () => Promise<void>;
}

export interface ControlPlaneTasks {
  readonly tasks: readonly ScheduledTask[];
  lastPlannerResult(): PlannerTickResult | null;
  kickPlanner(): void;
  start(): void;
  stop(): Promise<void>;
}

/** A broken invariant is a bug: the part that hit it must stop writing. Anything else is logged and retried. */
export function isBrokenInvariant(error: unknown): boolean {
  return error instanceof AssertionFailure;
}

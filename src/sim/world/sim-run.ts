/**
 * One simulation run: builds the world from a SimConfig, runs the production Planner (with the
 * production HealthMonitor) plus the chosen protocol's Enactors under virtual time, applies the
 * scheduled actions, then heals every fault and demands convergence.
 *
 *   0 ──── safety phase: faults + scripted actions ──── safetyMs ── liveness: healed ── end
 *                                                           └ heal: faults off, LBs healthy,
 *                                                             store up, crashed processes restarted
 */
import { assertNever } from '../../core/model/assert.js';
import { HealthMonitor } from '../../core/health/health-monitor.js';
import { loadBalancerId } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import { Planner } from '../../core/planner/planner.js';
import { computePlan } from '../../core/planner/compute-plan.js';
import type { HealthView } from '../../core/ports/health-view.js';
import { runEvery } from '../../core/loop.js';
import type { DnsProvider } from '../../core/ports/dns-provider.js';
import { MemoryPlanStore } from '../../adapters/store-memory/memory-plan-store.js';
import { SeededRandom } from '../../adapters/random-seeded/seeded-random.js';
import { CheckerSuite } from '../checkers/checker-suite.js';
import type { DnsObservation, Violation } from '../checkers/types.js';
import { VirtualClock, type RunStop } from '../clock/virtual-clock.js';
import type { ProcessGate } from '../faults/process-gate.js';
import { SimPlanStore } from '../faults/sim-plan-store.js';
import { SimProber } from '../faults/sim-prober.js';
import { Trace } from '../trace.js';
import type { ScheduledAction, SimAction, SimConfig } from './config.js';
import { ProcessTable } from './process-table.js';

const TRACE_TAIL_LINES = 40;

export interface RunResult {
  readonly protocol: SimConfig['protocol'];
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly emptyAnswerMs: number;
  readonly converged: boolean;
  readonly newestGeneration: number;
  readonly traceHash: string;
  readonly traceLines: number;
  /** The trace lines up to the first violation (or the last lines of a clean run). */
  readonly traceTail: readonly string[];
  readonly eventsRun: number;
  readonly endMs: number;
  readonly stop: RunStop;
  /** Exceptions thrown by the code under test (assertion failures are bugs). */
  readonly crashes: readonly string[];
  readonly largestRemovedShare: number;
  /** Every DNS observation, when the config asked for the timeline. */
  readonly timeline: readonly DnsObservation[];
  readonly providers: readonly string[];
}

/** What a protocol (fenced or legacy) plugs into the shared world. */
export interface ProtocolDriver {
  /** The names the checkers know the providers by. */
  readonly providerNames: readonly string[];
  /** Provider views for the Planner's live-fence check (legacy: none). */
  plannerProviders(random: SeededRandom): DnsProvider[];
  /** Registers the protocol's processes (Enactors, Cleaner). */
  registerProcesses(table: ProcessTable): void;
  /** The operators' manual repair (legacy); the fenced protocol never needs one. */
  operatorRepair(newest: Plan): void;
}

export interface SimWorld {
  readonly config: SimConfig;
  readonly clock: VirtualClock;
  readonly trace: Trace;
  readonly checkers: CheckerSuite;
  readonly store: SimPlanStore;
  readonly faultSwitch: { faultsOn: boolean };
  observe(observation: DnsObservation): void;
  reportCrash(process: string, error: unknown): void;
}

export type DriverFactory = (world: SimWorld) => ProtocolDriver;

export class SimRun implements SimWorld {
  readonly clock = new VirtualClock(0);
  readonly trace: Trace;
  readonly checkers: CheckerSuite;
  readonly store: SimPlanStore;
  readonly faultSwitch = { faultsOn: true };
  private readonly master: SeededRandom;
  private readonly memoryStore = new MemoryPlanStore();
  private readonly prober: SimProber;
  private readonly processes: ProcessTable;
  private readonly driver: ProtocolDriver;
  private readonly crashes: string[] = [];
  private readonly timeline: DnsObservation[] = [];
  /** The trace tail at the first violation: what led to it, not what came after. */
  private firstViolationTail: string[] | null = null;
  /** The running Planner's health view (replaced on restart), for the liveness early stop. */
  private plannerHealth: () => HealthView = () => new Map();

  constructor(readonly config: SimConfig, driverFactory: DriverFactory) {
    this.master = new SeededRandom(config.seed);
    this.trace = new Trace(() => this.clock.nowMs());
    this.checkers = new CheckerSuite({ seed: config.seed, velocityLimit: config.velocityLimit });
    this.checkers.onViolation = (v) => {
      this.trace.note(`VIOLATION ${v.invariant} ${v.endpoint}: ${v.detail}`);
      this.firstViolationTail ??= this.trace.recentLines(TRACE_TAIL_LINES);
      if (config.stopAtFirstViolation) this.clock.halt();
    };
    this.store = new SimPlanStore(this.memoryStore, this.clock, this.master.fork(), config.storeFaults, this.faultSwitch, (d) => this.checkers.observeDeletion(d));
    this.prober = new SimProber(this.clock, this.master.fork(), config.probeLatency);
    this.processes = new ProcessTable(this.master, (text) => this.trace.note(text));
    this.driver = driverFactory(this);
  }

  observe(observation: DnsObservation): void {
    if (this.config.recordTimeline) this.timeline.push(observation);
    this.checkers.observeDns(observation);
  }

  reportCrash(process: string, error: unknown): void {
    const text = `${process}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    this.crashes.push(text);
    this.trace.note(`EXCEPTION ${text}`);
    if (this.config.stopAtFirstViolation) this.clock.halt();
  }

  async run(): Promise<RunResult> {
    this.processes.register('planner', (gate, random) => this.startPlanner(gate, random));
    this.driver.registerProcesses(this.processes);
    this.processes.startAll();
    for (const scheduled of this.config.actions) this.schedule(scheduled);
    let stop = await this.clock.runUntil(this.config.safetyMs, this.config.eventsMax);
    if (stop !== 'halted' && stop !== 'events-exhausted') {
      this.heal();
      stop = await this.runLiveness();
    }
    const newest = await this.memoryStore.latest();
    const newestPlan = newest.ok ? newest.value : null;
    let converged = false;
    if (stop !== 'halted' && stop !== 'events-exhausted' && newestPlan !== null) {
      converged = this.checkers.checkConvergence({
        atMs: this.clock.nowMs(), newestGeneration: newestPlan.generation, providers: this.driver.providerNames,
        endpoints: newestPlan.endpoints.map((e) => e.name), boundMs: this.config.livenessMs,
      });
    }
    return this.result(stop, converged, newestPlan?.generation ?? 0);
  }

  /**
   * Runs the liveness phase up to its bound, but stops as soon as the world is settled: every
   * name on every provider serves the newest plan, every load balancer looks healthy to the
   * Planner and the Planner would write nothing new. From there nothing can change any more, so
   * running on to the bound would only burn wall time (the explorer runs many thousands of seeds).
   */
  private async runLiveness(): Promise<RunStop> {
    const endMs = this.config.safetyMs + this.config.livenessMs;
    const stepMs = Math.max(250, this.config.timing.enactorIntervalMs);
    for (;;) {
      const untilMs = Math.min(endMs, this.clock.nowMs() + stepMs);
      const stop = await this.clock.runUntil(untilMs, this.config.eventsMax - this.clock.eventsRunTotal);
      if (stop === 'halted' || stop === 'events-exhausted' || untilMs >= endMs) return stop;
      if (await this.settled()) {
        this.trace.note('liveness: settled (newest plan live everywhere, health stable)');
        return stop;
      }
    }
  }

  private async settled(): Promise<boolean> {
    const latest = await this.memoryStore.latest();
    if (!latest.ok || latest.value === null) return false;
    const plan = latest.value;
    const health = this.plannerHealth();
    if ([...health.values()].some((healthy) => !healthy)) return false;
    const next = computePlan({ fleet: this.config.fleet, health, previous: plan, settings: this.config.plannerSettings.guards });
    if (next.digest !== plan.digest) return false;
    return this.driver.providerNames.every((provider) => plan.endpoints.every((e) => this.checkers.live.get(provider, e.name)?.generation === plan.generation));
  }

  private result(stop: RunStop, converged: boolean, newestGeneration: number): RunResult {
    const endMs = this.clock.nowMs();
    return {
      protocol: this.config.protocol, seed: this.config.seed, violations: this.checkers.violations(),
      emptyAnswerMs: this.checkers.neverEmpty.emptyAnswerMs(endMs), converged, newestGeneration,
      traceHash: this.trace.digest(), traceLines: this.trace.lines, traceTail: this.firstViolationTail ?? this.trace.recentLines(TRACE_TAIL_LINES),
      eventsRun: this.clock.eventsRunTotal, endMs, stop, crashes: this.crashes,
      largestRemovedShare: this.checkers.velocity.largestRemovedShare, timeline: this.timeline, providers: this.driver.providerNames,
    };
  }

  private startPlanner(gate: ProcessGate, random: SeededRandom): void {
    const clock = gate.clock(this.clock);
    const checked = this.config.fleet.loadBalancers.map((lb) => ({ id: lb.id, target: { kind: 'tcp' as const, host: lb.id, port: 0 } }));
    const monitor = new HealthMonitor(checked, this.prober, clock, this.trace, this.config.healthSettings);
    this.plannerHealth = () => monitor.view();
    const planner = new Planner({
      fleet: this.config.fleet, store: gate.store(this.store), providers: this.driver.plannerProviders(random).map((p) => gate.provider(p)),
      clock, events: this.trace, health: () => monitor.view(), settings: this.config.plannerSettings,
    });
    runEvery(clock, this.config.timing.plannerIntervalMs, async () => {
      await monitor.runDue();
      await planner.tick();
    }, (error) => this.reportCrash('planner', error));
  }

  private schedule(scheduled: ScheduledAction): void {
    this.clock.schedule(scheduled.atMs, () => this.apply(scheduled.action));
  }

  private apply(action: SimAction): void {
    switch (action.kind) {
      case 'lb-health':
        this.trace.note(`fault: load balancer ${action.loadBalancer} ${action.healthy ? 'healthy' : 'unhealthy'}`);
        this.prober.setHealthy(action.loadBalancer, action.healthy);
        return;
      case 'crash':
        this.processes.crash(action.process);
        return;
      case 'restart':
        this.processes.restart(action.process);
        return;
      case 'store-outage':
        this.trace.note(`fault: store ${action.down ? 'down' : 'up'}`);
        this.store.down = action.down;
        return;
      case 'operator-repair':
        this.trace.note('operator: manual DNS repair to the newest plan');
        void this.repair();
        return;
      case 'note':
        this.trace.note(action.text);
        return;
      default:
        assertNever(action, 'sim action');
    }
  }

  private async repair(): Promise<void> {
    const newest = await this.memoryStore.latest();
    if (newest.ok && newest.value !== null) this.driver.operatorRepair(newest.value);
  }

  private heal(): void {
    this.trace.note('heal: faults off, every load balancer healthy, store up, crashed processes restarted');
    this.faultSwitch.faultsOn = false;
    for (const lb of this.config.fleet.loadBalancers) this.prober.setHealthy(loadBalancerId(lb.id), true);
    this.store.down = false;
    this.processes.restartAllCrashed();
  }
}

/**
 * The Planner: on each tick, computes the next plan from health and writes it as a new
 * generation when its content changed. The write is conditional (PlanStore.create), so two
 * Planners racing cannot both create generation N: the loser re-reads and tries again.
 *
 * Numbering: the next generation is one above both the store's latest and the highest fence
 * live on any provider. A fence above the store (a restored backup, a foreign writer) would
 * otherwise make every Enactor skip the endpoint forever; the Planner renumbers above it and
 * records that it did.
 */
import type { FleetSpec } from '../model/fleet.js';
import { fenceGeneration } from '../model/fence.js';
import { generation, type EndpointName, type Generation } from '../model/ids.js';
import { planFromCanonical, type Plan } from '../model/plan.js';
import type { Clock } from '../ports/clock.js';
import type { DnsProvider } from '../ports/dns-provider.js';
import type { EventSink } from '../ports/events.js';
import type { HealthView } from '../ports/health-view.js';
import type { PlanStore } from '../ports/plan-store.js';
import type { DecisionKind } from '../ports/events.js';
import type { LoadBalancerId } from '../model/ids.js';
import { ActiveControls, type OperatorControl } from '../safety/operator-controls.js';
import { assertSafetySettings, type SafetySettings } from '../safety/safety-settings.js';
import { VelocityLedger } from '../safety/velocity-ledger.js';
import { PlanComputer, type EndpointDecision, type RouteState } from './compute-plan.js';
import type { GuardSettings } from './guards.js';
import type { GuardContext } from './safety-guards.js';

/** A bound on the generations read to rebuild the velocity ledger after a restart. */
export const LEDGER_SEED_GENERATIONS_MAX = 200;

export interface PlannerSettings {
  readonly guards: GuardSettings;
  /** Fail-open, velocity, zone failover (issue 5). Absent: only the guards above. */
  readonly safety?: SafetySettings;
  /** How often the Planner reads live fences to look for generations above the store's. */
  readonly liveFenceCheckIntervalMs: number;
  /** Attempts to create a generation when another Planner keeps winning the race. */
  readonly createAttemptsMax: number;
}

export type PlannerTickResult =
  | { readonly kind: 'created'; readonly generation: Generation }
  | { readonly kind: 'unchanged'; readonly generation: Generation }
  | { readonly kind: 'store-unavailable'; readonly message: string }
  | { readonly kind: 'lost-race'; readonly message: string };

export interface PlannerDeps {
  readonly fleet: FleetSpec;
  readonly store: PlanStore;
  readonly providers: readonly DnsProvider[];
  readonly clock: Clock;
  readonly events: EventSink;
  readonly health: () => HealthView;
  readonly settings: PlannerSettings;
  /** Since when a load balancer has been unhealthy; orders velocity removals (longest first). */
  readonly unhealthySinceMs?: (id: LoadBalancerId) => number | undefined;
  /** Operator controls (overrides, freezes), read at every tick. */
  readonly controls?: () => readonly OperatorControl[];
}

export class Planner {
  private readonly computer: PlanComputer;
  private readonly endpointNames: readonly EndpointName[];
  private liveFenceCheckedAtMs = Number.NEGATIVE_INFINITY;
  private liveGenerationMax: Generation = generation(0);
  private lastDecisionsKey = '';
  /** The highest generation the store reported as ever created (learned after losing a race). */
  private highWaterSeen = 0;
  private lastDecisions: readonly EndpointDecision[] = [];
  private lastRoutes: readonly RouteState[] = [];
  private readonly ledger: VelocityLedger | null;
  /** The ledger is rebuilt once from the stored generations inside the window (a restarted Planner). */
  private ledgerSeeded = false;
  private readonly azOf: ReadonlyMap<LoadBalancerId, string>;

  constructor(private readonly deps: PlannerDeps) {
    this.computer = new PlanComputer(deps.fleet, deps.settings.guards);
    this.endpointNames = deps.fleet.endpoints.map((e) => e.name);
    const safety = deps.settings.safety;
    if (safety !== undefined) assertSafetySettings(safety);
    this.ledger = safety?.velocity ? new VelocityLedger(safety.velocity) : null;
    this.azOf = new Map(deps.fleet.loadBalancers.map((lb) => [lb.id, lb.az]));
  }

  /** The context of the safety guards for one computation (none without safety settings). */
  private guardContext(): GuardContext | undefined {
    const safety = this.deps.settings.safety;
    if (safety === undefined) return undefined;
    const nowMs = this.deps.clock.nowMs();
    return {
      nowMs, safety, ledger: this.ledger,
      azOf: (id) => this.azOf.get(id) ?? '',
      unhealthySinceMs: this.deps.unhealthySinceMs ?? (() => undefined),
      controls: new ActiveControls(this.deps.controls?.() ?? [], nowMs),
    };
  }

  async tick(): Promise<PlannerTickResult> {
    for (let attempt = 1; attempt <= this.deps.settings.createAttemptsMax; attempt++) {
      const result = await this.attempt();
      if (result.kind !== 'lost-race') return result;
    }
    return { kind: 'lost-race', message: `another writer created each generation first (${this.deps.settings.createAttemptsMax} attempts)` };
  }

  private async attempt(): Promise<PlannerTickResult> {
    const latest = await this.deps.store.latest();
    if (!latest.ok) return this.storeUnavailable(latest.message);
    const previous = latest.value;
    if (!this.ledgerSeeded) await this.seedLedger();
    const computed = this.computer.compute(this.deps.health(), previous, this.guardContext());
    this.lastDecisions = computed.decisions;
    this.lastRoutes = computed.routes;
    this.recordDecisionsIfChanged(computed.decisions);
    await this.refreshLiveGenerationMax();
    const storeGeneration = previous?.generation ?? generation(0);
    const aboveLive = this.liveGenerationMax > storeGeneration;
    if (previous !== null && previous.digest === computed.digest && !aboveLive) {
      return { kind: 'unchanged', generation: previous.generation };
    }
    const next = generation(Math.max(storeGeneration, this.highWaterSeen, this.liveGenerationMax) + 1);
    const now = this.deps.clock.nowMs();
    const note = aboveLive
      ? `renumbered above live fence ${this.liveGenerationMax} (store latest ${storeGeneration})`
      : previous === null ? 'first plan' : `content changed (${computed.decisions.length} guard decisions)`;
    const plan = planFromCanonical({ generation: next, createdAtMs: now, endpoints: computed.endpoints, digest: computed.digest, note });
    const created = await this.deps.store.create(plan);
    if (!created.ok) {
      if (created.code === 'exists') return this.lostRace(created.message);
      return this.storeUnavailable(created.message);
    }
    this.ledger?.recordPlan(plan.endpoints, previous?.endpoints ?? [], now);
    this.recordCreated(plan, aboveLive, storeGeneration);
    return { kind: 'created', generation: next };
  }

  /**
   * Guard decisions are recorded when they change, whether or not a new generation results: a
   * guard that keeps the last healthy set usually leaves the content unchanged, and an operator
   * must still see that it is holding.
   */
  private recordDecisionsIfChanged(decisions: readonly EndpointDecision[]): void {
    const key = decisions.map((d) => `${d.guard}:${d.endpoint}:${d.family ?? ''}`).join('|');
    if (key === this.lastDecisionsKey) return;
    const before = new Set(this.lastDecisionsKey.split('|'));
    this.lastDecisionsKey = key;
    const now = this.deps.clock.nowMs();
    for (const decision of decisions) {
      // Only decisions that are new since the last change: a hold that continues is not news.
      if (before.has(`${decision.guard}:${decision.endpoint}:${decision.family ?? ''}`)) continue;
      this.deps.events.record({
        atMs: now, kind: decisionKind(decision.guard), actor: 'planner', endpoint: decision.endpoint,
        reason: decision.family === null ? decision.reason : `${decision.family}: ${decision.reason}`,
      });
    }
  }

  /**
   * Rebuilds the velocity ledger from the generations created within the window (plus the one in
   * force at its start), so that restarting the Planner does not grant a fresh share of removals.
   * An unreadable store leaves it for the next tick.
   */
  private async seedLedger(): Promise<void> {
    const velocity = this.deps.settings.safety?.velocity;
    if (this.ledger === null || velocity == null) {
      this.ledgerSeeded = true;
      return;
    }
    const listed = await this.deps.store.list();
    if (!listed.ok) return;
    const windowStartMs = this.deps.clock.nowMs() - velocity.windowMs;
    const inside = listed.value.filter((g) => g.createdAtMs > windowStartMs);
    const before = listed.value.filter((g) => g.createdAtMs <= windowStartMs).at(-1);
    const wanted = [...(before ? [before] : []), ...inside].slice(-LEDGER_SEED_GENERATIONS_MAX);
    let previous: Plan | null = null;
    for (const info of wanted) {
      const plan = await this.deps.store.get(info.generation);
      if (!plan.ok) return;
      if (plan.value === null) continue; // deleted by the Cleaner meanwhile
      if (previous !== null) this.ledger.recordPlan(plan.value.endpoints, previous.endpoints, plan.value.createdAtMs);
      previous = plan.value;
    }
    this.ledgerSeeded = true;
  }

  /** The guard decisions of the last computation (for status). */
  currentDecisions(): readonly EndpointDecision[] {
    return this.lastDecisions;
  }

  /** Where each routed name points after the last computation (for status). */
  currentRoutes(): readonly RouteState[] {
    return this.lastRoutes;
  }

  private recordCreated(plan: Plan, aboveLive: boolean, storeGeneration: Generation): void {
    const now = plan.createdAtMs;
    if (aboveLive) {
      this.deps.events.record({
        atMs: now, kind: 'plan.renumbered', actor: 'planner', generation: plan.generation,
        reason: `a live fence at generation ${this.liveGenerationMax} is above the store's latest ${storeGeneration}; numbering continues above it`,
      });
    }
    this.deps.events.record({ atMs: now, kind: 'plan.created', actor: 'planner', generation: plan.generation, reason: plan.note });
  }

  /**
   * Another Planner created the number first, or the newest generation was deleted (numbers are
   * never reused). Learn the store's high-water mark so the next attempt numbers above it; without
   * this a deleted newest generation would block creation forever.
   */
  private async lostRace(message: string): Promise<PlannerTickResult> {
    const highWater = await this.deps.store.highWater();
    if (highWater.ok) this.highWaterSeen = Math.max(this.highWaterSeen, highWater.value);
    return { kind: 'lost-race', message };
  }

  private storeUnavailable(message: string): PlannerTickResult {
    this.deps.events.record({ atMs: this.deps.clock.nowMs(), kind: 'store.unavailable', actor: 'planner', reason: message });
    return { kind: 'store-unavailable', message };
  }

  /** Reads the highest live fence across providers, at most once per check interval. */
  private async refreshLiveGenerationMax(): Promise<void> {
    const now = this.deps.clock.nowMs();
    if (now - this.liveFenceCheckedAtMs < this.deps.settings.liveFenceCheckIntervalMs) return;
    let highest = generation(0);
    for (const provider of this.deps.providers) {
      const live = await provider.readEndpoints(this.endpointNames);
      if (!live.ok) return; // Try again next tick; an unreadable provider must not stop planning.
      for (const endpoint of live.value) {
        const g = fenceGeneration(endpoint.fence);
        if (g > highest) highest = g;
      }
    }
    this.liveGenerationMax = highest;
    this.liveFenceCheckedAtMs = now;
  }
}

function decisionKind(guard: EndpointDecision['guard']): DecisionKind {
  switch (guard) {
    case 'never-empty': return 'guard.never-empty';
    case 'min-capacity': return 'guard.min-capacity';
    case 'zone-failover': return 'guard.zone-failover';
    case 'min-zones': return 'guard.min-zones';
    case 'fail-open': return 'guard.fail-open';
    case 'velocity': return 'guard.velocity';
    case 'velocity-override': return 'guard.velocity-override';
    case 'frozen': return 'guard.frozen';
    case 'routing-failover': return 'routing.failover';
    case 'routing-failback': return 'routing.failback';
    case 'routing-held': return 'routing.held';
  }
}

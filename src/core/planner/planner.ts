/**
 * The Planner: on each tick, computes the next plan from health and writes it as a new
 * generation when its content changed.
 *
 *   lease (PlanStore) ─► latest plan ─► read what is served (each provider on its own)
 *        │                                   │
 *        │                     served baseline: the guards' "previous" (served-baseline.ts)
 *        ▼                                   ▼
 *   standby if another            compute (guards in their declared order) ─► create(plan, token)
 *   Planner holds it
 *
 * Writes are fenced twice: the generation must be above every one created (two Planners racing
 * cannot both create N) and the lease token must be the newest granted (a paused old leader
 * cannot write at all).
 *
 * Numbering: the next generation is one above the store's latest, its high-water mark and the
 * highest fence of ours live on any provider that could be read. A fence above the store (a
 * restored backup) would otherwise make every Enactor skip the endpoint; a live fence at the
 * store's latest generation with another digest (a restore renumbered differently) would make
 * them call it done. A fence beyond the jump bound is not ours: it is ignored and alarmed, never
 * numbered above.
 */
import { assert } from '../model/assert.js';
import { GENERATION_JUMP_MAX, GENERATION_MAX } from '../model/fence.js';
import type { FleetSpec } from '../model/fleet.js';
import { generation, type EndpointName, type Generation, type LoadBalancerId } from '../model/ids.js';
import { findEndpoint, planFromCanonical, type AddressFamily, type Plan } from '../model/plan.js';
import { ServedDifferenceCache } from '../model/served.js';
import type { Clock } from '../ports/clock.js';
import type { DnsProvider, LiveEndpoint } from '../ports/dns-provider.js';
import type { DecisionKind, EventSink } from '../ports/events.js';
import type { HealthView } from '../ports/health-view.js';
import type { PlanStore } from '../ports/plan-store.js';
import { ControlTimer, type OperatorControl } from '../safety/operator-controls.js';
import { assertSafetySettings, type SafetySettings } from '../safety/safety-settings.js';
import { VelocityLedger } from '../safety/velocity-ledger.js';
import { PlanComputer, type ComputedPlan, type EndpointDecision, type RouteState } from './compute-plan.js';
import type { GuardSettings } from './guards.js';
import type { GuardContext } from './safety-guards.js';
import { LandableCapacity, lowestLandingFence } from './landable-capacity.js';
import { addressOwners, servedCapacityMaxBy, ServedBaselineMemo, type Baseline } from './served-baseline.js';
import { StoreFollower } from './store-follower.js';

export interface PlannerSettings {
  readonly guards: GuardSettings;
  /** Fail-open, velocity, zone failover: required (tests that want them off say so by name). */
  readonly safety: SafetySettings;
  /** At most this long (monotonic) between two reads of what the providers serve; a plan about to be written always reads first. */
  readonly liveFenceCheckIntervalMs: number;
  /** Attempts to create a generation when another Planner keeps winning the race. */
  readonly createAttemptsMax: number;
  /** How long the Planner lease lasts; renewed on every tick (so well above the tick interval). */
  readonly leaseTtlMs: number;
}

export type PlannerTickResult =
  | { readonly kind: 'created'; readonly generation: Generation }
  | { readonly kind: 'unchanged'; readonly generation: Generation }
  | { readonly kind: 'standby'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'store-unavailable'; readonly message: string }
  | { readonly kind: 'lost-race'; readonly message: string };

/** What `preview` returns: the plan the next tick would write (null: it would write nothing). */
export interface PlannerPreview {
  readonly result: PlannerTickResult;
  readonly plan: Plan | null;
  readonly previous: Plan | null;
}

export interface PlannerDeps {
  /** Who this Planner is, for the lease (unique per process). */
  readonly holder: string;
  readonly fleet: FleetSpec;
  readonly store: PlanStore;
  readonly providers: readonly DnsProvider[];
  readonly clock: Clock;
  readonly events: EventSink;
  readonly health: () => HealthView;
  readonly settings: PlannerSettings;
  /** Since when a load balancer has been unhealthy (monotonic); orders velocity removals (longest first). */
  readonly unhealthySinceMs: (id: LoadBalancerId) => number | undefined;
  /** Operator controls (overrides, freezes), read at every tick. */
  readonly controls: () => readonly OperatorControl[];
}

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

export class Planner {
  private readonly computer: PlanComputer;
  private readonly endpointNames: readonly EndpointName[];
  private readonly owners: ReturnType<typeof addressOwners>;
  /** Per family, the capacity behind an address (its load balancer's; 0: no load balancer has it). */
  private readonly weightOfFamily: Readonly<Record<AddressFamily, (address: string) => number>>;
  private liveReadAtMs = Number.NEGATIVE_INFINITY;
  /**
   * The last successful read of each provider (its view is updated in place by later reads:
   * takeReading), with its names by live fence generation. Most names share a few generations,
   * so the highest live fence and the fences at the stored generation are found without a pass
   * over every name.
   */
  private readonly served = new Map<string, KeptReading>();
  /** Reading-against-stored comparisons (does each name serve its stored endpoint?), kept while both are the same objects. */
  private readonly differences = new ServedDifferenceCache();
  /** The served baseline, name by name: only names whose stored endpoint or readings changed are derived again. */
  private readonly baselines = new ServedBaselineMemo();
  /** Bumped whenever `served` changes: what is derived from the readings alone is kept until then. */
  private servedVersion = 0;
  /**
   * The last baseline, live-fence maximum and renumbering reason with what they were derived
   * from. Each is a pure function of the readings and the stored plan (and the numbering
   * ceiling), and between two reads of the providers a Planner ticks many times against the same
   * ones: at 100,000 names each pass over them was tens of milliseconds, every tick.
   */
  private baselineMemo: { readonly stored: Plan; readonly version: number; readonly baseline: Baseline } | null = null;
  private liveMaxMemo: { readonly version: number; readonly ceiling: number; readonly highest: number } | null = null;
  private renumberMemo: { readonly stored: Plan; readonly version: number; readonly liveMax: number; readonly reason: string | null } | null = null;
  private lastDecisionsKey = '';
  /** The health the last computation saw. */
  private healthComputed: ReadonlyMap<LoadBalancerId, boolean> | null = null;
  /** The highest generation the store reported as ever created. */
  private highWaterSeen = 0;
  private lastDecisions: readonly EndpointDecision[] = [];
  private lastRoutes: readonly RouteState[] = [];
  private readonly ledger: VelocityLedger | null;
  /** Capacity of generations that may still land late; counted as served until no fence is below them. */
  private readonly landable: LandableCapacity | null;
  /** Feeds the ledger every generation in the store (rebuilt after a restart, followed while standby). */
  private readonly follower: StoreFollower | null;
  private readonly azOf: ReadonlyMap<LoadBalancerId, string>;
  private readonly ignoredFences = new Set<string>();
  private leaseToken: number | null = null;
  /** Whether the velocity warm-up was judged against a first start (once, on the first full read). */
  private warmUpJudged = false;
  private inStandby = false;
  private readonly controlTimer: ControlTimer;

  constructor(private readonly deps: PlannerDeps) {
    this.computer = new PlanComputer(deps.fleet, deps.settings.guards);
    this.endpointNames = deps.fleet.endpoints.map((e) => e.name);
    assertSafetySettings(deps.settings.safety);
    assert(deps.settings.leaseTtlMs > 0, 'leaseTtlMs must be positive');
    this.azOf = new Map(deps.fleet.loadBalancers.map((lb) => [lb.id, lb.az]));
    this.owners = addressOwners(deps.fleet);
    const owners = this.owners;
    const byFamily = { A: new Map<string, number>(), AAAA: new Map<string, number>() };
    for (const lb of deps.fleet.loadBalancers) {
      if (lb.ipv4 !== undefined) byFamily.A.set(lb.ipv4, owners.get(`A ${lb.ipv4}`)!.weight);
      if (lb.ipv6 !== undefined) byFamily.AAAA.set(lb.ipv6, owners.get(`AAAA ${lb.ipv6}`)!.weight);
    }
    this.weightOfFamily = { A: (address) => byFamily.A.get(address) ?? 0, AAAA: (address) => byFamily.AAAA.get(address) ?? 0 };
    const weightOf = (family: AddressFamily, address: string): number => this.weightOfFamily[family](address);
    this.ledger = deps.settings.safety.velocity ? new VelocityLedger(deps.settings.safety.velocity, weightOf, deps.clock.monotonicMs()) : null;
    this.landable = this.ledger === null ? null : new LandableCapacity(weightOf);
    this.follower = this.ledger === null || this.landable === null ? null : new StoreFollower(this.ledger, this.landable, deps.clock);
    this.controlTimer = new ControlTimer(deps.clock);
  }

  private guardContext(): GuardContext {
    const safety = this.deps.settings.safety;
    return {
      nowMs: this.deps.clock.monotonicMs(), safety, ledger: this.ledger,
      azOf: (id) => this.azOf.get(id) ?? '',
      unhealthySinceMs: this.deps.unhealthySinceMs,
      controls: this.controlTimer.inForce(this.deps.controls()),
    };
  }

  async tick(): Promise<PlannerTickResult> {
    const lease = await this.deps.store.acquireLease(this.deps.holder, this.deps.settings.leaseTtlMs);
    if (!lease.ok) {
      this.leaseToken = null;
      if (lease.code !== 'held') return this.storeUnavailable(lease.message);
      // A hot standby keeps its velocity window current with what is planned and served, so that
      // taking the lease over does not start from an empty window (a fresh share of removals).
      await this.follower?.follow(this.deps.store);
      await this.readServed(false);
      return this.standby(lease.message);
    }
    this.leaseToken = lease.value.token;
    this.inStandby = false;
    for (let attempt = 1; attempt <= this.deps.settings.createAttemptsMax; attempt++) {
      const result = (await this.attempt(true)).result;
      if (result.kind !== 'lost-race') return result;
    }
    return { kind: 'lost-race', message: `another writer created each generation first (${this.deps.settings.createAttemptsMax} attempts)` };
  }

  /** The Planner's own next attempt, without the write (`dnsplane plan`). */
  async preview(): Promise<PlannerPreview> {
    return this.attempt(false);
  }

  private async attempt(write: boolean): Promise<PlannerPreview> {
    const latest = await this.deps.store.latest();
    if (!latest.ok) return { result: this.storeUnavailable(latest.message), plan: null, previous: null };
    const stored = latest.value;
    await this.follower?.follow(this.deps.store, stored?.generation ?? null);
    // A health change usually means a write: read what is served first, and compute once.
    const readFirst = this.healthChanged() && (await this.readServed(true));
    if (!readFirst) await this.readServed(false);
    let computed = this.compute(stored);
    let renumber = this.renumberReason(stored);
    if (stored !== null && stored.digest === computed.digest && renumber === null) {
      return { result: { kind: 'unchanged', generation: stored.generation }, plan: null, previous: stored };
    }
    // About to write: plan against what is served now, not against a read up to an interval old.
    if (!readFirst && (await this.readServed(true))) {
      computed = this.compute(stored);
      renumber = this.renumberReason(stored);
      if (stored !== null && stored.digest === computed.digest && renumber === null) {
        return { result: { kind: 'unchanged', generation: stored.generation }, plan: null, previous: stored };
      }
    }
    const highWater = await this.deps.store.highWater();
    if (highWater.ok) this.highWaterSeen = Math.max(this.highWaterSeen, highWater.value);
    const next = Math.max(stored?.generation ?? 0, this.highWaterSeen, this.liveGenerationMax(stored)) + 1;
    if (next > GENERATION_MAX) return { result: this.refused(`the next generation ${next} would pass ${GENERATION_MAX}; not writing`), plan: null, previous: stored };
    const note = renumber ?? (stored === null ? 'first plan' : `content changed (${computed.decisions.length} guard decisions)`);
    const plan = planFromCanonical({ generation: generation(next), createdAtMs: this.deps.clock.nowMs(), endpoints: computed.endpoints, digest: computed.digest, note });
    if (!write) return { result: { kind: 'created', generation: plan.generation }, plan, previous: stored };
    return { result: await this.create(plan, stored, renumber), plan, previous: stored };
  }

  /** Whether health differs from what the last computation saw (a load balancer judged, or judged otherwise). */
  private healthChanged(): boolean {
    const seen = this.healthComputed;
    const now = this.deps.health();
    if (seen === null || seen.size !== now.size) return true;
    for (const [id, healthy] of now) if (seen.get(id) !== healthy) return true;
    return false;
  }

  private compute(stored: Plan | null): ComputedPlan {
    this.holdWindowIfHistoryLost(stored);
    const baseline = this.baselineOf(stored);
    const health = this.deps.health();
    this.healthComputed = new Map(health); // a copy: a view handed out may be a live map
    const computed = this.computer.compute(health, baseline.plan, this.guardContext());
    this.lastDecisions = computed.decisions;
    this.lastRoutes = computed.routes;
    this.recordDecisionsIfChanged(computed.decisions);
    return computed;
  }

  private baselineOf(stored: Plan | null): Baseline {
    const memo = this.baselineMemo;
    if (memo !== null && memo.stored === stored && memo.version === this.servedVersion) return memo.baseline;
    const baseline = this.baselines.baseline({ latest: stored, fleet: this.deps.fleet, readings: [...this.served.values()], owners: this.owners, nowMs: this.deps.clock.nowMs(), differences: this.differences });
    // Without a stored plan the baseline carries the time it was made: not kept.
    this.baselineMemo = stored === null ? null : { stored, version: this.servedVersion, baseline };
    return baseline;
  }

  private async create(plan: Plan, stored: Plan | null, renumber: string | null): Promise<PlannerTickResult> {
    assert(this.leaseToken !== null, 'the Planner writes only while holding the lease');
    const created = await this.deps.store.create(plan, this.leaseToken);
    if (!created.ok) {
      if (created.code === 'exists') return this.lostRace(created.message);
      if (created.code === 'fenced') {
        this.leaseToken = null;
        return this.standby(created.message);
      }
      return this.storeUnavailable(created.message);
    }
    this.highWaterSeen = Math.max(this.highWaterSeen, plan.generation);
    this.ledger?.recordPlan(plan.endpoints, stored?.endpoints ?? [], this.deps.clock.monotonicMs());
    this.landable?.record(plan.generation, plan.endpoints, stored?.endpoints ?? []);
    this.follower?.created(plan);
    if (renumber !== null) {
      this.deps.events.record({ atMs: plan.createdAtMs, kind: 'plan.renumbered', actor: 'planner', generation: plan.generation, reason: renumber });
    }
    this.deps.events.record({ atMs: plan.createdAtMs, kind: 'plan.created', actor: 'planner', generation: plan.generation, reason: plan.note });
    return { kind: 'created', generation: plan.generation };
  }

  /**
   * A live fence above every generation this Planner has seen: generations were created and served
   * that it never followed (a standby that was not running while a wipe or a restored backup took
   * them from the store). What they removed within the window is unknown to it, so the velocity
   * window holds every decrease for one window from now, as on a restart. A Planner that followed
   * them (its window has them) does not need to.
   */
  private holdWindowIfHistoryLost(stored: Plan | null): void {
    if (this.ledger === null || this.follower === null) return;
    if (this.liveGenerationMax(stored) > this.follower.lastSeenGeneration) this.ledger.holdWarmUpFrom(this.deps.clock.monotonicMs());
  }

  /**
   * Why the next generation must be written even if the content is unchanged: a fence of ours
   * above the store's latest, or one at the latest generation with another digest.
   */
  private renumberReason(stored: Plan | null): string | null {
    const storeGeneration = stored?.generation ?? 0;
    const liveMax = this.liveGenerationMax(stored);
    if (liveMax > storeGeneration) return `renumbered above live fence ${liveMax} (store latest ${storeGeneration})`;
    if (stored === null) return null;
    const memo = this.renumberMemo;
    if (memo !== null && memo.stored === stored && memo.version === this.servedVersion && memo.liveMax === liveMax) return memo.reason;
    const reason = this.divergentLiveFence(stored);
    this.renumberMemo = { stored, version: this.servedVersion, liveMax, reason };
    return reason;
  }

  /** A live fence at the stored plan's generation whose digest is not the stored endpoint's (a restore renumbered differently). */
  private divergentLiveFence(stored: Plan): string | null {
    for (const reading of this.served.values()) {
      for (const live of reading.fences.get(stored.generation) ?? []) {
        if (findEndpoint(stored.endpoints, live.name)?.digest !== live.fence!.digest) {
          return `live fence of ${live.name} on ${reading.provider.id} is generation ${live.fence!.generation} with digest ${live.fence!.digest}, not the stored plan's; renumbering`;
        }
      }
    }
    return null;
  }

  /** The highest live fence of ours on the providers last read; fences beyond the jump bound are ignored (and alarmed once). */
  private liveGenerationMax(stored: Plan | null): number {
    const ceiling = Math.max(stored?.generation ?? 0, this.highWaterSeen) + GENERATION_JUMP_MAX;
    const memo = this.liveMaxMemo;
    // The same readings against the same ceiling: the same answer, and any fence beyond it already alarmed.
    if (memo !== null && memo.version === this.servedVersion && memo.ceiling === ceiling) return memo.highest;
    let highest = 0;
    for (const reading of this.served.values()) {
      for (const [g, lives] of reading.fences) {
        if (g <= ceiling) {
          highest = Math.max(highest, g);
          continue;
        }
        for (const live of lives) this.alarmIgnoredFence(reading.provider.id, live, ceiling);
      }
    }
    this.liveMaxMemo = { version: this.servedVersion, ceiling, highest };
    return highest;
  }

  private alarmIgnoredFence(provider: string, live: LiveEndpoint, ceiling: number): void {
    const key = `${provider}|${live.name}|${live.fence?.generation ?? 0}`;
    if (this.ignoredFences.has(key)) return;
    this.ignoredFences.add(key);
    this.deps.events.record({
      atMs: this.deps.clock.nowMs(), kind: 'plan.fence-ignored', actor: 'planner', endpoint: live.name, provider,
      reason: `live fence generation ${live.fence?.generation ?? 0} is beyond the numbering bound ${ceiling}: not ours, not numbered above; adopt the name back with 'dnsplane adopt'`,
    });
  }

  /**
   * Reads each provider on its own (one that cannot be read keeps its last reading: it must not
   * stop planning, nor hide what the others serve). `force`: read even inside the interval.
   * Returns whether anything was read.
   */
  private async readServed(force: boolean): Promise<boolean> {
    const now = this.deps.clock.monotonicMs();
    if (!force && now - this.liveReadAtMs < this.deps.settings.liveFenceCheckIntervalMs) return false;
    if (force && now === this.liveReadAtMs) return false;
    let readCount = 0;
    for (const provider of this.deps.providers) {
      const live = await provider.readEndpoints(this.endpointNames);
      if (!live.ok) continue;
      readCount++;
      this.takeReading(provider, live.value);
      this.servedVersion++;
    }
    this.liveReadAtMs = now;
    this.observeServedCapacity(readCount === this.deps.providers.length);
    if (this.served.size === this.deps.providers.length) await this.judgeWarmUp();
    return readCount > 0;
  }

  /**
   * Keeps a provider's reading. A reading of every name in the order asked updates the last one
   * in place, name by name where the provider handed back another object: the embedded provider
   * returns the same object for a name no commit touched, and at 10,000 names building the map
   * afresh was most of a read. Any other reading replaces it.
   */
  private takeReading(provider: DnsProvider, endpoints: readonly LiveEndpoint[]): void {
    const kept = this.served.get(provider.id);
    if (kept !== undefined && this.updatedInPlace(kept, endpoints)) return;
    const reading: KeptReading = { provider, view: new Map(), fences: new Map() };
    for (const endpoint of endpoints) {
      reading.view.set(endpoint.name, endpoint);
      indexFence(reading.fences, endpoint);
    }
    this.served.set(provider.id, reading);
  }

  /**
   * Updates a kept reading with a new one of every name asked, in the order asked (one pass:
   * touching 10,000 objects twice costs milliseconds here). False when the reading is not of
   * that shape: the caller then replaces the view, whatever this pass changed in it.
   */
  private updatedInPlace({ view, fences }: KeptReading, endpoints: readonly LiveEndpoint[]): boolean {
    const names = this.endpointNames;
    if (endpoints.length !== names.length) return false;
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = endpoints[i]!;
      if (endpoint.name !== names[i]) return false;
      const before = view.get(endpoint.name);
      if (before === endpoint) continue;
      view.set(endpoint.name, endpoint);
      if (before !== undefined) unindexFence(fences, before);
      indexFence(fences, endpoint);
    }
    return true;
  }

  /**
   * Judged once every provider has been read at least once. A first start — the store never
   * created a generation and no provider holds any fence on a managed name — has no earlier window
   * whose removals could be unknown: the warm-up ends. Any history at all (a restart, a restored or
   * wiped store with fences live) keeps it, for a window from now: what a provider that could not
   * be read at the start served before its first read is unknown, and may have been more.
   */
  private async judgeWarmUp(): Promise<void> {
    if (this.warmUpJudged || this.ledger === null) return;
    const highWater = await this.deps.store.highWater();
    if (!highWater.ok) return;
    this.warmUpJudged = true;
    const anyFence = [...this.served.values()].some((r) => [...r.view.values()].some((live) => live.fenceRaw !== null));
    if (highWater.value === 0 && !anyFence) this.ledger.endWarmUp();
    else this.ledger.holdWarmUpFrom(this.deps.clock.monotonicMs());
  }

  /**
   * Served capacity goes into the velocity window: a lagging provider's capacity still counts. A
   * drop is believed only when every provider was read in this pass: one that could not be read
   * may still serve more than the others show. A generation that may still land where a fence is
   * below it counts as served too (landable-capacity.ts): a read before a late write is not a drop.
   */
  private observeServedCapacity(everyProviderRead: boolean): void {
    if (this.ledger === null || this.landable === null) return;
    const now = this.deps.clock.monotonicMs();
    const readings = [...this.served.values()];
    const views = readings.map((r) => r.view);
    // A provider's newest live generation of ours: the highest in its fence index.
    const floors = readings.map((r) => Math.max(0, ...r.fences.keys()));
    for (const name of this.endpointNames) {
      const lowestFence = lowestLandingFence(name, views, floors);
      for (const family of FAMILIES) {
        const capacity = Math.max(servedCapacityMaxBy(views, name, family, this.weightOfFamily[family]), this.landable.above(name, family, lowestFence));
        if (capacity > 0) this.ledger.observeServed(name, family, capacity, now, everyProviderRead);
      }
      if (everyProviderRead) this.landable.settle(name, lowestFence);
    }
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

  /** The guard decisions of the last computation (for status). */
  currentDecisions(): readonly EndpointDecision[] {
    return this.lastDecisions;
  }

  /** Where each routed name points after the last computation (for status). */
  currentRoutes(): readonly RouteState[] {
    return this.lastRoutes;
  }

  /** Another Planner created the number first, or the newest generation was deleted: learn the high-water mark. */
  private async lostRace(message: string): Promise<PlannerTickResult> {
    const highWater = await this.deps.store.highWater();
    if (highWater.ok) this.highWaterSeen = Math.max(this.highWaterSeen, highWater.value);
    return { kind: 'lost-race', message };
  }

  private standby(message: string): PlannerTickResult {
    // Recorded when this Planner enters standby, not on every tick it stays there.
    if (!this.inStandby) this.record('plan.standby', message);
    this.inStandby = true;
    return { kind: 'standby', message };
  }

  private refused(message: string): PlannerTickResult {
    this.record('plan.refused', message);
    return { kind: 'refused', message };
  }

  private storeUnavailable(message: string): PlannerTickResult {
    this.record('store.unavailable', message);
    return { kind: 'store-unavailable', message };
  }

  private record(kind: DecisionKind, reason: string): void {
    this.deps.events.record({ atMs: this.deps.clock.nowMs(), kind, actor: 'planner', reason });
  }
}

/** A provider's last reading, and its names by live fence generation (fences that parse). */
interface KeptReading {
  readonly provider: DnsProvider;
  readonly view: Map<string, LiveEndpoint>;
  readonly fences: Map<number, Set<LiveEndpoint>>;
}

function indexFence(index: Map<number, Set<LiveEndpoint>>, endpoint: LiveEndpoint): void {
  if (endpoint.fence === null) return;
  const same = index.get(endpoint.fence.generation);
  if (same === undefined) index.set(endpoint.fence.generation, new Set([endpoint]));
  else same.add(endpoint);
}

function unindexFence(index: Map<number, Set<LiveEndpoint>>, endpoint: LiveEndpoint): void {
  if (endpoint.fence === null) return;
  const same = index.get(endpoint.fence.generation);
  same?.delete(endpoint);
  // No empty entry: the highest key is a generation live on some name.
  if (same?.size === 0) index.delete(endpoint.fence.generation);
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

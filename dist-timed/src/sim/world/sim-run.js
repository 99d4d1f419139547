/**
 * One simulation run: builds the world from a SimConfig and runs the production control plane —
 * health, Planner, Enactors and Cleaner built by the one assembly (app/assembly.ts) from the
 * settings a production config yields, scheduled as `dnsplane up` schedules them — as separate
 * simulated processes under virtual time; applies the scheduled actions and faults; then heals
 * every fault and demands convergence.
 *
 *   0 ──── safety phase: faults + scripted actions ──── safetyMs ── liveness: healed ── end
 *                                                           └ heal: faults off, LBs healthy, store and
 *                                                             providers up, clocks true, freezes lifted,
 *                                                             foreign fences adopted, processes restarted
 *
 * Processes: 'planner' (health monitor + controls refresh + Planner), optionally 'planner-2' (a
 * second Planner on the same store, another lease holder), 'enactor:<id>' per Enactor, 'cleaner'.
 * Each schedules its own parts; a Planner's "plan created" kick is forwarded to the live Enactor
 * processes, as the one process of `up` kicks its Enactors.
 */
import { ControlPlaneAssembly, isBrokenInvariant } from '../../app/assembly.js';
import { applyHandEdit, SeededRandom } from '../../app/sim-support.js';
import { assertNever } from '../../core/model/assert.js';
import { generation as toGeneration, loadBalancerId } from '../../core/model/ids.js';
import { makePlan } from '../../core/model/plan.js';
import { CheckerSuite } from '../checkers/checker-suite.js';
import { ProcessClock, VirtualClock } from '../clock/virtual-clock.js';
import { virtualScheduler } from '../clock/virtual-scheduler.js';
import { SimPlanStore } from '../faults/sim-plan-store.js';
import { SimProber } from '../faults/sim-prober.js';
import { Trace } from '../trace.js';
import { ProcessTable } from './process-table.js';
import { SimControls } from './sim-controls.js';
const TRACE_TAIL_LINES = 40;
/** Process wall clocks read a realistic epoch (Oct 2025), so timestamps look like production's. */
export const WALL_EPOCH_MS = 1_760_000_000_000;
/** Monotonic clocks start somewhere arbitrary per process (they mean nothing across processes). */
const MONOTONIC_OFFSET_MAX_MS = 1_000_000_000;
export class SimRun {
    config;
    clock = new VirtualClock(0);
    trace;
    checkers;
    store;
    assembly;
    controls;
    faultSwitch = { faultsOn: true };
    editingByHand = false;
    master;
    prober;
    processes;
    driver;
    crashes = [];
    timeline = [];
    createdAtMs = new Map();
    highestCreatedGeneration = 0;
    outages = new Map();
    processClocks = new Map();
    wallOffsets = new Map();
    enactorTasks = new Map();
    plannerHealth = new Map();
    plannerResults = new Map();
    plantedForeign = new Set();
    backupTaken = null;
    /** The trace tail at the first violation: what led to it, not what came after. */
    firstViolationTail = null;
    constructor(config, driverFactory) {
        this.config = config;
        this.master = new SeededRandom(config.seed);
        this.trace = new Trace(() => this.clock.virtualMs);
        this.assembly = new ControlPlaneAssembly(config.controlPlane);
        this.controls = new SimControls(() => this.clock.virtualMs, () => WALL_EPOCH_MS + this.clock.virtualMs);
        const velocity = config.controlPlane.safety.velocity;
        this.checkers = new CheckerSuite({
            seed: config.seed,
            velocityLimit: velocity === null ? null : { windowMs: velocity.windowMs, removedShareMax: velocity.maxShare },
            velocityOverridden: (endpoint, atMs) => this.controls.inForce('velocity-override', endpoint, atMs),
            failoverNames: new Set(config.controlPlane.fleet.endpoints.filter((e) => e.routing?.policy === 'failover').map((e) => e.name)),
            adopted: (endpoint, atMs) => this.controls.inForce('adopt', endpoint, atMs),
            freezes: () => this.controls.spans('freeze').map((s) => ({ target: s.target, fromMs: s.fromMs, toMs: s.toMs })),
            generationCreatedAtMs: (g) => this.createdAtMs.get(g),
            // A Planner tick already under way when the freeze was placed may still create one plan.
            freezeGraceMs: 2 * config.controlPlane.planner.intervalMs,
        });
        this.checkers.onViolation = (v) => {
            this.trace.note(`VIOLATION ${v.invariant} ${v.endpoint}: ${v.detail}`);
            this.firstViolationTail ??= this.trace.recentLines(TRACE_TAIL_LINES);
            if (config.stopAtFirstViolation)
                this.clock.halt();
        };
        this.store = new SimPlanStore(this.clock, this.master.fork(), config.storeFaults, this.faultSwitch, (d) => this.checkers.observeDeletion(d), (plan) => {
            this.createdAtMs.set(plan.generation, this.clock.virtualMs);
            this.highestCreatedGeneration = Math.max(this.highestCreatedGeneration, plan.generation);
        });
        this.prober = new SimProber(this.clock, this.master.fork(), config.probeLatency);
        this.processes = new ProcessTable(this.master, (text) => this.trace.note(text));
        this.driver = driverFactory(this);
    }
    highestCreated() {
        return this.highestCreatedGeneration;
    }
    providerOutage(provider) {
        let outage = this.outages.get(provider);
        if (outage === undefined) {
            outage = { down: false };
            this.outages.set(provider, outage);
        }
        return outage;
    }
    processClock(name) {
        const skew = this.config.enactors.find((e) => `enactor:${e.id}` === name)?.clockSkewMs ?? 0;
        const offset = this.wallOffsets.get(name) ?? WALL_EPOCH_MS + skew;
        this.wallOffsets.set(name, offset);
        const clock = new ProcessClock(this.clock, offset, Math.floor(this.master.nextFloat() * MONOTONIC_OFFSET_MAX_MS));
        this.processClocks.set(name, [...(this.processClocks.get(name) ?? []), clock]);
        return clock;
    }
    startParts(name, gate, clock, parts) {
        const afterStep = (task) => {
            if (task !== 'planner')
                return;
            if (scheduled.lastPlannerResult()?.kind !== 'created' || scheduled.lastPlannerResult() === lastKicked)
                return;
            lastKicked = scheduled.lastPlannerResult();
            this.kickEnactors();
        };
        let lastKicked = null;
        const scheduled = this.assembly.schedule(virtualScheduler(clock, afterStep), parts, (part, error) => {
            this.reportCrash(`${name} (${part})`, error);
            // A broken invariant is a bug: the process stops writing, as `up` stops its control plane.
            if (isBrokenInvariant(error))
                gate.crash();
        });
        gate.whenCrashed(() => void scheduled.stop());
        if (parts.enactors.length > 0)
            this.enactorTasks.set(name, { gate, tasks: scheduled.tasks });
        if (parts.planner !== undefined)
            this.plannerResults.set(name, () => scheduled.lastPlannerResult()?.kind ?? null);
        scheduled.start();
    }
    observe(observation) {
        if (this.config.recordTimeline)
            this.timeline.push(observation);
        this.checkers.observeDns(observation);
    }
    reportCrash(process, error) {
        const text = `${process}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        this.crashes.push(text);
        this.trace.note(`EXCEPTION ${text}`);
        if (this.config.stopAtFirstViolation)
            this.clock.halt();
    }
    async run() {
        this.processes.register('planner', (gate, random) => this.startPlanner('planner', gate, random));
        if (this.config.secondPlanner)
            this.processes.register('planner-2', (gate, random) => this.startPlanner('planner-2', gate, random));
        this.driver.registerProcesses(this.processes);
        this.processes.startAll();
        for (const scheduled of this.config.actions)
            this.schedule(scheduled);
        let stop = await this.clock.runUntil(this.config.safetyMs, this.config.eventsMax);
        if (stop !== 'halted' && stop !== 'events-exhausted') {
            this.heal();
            stop = await this.runLiveness();
        }
        const newest = await this.store.inner.latest();
        const newestPlan = newest.ok ? newest.value : null;
        let converged = false;
        if (stop !== 'halted' && stop !== 'events-exhausted' && newestPlan !== null) {
            converged = this.checkers.checkConvergence({
                atMs: this.clock.virtualMs, newestGeneration: newestPlan.generation, providers: this.driver.providerNames,
                endpoints: newestPlan.endpoints.map((e) => e.name), boundMs: this.config.livenessMs, content: this.expectedContent(newestPlan),
            });
        }
        const listed = await this.store.inner.list();
        return this.result(stop, converged, newestPlan?.generation ?? 0, listed.ok ? listed.value.length : 0);
    }
    /** What each provider serves once the plan is applied: the provider's own materialisation of it. */
    expectedContent(plan) {
        const content = new Map();
        const random = new SeededRandom(0);
        for (const provider of this.driver.plannerProviders(random)) {
            for (const endpoint of plan.endpoints) {
                const served = provider.materialise({ ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses });
                content.set(`${provider.id}|${endpoint.name}`, { addresses: served.addresses.map((a) => `${a.family} ${a.address}`).sort(), ttlSeconds: served.ttlSeconds });
            }
        }
        return content;
    }
    /**
     * Runs the liveness phase up to its bound, but stops as soon as the world is settled: every
     * name on every provider serves the newest plan, every load balancer looks healthy to the
     * Planner and its last tick wrote nothing new. From there nothing changes any more, so running
     * on to the bound would only burn wall time (the explorer runs many thousands of seeds).
     */
    async runLiveness() {
        const endMs = this.config.safetyMs + this.config.livenessMs;
        const stepMs = Math.max(250, this.config.controlPlane.enactor.intervalMs);
        for (;;) {
            const untilMs = Math.min(endMs, this.clock.virtualMs + stepMs);
            const stop = await this.clock.runUntil(untilMs, this.config.eventsMax - this.clock.eventsRunTotal);
            if (stop === 'halted' || stop === 'events-exhausted' || untilMs >= endMs)
                return stop;
            if (await this.settled()) {
                this.trace.note('liveness: settled (newest plan live everywhere, health stable)');
                return stop;
            }
        }
    }
    async settled() {
        const latest = await this.store.inner.latest();
        if (!latest.ok || latest.value === null)
            return false;
        const plan = latest.value;
        // Every checked load balancer healthy in the view of a Planner whose last tick wrote nothing.
        const checked = this.config.controlPlane.checks.map((c) => c.id);
        const calm = [...this.plannerResults.entries()].some(([name, result]) => {
            const health = this.plannerHealth.get(name)?.() ?? new Map();
            return result() === 'unchanged' && checked.every((id) => health.get(id) === true);
        });
        if (!calm)
            return false;
        const content = this.expectedContent(plan);
        return this.driver.providerNames.every((provider) => plan.endpoints.every((e) => {
            const live = this.checkers.live.get(provider, e.name);
            if (live?.generation !== plan.generation || (live.fence ?? 'ours') !== 'ours')
                return false;
            const want = content.get(`${provider}|${e.name}`);
            return want === undefined || live.addresses === undefined || (want.addresses.join(',') === live.addresses.join(',') && want.ttlSeconds === (live.ttlSeconds ?? null));
        }));
    }
    result(stop, converged, newestGeneration, storedGenerations) {
        const endMs = this.clock.virtualMs;
        return {
            protocol: this.config.protocol, seed: this.config.seed, violations: this.checkers.violations(),
            emptyAnswerMs: this.checkers.neverEmpty.emptyAnswerMs(endMs), converged, newestGeneration,
            traceHash: this.trace.digest(), traceLines: this.trace.lines, traceTail: this.firstViolationTail ?? this.trace.recentLines(TRACE_TAIL_LINES),
            eventsRun: this.clock.eventsRunTotal, endMs, stop, crashes: this.crashes,
            largestRemovedShare: this.checkers.velocity.largestRemovedShare, timeline: this.timeline, providers: this.driver.providerNames, storedGenerations,
        };
    }
    startPlanner(name, gate, random) {
        const clock = gate.clock(this.processClock(name));
        const health = this.assembly.health({ clock, events: this.trace, random: random.fork(), proberFor: () => this.prober });
        this.plannerHealth.set(name, () => health.view());
        const planner = this.assembly.planner({
            clock, events: this.trace, holder: name, store: gate.store(this.store), health, controls: this.controls,
            providers: this.driver.plannerProviders(random).map((p) => gate.provider(p)),
        });
        this.startParts(name, gate, clock, { health, planner, controls: this.controls, enactors: [] });
    }
    /** "Plan created" reaches every live Enactor process, as in `up`. */
    kickEnactors() {
        for (const { gate, tasks } of this.enactorTasks.values()) {
            if (!gate.alive)
                continue;
            for (const task of tasks)
                task.kick();
        }
    }
    schedule(scheduled) {
        this.clock.schedule(scheduled.atMs, () => this.apply(scheduled.action));
    }
    apply(action) {
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
            case 'wall-step':
                this.stepWall(action.process, action.deltaMs);
                return;
            case 'store-backup':
                void this.store.backup().then((backup) => {
                    this.backupTaken = backup;
                    this.trace.note(`operator: store backup taken (${backup.plans.length} generations, high-water ${backup.highWater})`);
                });
                return;
            case 'store-restore':
                this.restoreBackup();
                return;
            case 'store-wipe':
                void this.store.deleteAll().then((n) => this.trace.note(`fault: every stored generation deleted (${n})`));
                return;
            case 'hand-edit':
                this.handEdit(action.provider, action.edit);
                return;
            case 'provider-outage':
                this.trace.note(`fault: provider ${action.provider} ${action.down ? 'down' : 'up'}`);
                this.providerOutage(action.provider).down = action.down;
                return;
            case 'control':
                this.controls.add(action.control, action.target, 'simulated operator', action.ttlMs);
                this.trace.note(`operator: ${action.control} ${action.target}${action.ttlMs === undefined ? '' : ` for ${action.ttlMs} ms`}`);
                return;
            case 'control-lift':
                this.controls.lift(action.control, action.target);
                this.trace.note(`operator: ${action.control} ${action.target} lifted`);
                return;
            case 'inject-plan':
                void this.injectPlan(action.endpoint, action.answersMax);
                return;
            default:
                assertNever(action, 'sim action');
        }
    }
    stepWall(process, deltaMs) {
        this.trace.note(`fault: wall clock of ${process} steps ${deltaMs >= 0 ? '+' : ''}${deltaMs} ms`);
        for (const [name, clocks] of this.processClocks) {
            if (process !== '*' && process !== name)
                continue;
            this.wallOffsets.set(name, (this.wallOffsets.get(name) ?? WALL_EPOCH_MS) + deltaMs);
            for (const clock of clocks)
                clock.stepWallMs(deltaMs);
        }
    }
    restoreBackup() {
        const backup = this.backupTaken;
        if (backup === null)
            return;
        void this.store.restore(backup).then(() => this.trace.note(`operator: store restored from backup (${backup.plans.length} generations, high-water ${backup.highWater})`));
    }
    handEdit(provider, edit) {
        const zone = this.driver.zones.get(provider);
        if (zone === undefined)
            return;
        this.editingByHand = true;
        try {
            const changed = applyHandEdit(zone, edit);
            this.trace.note(`hand edit on ${provider}: ${edit.kind} ${edit.name}${changed ? '' : ' (nothing to change)'}`);
        }
        finally {
            this.editingByHand = false;
        }
        if (edit.kind === 'set-fence' && edit.records !== null)
            this.plantedForeign.add(edit.name);
    }
    /** Another tool writes a plan straight into the store: the newest one with one endpoint's answersMax changed. */
    async injectPlan(endpoint, answersMax) {
        const latest = await this.store.inner.latest();
        const high = await this.store.inner.highWater();
        if (!latest.ok || latest.value === null || !high.ok)
            return;
        // Straight into the database: the tool writes under the current lease's token, as a row insert would.
        const lease = await this.store.inner.acquireLease('planner', this.config.controlPlane.planner.leaseTtlMs);
        if (!lease.ok)
            return;
        // The tool computes its digests properly: the plan is well formed, only its content is wrong.
        const plan = makePlan({
            generation: toGeneration(high.value + 1), createdAtMs: WALL_EPOCH_MS + this.clock.virtualMs, note: 'written by another tool',
            endpoints: latest.value.endpoints.map(({ digest: _digest, ...e }) => (e.name === endpoint ? { ...e, answersMax } : e)),
        });
        const created = await this.store.inner.create(plan, lease.value.token);
        if (created.ok) {
            this.createdAtMs.set(plan.generation, this.clock.virtualMs);
            this.highestCreatedGeneration = Math.max(this.highestCreatedGeneration, plan.generation);
        }
        this.trace.note(`fault: plan g${plan.generation} written straight into the store with ${endpoint} answersMax ${answersMax} (${created.ok ? 'stored' : created.message})`);
    }
    async repair() {
        const newest = await this.store.inner.latest();
        if (newest.ok && newest.value !== null)
            this.driver.operatorRepair(newest.value);
    }
    heal() {
        this.trace.note('heal: faults off, every load balancer healthy, store and providers up, clocks true, freezes lifted, foreign fences adopted, crashed processes restarted');
        this.faultSwitch.faultsOn = false;
        for (const lb of this.config.controlPlane.fleet.loadBalancers)
            this.prober.setHealthy(loadBalancerId(lb.id), true);
        this.store.down = false;
        for (const outage of this.outages.values())
            outage.down = false;
        for (const [name, clocks] of this.processClocks) {
            this.wallOffsets.set(name, WALL_EPOCH_MS);
            for (const clock of clocks)
                clock.setWallOffsetMs(WALL_EPOCH_MS);
        }
        this.controls.liftAll('freeze');
        // An operator takes back every name whose fence was planted by another tool, as the alarm asks.
        for (const name of [...this.plantedForeign].sort()) {
            this.controls.add('adopt', name, 'fence planted by another tool', this.config.livenessMs + 60_000);
            this.trace.note(`operator: adopt ${name}`);
        }
        this.processes.restartAllCrashed();
    }
}
//# sourceMappingURL=sim-run.js.map
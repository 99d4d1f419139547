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
import { Cleaner } from '../core/cleaner/cleaner.js';
import { Enactor } from '../core/enactor/enactor.js';
import { HealthMonitor } from '../core/health/health-monitor.js';
import { AssertionFailure } from '../core/model/assert.js';
import { selectedLoadBalancers } from '../core/model/fleet.js';
import { Planner } from '../core/planner/planner.js';
import { ControlTimer } from '../core/safety/operator-controls.js';
/** Health checks run at least this often (ms) so a due probe waits at most this long. */
const HEALTH_TICK_MS_MIN = 50;
export class ControlPlaneAssembly {
    settings;
    weightByAddress;
    selectedCapacity;
    failoverNames;
    constructor(settings) {
        this.settings = settings;
        const weights = new Map();
        for (const lb of settings.fleet.loadBalancers) {
            if (lb.ipv4 !== undefined)
                weights.set(lb.ipv4, lb.capacity);
            if (lb.ipv6 !== undefined)
                weights.set(lb.ipv6, lb.capacity);
        }
        this.weightByAddress = weights;
        const selected = new Map();
        for (const endpoint of settings.fleet.endpoints) {
            if (endpoint.routing !== undefined)
                continue;
            for (const lb of selectedLoadBalancers(settings.fleet, endpoint)) {
                if (lb.ipv4 !== undefined)
                    selected.set(`A ${endpoint.name}`, (selected.get(`A ${endpoint.name}`) ?? 0) + lb.capacity);
                if (lb.ipv6 !== undefined)
                    selected.set(`AAAA ${endpoint.name}`, (selected.get(`AAAA ${endpoint.name}`) ?? 0) + lb.capacity);
            }
        }
        this.selectedCapacity = selected;
        this.failoverNames = new Set(settings.fleet.endpoints.filter((e) => e.routing?.policy === 'failover').map((e) => e.name));
    }
    /** The vantage points: one per configured zone (default: one per Enactor). */
    vantageZones() {
        return this.settings.health.vantagePoints ?? this.settings.enactors;
    }
    health(ports) {
        const vantagePoints = this.vantageZones().map((zone) => ({ zone, prober: ports.proberFor(zone) }));
        return new HealthMonitor(this.settings.checks, vantagePoints, ports.clock, ports.events, this.settings.health, ports.random);
    }
    planner(ports) {
        return new Planner({
            holder: ports.holder, fleet: this.settings.fleet, store: ports.store, providers: ports.providers, clock: ports.clock, events: ports.events,
            health: () => ports.health.view(), settings: { ...this.settings.planner, safety: this.settings.safety },
            unhealthySinceMs: (id) => ports.health.unhealthySinceMs(id), controls: () => ports.controls.current(),
        });
    }
    enactor(id, ports) {
        const timer = new ControlTimer(ports.clock);
        return new Enactor({
            id, store: ports.store, providers: ports.providers, clock: ports.clock, random: ports.random, events: ports.events, settings: this.settings.enactor,
            guards: () => this.writeGuards(timer.inForce(ports.controls.current())),
            adopt: (endpoint) => timer.inForce(ports.controls.current()).adoption(endpoint) !== undefined,
        });
    }
    cleaner(ports) {
        // The Cleaner keeps every generation inside the velocity window: a restarted Planner rebuilds
        // its window from them, and a deleted one would grant it a fresh share of removals.
        const windowMs = this.settings.safety.velocity?.windowMs ?? 0;
        return new Cleaner({
            store: ports.store, providers: ports.providers, endpoints: this.settings.fleet.endpoints.map((e) => e.name), clock: ports.clock, events: ports.events,
            settings: { ...this.settings.cleaner, retentionMs: Math.max(this.settings.cleaner.retentionMs, windowMs) },
        });
    }
    /** The per-write guards of the Enactors under the controls in force. */
    writeGuards(controls) {
        return {
            minCapacityShare: this.settings.planner.guards.minCapacityShare,
            removedShareMaxPerWrite: this.settings.safety.velocity?.maxShare ?? null,
            velocityWindowMs: this.settings.safety.velocity?.windowMs ?? null,
            weightOf: (address) => this.weightByAddress.get(address) ?? 0,
            selectedCapacity: (endpoint, family) => this.selectedCapacity.get(`${family} ${endpoint}`) ?? 0,
            frozen: (endpoint) => controls.freeze(endpoint) !== undefined,
            velocityOverridden: (endpoint) => controls.velocityOverride(endpoint) !== undefined,
            failoverName: (endpoint) => this.failoverNames.has(endpoint),
        };
    }
    /**
     * The loops of the parts present, on `scheduler`, with the kick wiring. A part may be absent (a
     * simulated process runs one role); kicks reach only the parts present in the same call.
     */
    schedule(scheduler, parts, onError) {
        const enactorTasks = parts.enactors.map((enactor) => scheduler.every(`enactor ${enactor.id}`, this.settings.enactor.intervalMs, async () => {
            await enactor.tick();
            await parts.afterEnactorTick?.();
        }, onError));
        let lastPlannerResult = null;
        const plannerTask = parts.planner === undefined ? null : scheduler.every('planner', this.settings.planner.intervalMs, async () => {
            await parts.controls?.refresh();
            lastPlannerResult = await parts.planner.tick();
            if (lastPlannerResult.kind === 'created')
                for (const task of enactorTasks)
                    task.kick();
        }, onError);
        let healthyCount = -1;
        const healthTask = parts.health === undefined ? null : scheduler.every('health', Math.max(HEALTH_TICK_MS_MIN, Math.floor(this.settings.health.intervalMs / 10)), async () => {
            await parts.health.runDue();
            // Kick the Planner when the healthy set changed, instead of waiting for its interval.
            const count = [...parts.health.view().values()].filter((h) => h).length;
            if (count !== healthyCount) {
                healthyCount = count;
                plannerTask?.kick();
            }
        }, onError);
        const cleanerTask = parts.cleaner === undefined ? null : scheduler.every('cleaner', this.settings.cleaner.intervalMs, () => parts.cleaner.tick(), onError);
        const tasks = [healthTask, plannerTask, ...enactorTasks, cleanerTask].filter((t) => t !== null);
        return {
            tasks,
            lastPlannerResult: () => lastPlannerResult,
            kickPlanner: () => plannerTask?.kick(),
            start: () => { for (const task of tasks)
                task.start(); },
            stop: async () => {
                for (const enactor of parts.enactors)
                    enactor.requestStop();
                await Promise.all(tasks.map((task) => task.stop()));
            },
        };
    }
}
/** A broken invariant is a bug: the part that hit it must stop writing. Anything else is logged and retried. */
export function isBrokenInvariant(error) {
    return error instanceof AssertionFailure;
}
//# sourceMappingURL=assembly.js.map
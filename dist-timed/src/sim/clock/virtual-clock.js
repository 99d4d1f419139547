/**
 * Virtual time for the simulator. Every `sleepMs` of every simulated process becomes an entry in
 * one event queue; `runUntil` pops entries in (time, insertion) order and, after each one, lets all
 * promise work that the entry set off finish before time moves again. Because the simulated ports
 * resolve only through this queue, nothing depends on the wall clock and a seed fixes the run.
 *
 * Draining: a macrotask (setImmediate) runs only after the microtask queue is empty, and nothing in
 * a simulation does real I/O, so one setImmediate per event is an exact "all pending promise work is
 * done" barrier. Counting `await`s instead would silently advance time under work that needs more
 * hops than the count.
 */
import { assert } from '../../core/model/assert.js';
import { EventQueue } from './event-queue.js';
export class VirtualClock {
    currentMs;
    queue = new EventQueue();
    eventsRun = 0;
    halted = false;
    /** Wall time minus virtual time: a wall-clock step moves it, virtual (monotonic) time goes on. */
    wallOffsetMs = 0;
    constructor(startMs = 0) {
        this.currentMs = startMs;
    }
    /** Wall time: virtual time plus every step so far. */
    nowMs() {
        return this.currentMs + this.wallOffsetMs;
    }
    monotonicMs() {
        return this.currentMs;
    }
    /** Steps the wall clock by `deltaMs` (either way), as NTP or a VM restore would; durations are untouched. */
    stepWallMs(deltaMs) {
        this.wallOffsetMs += deltaMs;
    }
    /** Virtual time: when events run (the schedule and the checkers use it). */
    get virtualMs() {
        return this.currentMs;
    }
    sleepMs(durationMs) {
        return new Promise((resolve) => this.schedule(this.currentMs + Math.max(0, durationMs), resolve));
    }
    /** Runs `action` at virtual time `atMs` (not before now). */
    schedule(atMs, action) {
        this.queue.push(Math.max(atMs, this.currentMs), action);
    }
    /** Stops `runUntil` after the event in progress (a checker found what the run was looking for). */
    halt() {
        this.halted = true;
    }
    get eventsRunTotal() {
        return this.eventsRun;
    }
    get pendingEvents() {
        return this.queue.size;
    }
    /**
     * Runs events up to and including `untilMs`, then sets the clock to `untilMs`. Stops early after
     * `eventsMax` events (a runaway loop in the code under test must not hang the simulator).
     */
    async runUntil(untilMs, eventsMax) {
        assert(untilMs >= this.currentMs, `cannot run backwards to ${untilMs} from ${this.currentMs}`);
        await drainPromiseWork();
        let budget = eventsMax;
        for (;;) {
            const nextAtMs = this.queue.peekAtMs();
            if (nextAtMs === undefined || nextAtMs > untilMs)
                break;
            if (this.halted)
                return 'halted';
            if (budget-- <= 0)
                return 'events-exhausted';
            const event = this.queue.pop();
            this.currentMs = event.atMs;
            this.eventsRun++;
            event.run();
            await drainPromiseWork();
        }
        if (this.halted)
            return 'halted';
        this.currentMs = untilMs;
        return this.queue.size === 0 ? 'idle' : 'until-reached';
    }
}
export function drainPromiseWork() {
    return new Promise((resolve) => setImmediate(resolve));
}
/**
 * A process's view of the clock with a fixed offset (clock skew). Sleeps are durations and stay
 * exact; only the reading is shifted, as with a host whose wall clock is wrong.
 */
export class SkewedClock {
    base;
    skewMs;
    constructor(base, skewMs) {
        this.base = base;
        this.skewMs = skewMs;
    }
    nowMs() {
        return this.base.nowMs() + this.skewMs;
    }
    monotonicMs() {
        return this.base.monotonicMs();
    }
    sleepMs(durationMs) {
        return this.base.sleepMs(durationMs);
    }
}
/**
 * The clock of one simulated process. Monotonic time is virtual time plus an offset fixed at the
 * process's start (it has no meaning across processes, as in production: a restart starts it
 * anew); wall time is virtual time plus the epoch, the process's skew and every wall-clock step
 * the run injects (`stepWallMs`, either way, as NTP or a VM restore would). Sleeps are durations
 * and stay exact.
 */
export class ProcessClock {
    base;
    monotonicOffsetMs;
    wallOffsetMs;
    constructor(base, wallOffsetMs, monotonicOffsetMs) {
        this.base = base;
        this.monotonicOffsetMs = monotonicOffsetMs;
        this.wallOffsetMs = wallOffsetMs;
    }
    nowMs() {
        return this.base.virtualMs + this.wallOffsetMs;
    }
    monotonicMs() {
        return this.base.virtualMs + this.monotonicOffsetMs;
    }
    sleepMs(durationMs) {
        return this.base.sleepMs(durationMs);
    }
    stepWallMs(deltaMs) {
        this.wallOffsetMs += deltaMs;
    }
    /** Sets the wall offset (NTP converged: the heal puts every process back on true time). */
    setWallOffsetMs(offsetMs) {
        this.wallOffsetMs = offsetMs;
    }
}
//# sourceMappingURL=virtual-clock.js.map
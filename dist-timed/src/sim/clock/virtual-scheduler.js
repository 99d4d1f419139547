/**
 * The Scheduler port on virtual time: the production task (app/periodic.ts, PeriodicTask) with a
 * timer made of the simulated process's clock sleeps (through its ProcessGate), so a crashed
 * process's timers never fire. A cancelled timer still sleeps but does nothing when it wakes:
 * virtual time has no clearTimeout.
 */
import { PeriodicTask } from '../../app/periodic.js';
function virtualTimer(clock) {
    return (delayMs, fire) => {
        let live = true;
        void clock.sleepMs(delayMs).then(() => {
            if (live)
                fire();
        });
        return () => {
            live = false;
        };
    };
}
/** A Scheduler for one simulated process; `afterStep` lets the world forward kicks between processes. */
export function virtualScheduler(clock, afterStep = () => undefined) {
    const timer = virtualTimer(clock);
    return { every: (name, intervalMs, step, onError) => new PeriodicTask(name, intervalMs, step, onError, timer, afterStep) };
}
//# sourceMappingURL=virtual-scheduler.js.map
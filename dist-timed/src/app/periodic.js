/** Node's timers: monotonic, so a wall-clock step moves none of them. */
export const realTimer = (delayMs, fire) => {
    const timer = setTimeout(fire, delayMs);
    return () => clearTimeout(timer);
};
export class PeriodicTask {
    name;
    intervalMs;
    step;
    onError;
    startTimer;
    afterStep;
    cancelTimer = null;
    running = null;
    kicked = false;
    stopped = false;
    constructor(name, intervalMs, step, onError, startTimer = realTimer, 
    /** Runs after every step (the simulator forwards kicks between simulated processes). */
    afterStep = () => undefined) {
        this.name = name;
        this.intervalMs = intervalMs;
        this.step = step;
        this.onError = onError;
        this.startTimer = startTimer;
        this.afterStep = afterStep;
    }
    start() {
        this.schedule(0);
    }
    /** Runs the step as soon as the one in flight (if any) has finished. */
    kick() {
        if (this.stopped)
            return;
        if (this.running) {
            this.kicked = true;
            return;
        }
        this.schedule(0);
    }
    async stop() {
        this.stopped = true;
        this.cancelTimer?.();
        this.cancelTimer = null;
        await this.running;
    }
    schedule(delayMs) {
        if (this.stopped)
            return;
        this.cancelTimer?.();
        this.cancelTimer = this.startTimer(delayMs, () => this.runOnce());
    }
    runOnce() {
        this.cancelTimer = null;
        if (this.stopped || this.running)
            return;
        this.running = (async () => {
            try {
                await this.step();
            }
            catch (error) {
                this.onError(this.name, error);
            }
        })();
        void this.running.then(() => {
            this.running = null;
            this.afterStep(this.name);
            const again = this.kicked;
            this.kicked = false;
            this.schedule(again ? 0 : this.intervalMs);
        });
    }
}
/** The production Scheduler: real timers. */
export const timerScheduler = {
    every: (name, intervalMs, step, onError) => new PeriodicTask(name, intervalMs, step, onError),
};
//# sourceMappingURL=periodic.js.map
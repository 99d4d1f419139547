/**
 * A periodic task that can also be kicked: the Planner is kicked when health changes and the
 * Enactors when a new generation exists, so a change does not wait a whole interval at each hop.
 * Steps never overlap; a kick during a step runs the next one as soon as it has finished, a kick
 * while idle runs it at once; stop() lets the step in flight finish and schedules nothing more.
 *
 * The same state machine runs in production and in the simulator; only the timer differs (real
 * timers here, the simulated process's clock there), so the simulator explores the scheduling
 * `dnsplane up` runs.
 */
import type { ScheduledTask, Scheduler } from '../core/ports/scheduler.js';

/** Starts a one-shot timer of `delayMs` (monotonic) and returns its cancel. */
export type StartTimer = (delayMs: number, fire: () => void) => () => void;

/** Node's timers: monotonic, so a wall-clock step moves none of them. */
export const realTimer: StartTimer = (delayMs, fire) => {
  const timer = setTimeout(fire, delayMs);
  return () => clearTimeout(timer);
};

export class PeriodicTask implements ScheduledTask {
  private cancelTimer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private kicked = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly step: () => Promise<unknown>,
    private readonly onError: (name: string, error: unknown) => void,
    private readonly startTimer: StartTimer = realTimer,
    /** Runs after every step (the simulator forwards kicks between simulated processes). */
    private readonly afterStep: (name: string) => void = () => undefined,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Runs the step as soon as the one in flight (if any) has finished. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = this.startTimer(delayMs, () => this.runOnce());
  }

  private runOnce(): void {
    this.cancelTimer = null;
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        await this.step();
      } catch (error) {
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
export const timerScheduler: Scheduler = {
  every: (name, intervalMs, step, onError) => new PeriodicTask(name, intervalMs, step, onError),
};

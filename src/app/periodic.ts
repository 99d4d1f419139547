import type { ScheduledTask, Scheduler } from '../core/ports/scheduler.js';

/**
 * A periodic task on real timers that can also be kicked: the Planner is kicked when health
 * changes and the Enactors when a new generation exists, so a change does not wait a whole
 * interval at each hop. Steps never overlap; stop() lets the step in flight finish.
 */
export class PeriodicTask implements ScheduledTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private kicked = false;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly step: () => Promise<unknown>,
    private readonly onError: (name: string, error: unknown) => void,
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runOnce(), delayMs);
  }

  private runOnce(): void {
    this.timer = null;
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
      const again = this.kicked;
      this.kicked = false;
      this.schedule(again ? 0 : this.intervalMs);
    });
  }
}

/** The production Scheduler: real timers (Node's timers are monotonic: a wall-clock step moves none of them). */
export const timerScheduler: Scheduler = {
  every: (name, intervalMs, step, onError) => new PeriodicTask(name, intervalMs, step, onError),
};

/**
 * The Scheduler port on virtual time, with the semantics of the production one (app/periodic.ts,
 * `timerScheduler`): a task runs its step, then waits `intervalMs` (monotonic); steps never overlap;
 * a kick during a step runs the next step as soon as that one has finished, a kick while idle runs
 * it at once; stop() lets the step in flight finish and schedules nothing more.
 *
 * Timers are the process's clock sleeps (through its ProcessGate), so a crashed process's timers
 * never fire. A superseded timer (a kick came first) still sleeps but does nothing when it wakes:
 * virtual time has no clearTimeout, and a token is enough.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { ScheduledTask, Scheduler } from '../../core/ports/scheduler.js';

export class VirtualTask implements ScheduledTask {
  private running: Promise<void> | null = null;
  private kicked = false;
  private stopped = false;
  private timerToken = 0;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly step: () => Promise<unknown>,
    private readonly onError: (name: string, error: unknown) => void,
    private readonly afterStep: (name: string) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

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
    this.timerToken++;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const token = ++this.timerToken;
    void this.clock.sleepMs(delayMs).then(() => {
      if (token === this.timerToken) this.runOnce();
    });
  }

  private runOnce(): void {
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

/** A Scheduler for one simulated process; `afterStep` lets the world forward kicks between processes. */
export function virtualScheduler(clock: Clock, afterStep: (name: string) => void = () => {}): Scheduler {
  return { every: (name, intervalMs, step, onError) => new VirtualTask(name, clock, intervalMs, step, onError, afterStep) };
}

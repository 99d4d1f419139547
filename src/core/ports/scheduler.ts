/**
 * Scheduling, injected: the control plane's loops (health rounds, Planner and Enactor ticks,
 * Cleaner) are tasks on a Scheduler. Production runs them on real timers (app/periodic.ts); the
 * simulator on its virtual clock, with the same intervals and the same kick wiring, so it
 * explores the scheduling `dnsplane up` runs.
 */
export interface ScheduledTask {
  readonly name: string;
  start(): void;
  /** Runs the step as soon as the one in flight (if any) has finished, instead of waiting an interval. */
  kick(): void;
  /** Stops the loop; resolves when the step in flight (if any) has finished. */
  stop(): Promise<void>;
}

export interface Scheduler {
  /** A task that runs `step` every `intervalMs` (monotonic), never overlapping itself. `onError` gets what a step throws. */
  every(name: string, intervalMs: number, step: () => Promise<unknown>, onError: (name: string, error: unknown) => void): ScheduledTask;
}

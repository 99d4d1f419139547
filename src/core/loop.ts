/**
 * A periodic loop on an injected clock: run `step`, sleep `intervalMs`, repeat until stopped.
 * The same loop runs on the system clock in production and on virtual time in the simulator.
 */
import type { Clock } from './ports/clock.js';

export interface LoopHandle {
  stop(): void;
  /** Resolves when the step in flight (if any) has finished after stop(). */
  readonly done: Promise<void>;
}

export function runEvery(clock: Clock, intervalMs: number, step: () => Promise<unknown>, onError: (error: unknown) => void): LoopHandle {
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      try {
        await step();
      } catch (error) {
        onError(error);
      }
      if (stopped) break;
      await clock.sleepMs(intervalMs);
    }
  })();
  return { stop: () => { stopped = true; }, done };
}

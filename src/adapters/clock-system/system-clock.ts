/** The production Clock: wall time for timestamps, performance.now() for durations, real timers. */
import type { Clock } from '../../core/ports/clock.js';

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  sleepMs: (durationMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs))),
};

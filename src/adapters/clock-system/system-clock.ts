/** The production Clock: wall time and real timers. */
import type { Clock } from '../../core/ports/clock.js';

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleepMs: (durationMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs))),
};

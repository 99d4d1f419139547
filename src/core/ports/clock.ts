/**
 * Time, injected, in two kinds (ARCHITECTURE §7, "Time"):
 * - `monotonicMs()` never goes back and never jumps: every interval, timeout, window and schedule
 *   is measured on it. It has no meaning across processes (it restarts with the process).
 * - `nowMs()` is the wall clock: a timestamp for plans, events and operator controls only. It can
 *   step either way (NTP corrections, VM restores), and the core tolerates that: nothing is
 *   scheduled or bounded by it.
 * Production uses the system clocks and real timers (adapters/clock-system); the simulator uses a
 * virtual clock whose wall time it can step.
 */
export interface Clock {
  /** Wall time, ms since the epoch: a timestamp, never a duration. */
  nowMs(): number;
  /** Monotonic time in ms: durations, intervals, windows. */
  monotonicMs(): number;
  /** Resolves after `durationMs` of monotonic time. */
  sleepMs(durationMs: number): Promise<void>;
}

/**
 * Time, injected. Production uses the system clock and real timers (adapters/clock-system);
 * the simulator uses a virtual clock whose sleeps resolve from its event queue.
 */
export interface Clock {
  nowMs(): number;
  /** Resolves after `durationMs` of this clock's time. */
  sleepMs(durationMs: number): Promise<void>;
}

export const systemClock = {
    nowMs: () => Date.now(),
    monotonicMs: () => performance.now(),
    sleepMs: (durationMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs))),
};
//# sourceMappingURL=system-clock.js.map
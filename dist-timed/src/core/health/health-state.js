/** A load balancer starts healthy: a new fleet must not start empty while probes warm up. */
export function initialHealth(nowMs) {
    return { healthy: true, consecutiveSuccesses: 0, consecutiveFailures: 0, lastDetail: '', lastProbeAtMs: Number.NEGATIVE_INFINITY, changedAtMs: nowMs };
}
export function applyProbe(state, probeHealthy, detail, nowMs, thresholds) {
    const consecutiveSuccesses = probeHealthy ? state.consecutiveSuccesses + 1 : 0;
    const consecutiveFailures = probeHealthy ? 0 : state.consecutiveFailures + 1;
    let healthy = state.healthy;
    if (!healthy && consecutiveSuccesses >= thresholds.healthyThreshold)
        healthy = true;
    if (healthy && consecutiveFailures >= thresholds.unhealthyThreshold)
        healthy = false;
    return {
        healthy,
        consecutiveSuccesses,
        consecutiveFailures,
        lastDetail: detail,
        lastProbeAtMs: nowMs,
        changedAtMs: healthy === state.healthy ? state.changedAtMs : nowMs,
    };
}
//# sourceMappingURL=health-state.js.map
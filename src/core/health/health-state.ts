/**
 * Health of one load balancer from consecutive probe results, with thresholds: it takes
 * `unhealthyThreshold` consecutive failures to go unhealthy and `healthyThreshold` consecutive
 * successes to come back. Pure: the monitor feeds it results.
 */
export interface HealthThresholds {
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface LoadBalancerHealth {
  readonly healthy: boolean;
  readonly consecutiveSuccesses: number;
  readonly consecutiveFailures: number;
  readonly lastDetail: string;
  readonly lastProbeAtMs: number;
  readonly changedAtMs: number;
}

/** A load balancer starts healthy: a new fleet must not start empty while probes warm up. */
export function initialHealth(nowMs: number): LoadBalancerHealth {
  return { healthy: true, consecutiveSuccesses: 0, consecutiveFailures: 0, lastDetail: '', lastProbeAtMs: Number.NEGATIVE_INFINITY, changedAtMs: nowMs };
}

export function applyProbe(state: LoadBalancerHealth, probeHealthy: boolean, detail: string, nowMs: number, thresholds: HealthThresholds): LoadBalancerHealth {
  const consecutiveSuccesses = probeHealthy ? state.consecutiveSuccesses + 1 : 0;
  const consecutiveFailures = probeHealthy ? 0 : state.consecutiveFailures + 1;
  let healthy = state.healthy;
  if (!healthy && consecutiveSuccesses >= thresholds.healthyThreshold) healthy = true;
  if (healthy && consecutiveFailures >= thresholds.unhealthyThreshold) healthy = false;
  return {
    healthy,
    consecutiveSuccesses,
    consecutiveFailures,
    lastDetail: detail,
    lastProbeAtMs: nowMs,
    changedAtMs: healthy === state.healthy ? state.changedAtMs : nowMs,
  };
}

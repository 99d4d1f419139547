/**
 * Probes every checked load balancer when its interval is due and keeps its thresholded
 * health. The caller (app/ loop or simulator) calls `runDue()` often; the monitor decides what is
 * due from the injected clock, so it runs unchanged under virtual time.
 */
import type { LoadBalancerId } from '../model/ids.js';
import type { Clock } from '../ports/clock.js';
import type { EventSink } from '../ports/events.js';
import type { HealthView } from '../ports/health-view.js';
import type { ProbeTarget, Prober } from '../ports/prober.js';
import { applyProbe, initialHealth, type HealthThresholds, type LoadBalancerHealth } from './health-state.js';

export interface HealthSettings extends HealthThresholds {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export interface CheckedLoadBalancer {
  readonly id: LoadBalancerId;
  readonly target: ProbeTarget;
}

export class HealthMonitor {
  private readonly states = new Map<LoadBalancerId, LoadBalancerHealth>();

  constructor(
    private readonly checked: readonly CheckedLoadBalancer[],
    private readonly prober: Prober,
    private readonly clock: Clock,
    private readonly events: EventSink,
    private readonly settings: HealthSettings,
  ) {
    const now = clock.nowMs();
    for (const lb of checked) this.states.set(lb.id, initialHealth(now));
  }

  /** Probes, concurrently, every load balancer whose interval has elapsed. */
  async runDue(): Promise<number> {
    const now = this.clock.nowMs();
    const due = this.checked.filter((lb) => now - this.states.get(lb.id)!.lastProbeAtMs >= this.settings.intervalMs);
    await Promise.all(due.map((lb) => this.probeOne(lb, now)));
    return due.length;
  }

  private async probeOne(lb: CheckedLoadBalancer, startedAtMs: number): Promise<void> {
    // Mark the probe as started so an overlapping call does not probe it twice.
    this.states.set(lb.id, { ...this.states.get(lb.id)!, lastProbeAtMs: startedAtMs });
    const result = await this.prober.probe(lb.target, this.settings.timeoutMs);
    const before = this.states.get(lb.id)!;
    const after = applyProbe(before, result.healthy, result.detail, startedAtMs, this.settings);
    this.states.set(lb.id, after);
    if (after.healthy !== before.healthy) {
      this.events.record({
        atMs: this.clock.nowMs(), kind: 'health.transition', actor: 'health',
        reason: `${lb.id} is now ${after.healthy ? 'healthy' : 'unhealthy'}${result.detail ? ` (${result.detail})` : ''}`,
      });
    }
  }

  view(): HealthView {
    const view = new Map<LoadBalancerId, boolean>();
    for (const [id, state] of this.states) view.set(id, state.healthy);
    return view;
  }

  details(): ReadonlyMap<LoadBalancerId, LoadBalancerHealth> {
    return this.states;
  }
}

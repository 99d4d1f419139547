/**
 * The simulator's Prober: a probe takes simulated latency and reports the load balancer's ground
 * truth, which the scenario (or the random schedule) sets. Targets are `tcp://<load balancer id>:0`.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { ProbeResult, ProbeTarget, Prober } from '../../core/ports/prober.js';
import type { Random } from '../../core/ports/random.js';
import { drawLatencyMs, type LatencyModel } from './latency.js';

export class SimProber implements Prober {
  private readonly down = new Set<string>();

  constructor(private readonly clock: Clock, private readonly random: Random, private readonly latency: LatencyModel) {}

  setHealthy(loadBalancer: string, healthy: boolean): void {
    if (healthy) this.down.delete(loadBalancer);
    else this.down.add(loadBalancer);
  }

  isHealthy(loadBalancer: string): boolean {
    return !this.down.has(loadBalancer);
  }

  async probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
    const host = target.kind === 'tcp' ? target.host : target.url;
    const latencyMs = drawLatencyMs(this.latency, this.random);
    if (latencyMs >= timeoutMs) {
      await this.clock.sleepMs(timeoutMs);
      return { healthy: false, latencyMs: timeoutMs, detail: 'timeout' };
    }
    await this.clock.sleepMs(latencyMs);
    const healthy = !this.down.has(host);
    return { healthy, latencyMs, detail: healthy ? '' : 'connection refused' };
  }
}

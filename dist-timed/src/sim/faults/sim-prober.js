import { drawLatencyMs } from './latency.js';
export class SimProber {
    clock;
    random;
    latency;
    down = new Set();
    constructor(clock, random, latency) {
        this.clock = clock;
        this.random = random;
        this.latency = latency;
    }
    setHealthy(loadBalancer, healthy) {
        if (healthy)
            this.down.delete(loadBalancer);
        else
            this.down.add(loadBalancer);
    }
    isHealthy(loadBalancer) {
        return !this.down.has(loadBalancer);
    }
    async probe(target, timeoutMs) {
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
//# sourceMappingURL=sim-prober.js.map
/**
 * The probers as the health monitor uses them: checks from a loaded config, SystemProber, the
 * system clock, real local load balancers. Stopping one makes it unhealthy after
 * `unhealthyThreshold` probes; starting it again on the same port brings it back.
 */
import { describe, expect, it } from 'vitest';
import { SystemProber } from '../../../src/adapters/probe-system/system-prober.js';
import { systemClock } from '../../../src/adapters/clock-system/system-clock.js';
import { formatConfigIssues, parseConfigText } from '../../../src/app/config/index.js';
import { HealthMonitor } from '../../../src/core/health/health-monitor.js';
import type { DecisionEvent } from '../../../src/core/ports/events.js';
import { okHandler, startHttpServer, startTcpServer } from '../probe-support/probe-servers.js';
import { createServer } from 'node:http';

describe('HealthMonitor with the system probers', () => {
  it('turns a stopped HTTP load balancer unhealthy after the threshold and back after restart', async () => {
    const httpLb = await startHttpServer(okHandler);
    const tcpLb = await startTcpServer();
    let restarted: ReturnType<typeof createServer> | undefined;
    try {
      const yaml = `zone: example.test.
region: r1
loadBalancers:
  - { id: lb-http, az: az1, ipv4: 192.0.2.1, check: { http: "http://127.0.0.1:${httpLb.port}/health" } }
  - { id: lb-tcp, az: az1, ipv4: 192.0.2.2, check: { tcp: "127.0.0.1:${tcpLb.port}" } }
  - { id: lb-none, az: az1, ipv4: 192.0.2.3 }
endpoints: [{ name: api.example.test. }]
enactors: [e1]
health: { intervalMs: 50, timeoutMs: 40, unhealthyThreshold: 2, healthyThreshold: 2 }
`;
      const result = parseConfigText(yaml, 'monitor.yaml');
      if (!result.ok) throw new Error(formatConfigIssues(result.errors));
      const config = result.config;
      const events: DecisionEvent[] = [];
      const monitor = new HealthMonitor(config.checks, new SystemProber(), systemClock, { record: (e) => events.push(e) }, config.health);
      const runUntil = async (condition: () => boolean, roundsMax: number): Promise<number> => {
        for (let round = 1; round <= roundsMax; round++) {
          await monitor.runDue();
          if (condition()) return round;
          await systemClock.sleepMs(config.health.intervalMs);
        }
        throw new Error(`not reached in ${roundsMax} rounds; events: ${events.map((e) => e.reason).join('; ')}`);
      };
      const healthy = (id: string) => monitor.view().get(id as never);

      await runUntil(() => monitor.details().get('lb-http' as never)!.consecutiveSuccesses >= 2, 10);
      expect([healthy('lb-http'), healthy('lb-tcp'), healthy('lb-none')]).toEqual([true, true, undefined]);

      await httpLb.stop();
      await runUntil(() => healthy('lb-http') === false, 10);
      // Unhealthy on exactly the threshold-th failed probe, not before, not later.
      expect(monitor.details().get('lb-http' as never)!.consecutiveFailures).toBe(config.health.unhealthyThreshold);
      expect(healthy('lb-tcp')).toBe(true);
      expect(events.at(-1)?.reason).toBe('lb-http is now unhealthy (ECONNREFUSED)');

      restarted = createServer(okHandler);
      await new Promise<void>((resolve) => restarted!.listen(httpLb.port, '127.0.0.1', () => resolve()));
      await runUntil(() => healthy('lb-http') === true, 10);
      expect(events.at(-1)?.reason).toBe('lb-http is now healthy');
    } finally {
      await httpLb.stop().catch(() => undefined);
      await tcpLb.stop();
      if (restarted !== undefined) {
        restarted.closeAllConnections();
        await new Promise<void>((resolve) => restarted!.close(() => resolve()));
      }
    }
  });
});

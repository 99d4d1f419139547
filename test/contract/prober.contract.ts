/**
 * The Prober contract, one suite for every implementation (HTTP, TCP, and the dispatching
 * SystemProber). Against real local servers it pins down (src/core/ports/prober.ts):
 * - a live server is healthy, with an empty detail and a measured latency;
 * - a refused port is unhealthy with 'ECONNREFUSED';
 * - a server that hangs is unhealthy with 'timeout after N ms', and the probe returns within a
 *   bound of its timeout;
 * - a server answering "unhealthy" (HTTP 503) is unhealthy, where the protocol has such an answer;
 * - a server stopped mid-run turns unhealthy on the very next probe (no reused connection hides it);
 * - probe() never rejects.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeTarget, Prober } from '../../src/core/ports/prober.js';

export interface ProbeServer {
  readonly target: ProbeTarget;
  stop(): Promise<void>;
}

export interface ProberHarness {
  readonly prober: Prober;
  startHealthy(): Promise<ProbeServer>;
  /** A server that accepts the probe but never completes it. */
  startHanging(): Promise<ProbeServer>;
  /** A target on a port nothing listens on. */
  refusedTarget(): Promise<ProbeTarget>;
  /** A server that answers "I am unhealthy"; absent where the protocol cannot say so (TCP). */
  readonly startFailing?: () => Promise<{ server: ProbeServer; detail: string }>;
}

/** How late after its timeout a probe may return; generous for a loaded CI machine, tight enough to catch a missed deadline. */
const TIMEOUT_SLACK_MS = 400;

export function describeProberContract(name: string, makeHarness: () => ProberHarness): void {
  describe(`Prober contract: ${name}`, () => {
    const running: ProbeServer[] = [];
    const harness = makeHarness();
    const start = async (server: Promise<ProbeServer>): Promise<ProbeServer> => {
      const started = await server;
      running.push(started);
      return started;
    };

    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    });

    it('reports a live server healthy, with no detail and a measured latency', async () => {
      const server = await start(harness.startHealthy());
      const result = await harness.prober.probe(server.target, 1000);
      expect(result).toMatchObject({ healthy: true, detail: '' });
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.latencyMs).toBeLessThan(1000);
    });

    it('reports a refused port unhealthy with ECONNREFUSED', async () => {
      const target = await harness.refusedTarget();
      const result = await harness.prober.probe(target, 1000);
      expect(result).toMatchObject({ healthy: false, detail: 'ECONNREFUSED' });
    });

    it('gives up on a hanging server at its timeout, within a bound', async () => {
      const server = await start(harness.startHanging());
      const timeoutMs = 300;
      const startedAt = performance.now();
      const result = await harness.prober.probe(server.target, timeoutMs);
      const elapsedMs = performance.now() - startedAt;
      expect(result).toMatchObject({ healthy: false, detail: `timeout after ${timeoutMs} ms` });
      expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 5);
      expect(elapsedMs).toBeLessThan(timeoutMs + TIMEOUT_SLACK_MS);
      expect(result.latencyMs).toBeGreaterThanOrEqual(timeoutMs - 5);
    });

    it.runIf(harness.startFailing !== undefined)('reports a server that says it is unhealthy as unhealthy, with its answer', async () => {
      const { server, detail } = await harness.startFailing!();
      running.push(server);
      const result = await harness.prober.probe(server.target, 1000);
      expect(result).toMatchObject({ healthy: false, detail });
    });

    it('sees a server stopped mid-run on the next probe', async () => {
      const server = await start(harness.startHealthy());
      const before = await harness.prober.probe(server.target, 1000);
      expect(before.healthy).toBe(true);
      await server.stop();
      const after = await harness.prober.probe(server.target, 1000);
      expect(after).toMatchObject({ healthy: false, detail: 'ECONNREFUSED' });
    });

    it('probes many targets concurrently without mixing up their results', async () => {
      const live = await start(harness.startHealthy());
      const refused = await harness.refusedTarget();
      const targets = [live.target, refused, live.target, refused, live.target];
      const results = await Promise.all(targets.map((t) => harness.prober.probe(t, 1000)));
      expect(results.map((r) => r.healthy)).toEqual([true, false, true, false, true]);
    });
  });
}

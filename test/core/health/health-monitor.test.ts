/**
 * HealthMonitor under a manual clock with scripted probers (one per vantage point): thresholds per
 * vantage point, the quorum across them, and flap damping. The probers are test doubles of the
 * Prober port; the real probers are covered against real servers in test/adapters/probe-*.
 */
import { describe, expect, it } from 'vitest';
import { applyVerdict, initialDamped, type FlapSettings } from '../../../src/core/health/flap-damping.js';
import { HealthMonitor, type HealthSettings } from '../../../src/core/health/health-monitor.js';
import { loadBalancerId } from '../../../src/core/model/ids.js';
import type { ProbeResult, ProbeTarget, Prober } from '../../../src/core/ports/prober.js';
import { ManualClock, RecordingEvents } from '../../support/fleet.js';

/** Answers from a set of load balancers (by URL) that are "down" for this vantage point. */
class ScriptedProber implements Prober {
  readonly down = new Set<string>();
  cutOff = false;
  async probe(target: ProbeTarget): Promise<ProbeResult> {
    const key = target.kind === 'http' ? target.url : `${target.host}:${target.port}`;
    if (this.cutOff) return { healthy: false, latencyMs: 0, detail: 'ENETUNREACH' };
    return this.down.has(key) ? { healthy: false, latencyMs: 0, detail: 'ECONNREFUSED' } : { healthy: true, latencyMs: 0, detail: '' };
  }
}

const SETTINGS: HealthSettings = { intervalMs: 100, timeoutMs: 50, unhealthyThreshold: 2, healthyThreshold: 2, holdDownMs: 1000, flapTransitionsMax: 2 };
const LBS = ['lb-1', 'lb-2', 'lb-3'].map((id) => ({ id: loadBalancerId(id), target: { kind: 'http' as const, url: `http://${id}/health` } }));

function rig(zones: readonly string[], settings: HealthSettings = SETTINGS) {
  const clock = new ManualClock(0);
  const events = new RecordingEvents();
  const probers = zones.map((zone) => ({ zone, prober: new ScriptedProber() }));
  const monitor = new HealthMonitor(LBS, probers, clock, events, settings);
  const rounds = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      await monitor.runDue();
      clock.now += settings.intervalMs;
    }
  };
  const healthy = (id: string): boolean | undefined => monitor.view().get(loadBalancerId(id));
  return { clock, events, probers, monitor, rounds, healthy };
}

describe('vantage-point quorum', () => {
  it('one zone cut off (everything fails from there) condemns nothing', async () => {
    const r = rig(['az1', 'az2', 'az3']);
    r.probers[0]!.prober.cutOff = true;
    await r.rounds(10);
    expect(LBS.map((lb) => r.healthy(lb.id))).toEqual([true, true, true]);
    expect(r.monitor.details().get(loadBalancerId('lb-1'))!.vantagePoints['az1']!.healthy).toBe(false);
    expect(r.events.kinds()).not.toContain('health.transition');
  });

  it('health events carry wall time, not the monotonic clock (they were stamped 1970 in history)', async () => {
    const r = rig(['az1', 'az2', 'az3']);
    r.clock.stepWall(1_800_000_000_000);
    r.probers[0]!.prober.down.add('http://lb-2/health');
    r.probers[1]!.prober.down.add('http://lb-2/health');
    await r.rounds(3);
    const transition = r.events.events.find((e) => e.kind === 'health.transition');
    expect(transition?.atMs).toBeGreaterThanOrEqual(1_800_000_000_000);
    expect(transition?.atMs).toBeLessThanOrEqual(r.clock.nowMs());
  });

  it('a load balancer that a majority sees failing is unhealthy, with the votes in the reason', async () => {
    const r = rig(['az1', 'az2', 'az3']);
    r.probers[0]!.prober.down.add('http://lb-2/health');
    r.probers[1]!.prober.down.add('http://lb-2/health');
    await r.rounds(3);
    expect(r.healthy('lb-2')).toBe(false);
    expect(r.healthy('lb-1')).toBe(true);
    expect(r.events.events.at(-1)?.reason).toMatch(/^lb-2 is now unhealthy \(2\/3 vantage points unhealthy \(quorum 2\): az1 ECONNREFUSED; az2 ECONNREFUSED\)$/);
  });

  it('with a single prober the old wording and thresholds hold', async () => {
    const clock = new ManualClock(0);
    const events = new RecordingEvents();
    const prober = new ScriptedProber();
    const monitor = new HealthMonitor(LBS, prober, clock, events, SETTINGS);
    prober.down.add('http://lb-3/health');
    for (let i = 0; i < 2; i++) {
      await monitor.runDue();
      clock.now += 100;
    }
    expect(monitor.view().get(loadBalancerId('lb-3'))).toBe(false);
    expect(events.events.at(-1)?.reason).toBe('lb-3 is now unhealthy (ECONNREFUSED)');
  });
});

describe('flap damping', () => {
  const flap: FlapSettings = { holdDownMs: 1000, flapTransitionsMax: 2 };
  const cases: { name: string; verdicts: [number, boolean][]; published: boolean; held: boolean }[] = [
    { name: 'one outage and recovery: both published', verdicts: [[0, false], [500, true]], published: true, held: false },
    { name: 'third change within the hold-down: held at the published state', verdicts: [[0, false], [200, true], [400, false]], published: true, held: true },
    { name: 'changes spread wider than the hold-down are not flapping', verdicts: [[0, false], [1100, true], [2200, false]], published: false, held: false },
    { name: 'held, then stable for the hold-down: released to the verdict', verdicts: [[0, false], [200, true], [400, false], [1400, false]], published: false, held: false },
    { name: 'held, still changing: stays held', verdicts: [[0, false], [200, true], [400, false], [900, true], [1300, false], [1800, true]], published: true, held: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let state = initialDamped(-10_000);
      for (const [atMs, verdict] of c.verdicts) state = applyVerdict(state, verdict, atMs, flap).state;
      expect({ published: state.published, held: state.heldSinceMs !== null }).toEqual({ published: c.published, held: c.held });
    });
  }

  it('a load balancer alternating faster than the hold-down is held, visibly, and the published state stops moving', async () => {
    const r = rig(['az1'], { ...SETTINGS, quorum: 1 });
    const prober = r.probers[0]!.prober;
    const published: boolean[] = [];
    for (let cycle = 0; cycle < 12; cycle++) {
      if (cycle % 2 === 0) prober.down.add('http://lb-1/health');
      else prober.down.delete('http://lb-1/health');
      await r.rounds(2); // 200 ms per half-cycle: slower than the thresholds, faster than the 1000 ms hold-down
      published.push(r.healthy('lb-1')!);
    }
    const changes = published.filter((p, i) => i > 0 && p !== published[i - 1]).length;
    expect(changes).toBeLessThanOrEqual(2);
    expect(r.monitor.details().get(loadBalancerId('lb-1'))!.held).toBe(true);
    expect(r.events.kinds()).toContain('health.held');
    prober.down.delete('http://lb-1/health');
    await r.rounds(15);
    expect(r.monitor.details().get(loadBalancerId('lb-1'))!.held).toBe(false);
    expect(r.healthy('lb-1')).toBe(true);
    expect(r.events.kinds()).toContain('health.released');
  });
});

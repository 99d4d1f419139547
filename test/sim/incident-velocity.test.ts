/**
 * In the simulator, on the production configuration: the incident's fleet (12 load balancers in
 * 3 zones, the regional database name and its variants) with the incident's failure mode on the
 * health checks — checks failing and recovering for instances whose network state had not yet
 * arrived — drawn from a seed. With velocity control on, the served answers lose at most the
 * allowed capacity per window (the Velocity checker, held to the same limit, finds nothing); with
 * it off (by name), the same schedule removes more — so this test fails if velocity control breaks.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { DEFAULT_SAFETY_SETTINGS, type VelocitySettings } from '../../src/core/safety/safety-settings.js';
import { incidentDnsConfig } from '../../src/sim/scenarios/incident-dns.js';
import type { ScheduledAction, SimConfig } from '../../src/sim/world/config.js';
import { runSimulation } from '../../src/sim/world/run.js';

const SEEDS = [11, 12, 13];
const MINUTE = 60_000;
const RUN_MS = 30 * MINUTE;
const VELOCITY: VelocitySettings = { maxShare: 0.25, windowMs: 5 * MINUTE };
const VELOCITY_OFF_BY_NAME = null;

/** The incident's flapping checks: every load balancer's check fails and recovers at random, a third of the fleet at a time on average. */
function flappingChecks(seed: number, ids: readonly string[]): ScheduledAction[] {
  const r = new SeededRandom(seed);
  const actions: ScheduledAction[] = [];
  for (let t = 10_000; t < RUN_MS - 2 * MINUTE; t += 2_000 + Math.floor(r.nextFloat() * 20_000)) {
    for (const id of ids) {
      if (r.nextFloat() < 0.3) actions.push({ atMs: t, action: { kind: 'lb-health', loadBalancer: id, healthy: r.nextFloat() < 0.6 } });
    }
  }
  for (const id of ids) actions.push({ atMs: RUN_MS - 2 * MINUTE, action: { kind: 'lb-health', loadBalancer: id, healthy: true } });
  return actions;
}

function scenario(seed: number, velocity: VelocitySettings | null): SimConfig {
  const base = incidentDnsConfig({ protocol: 'fenced', seed, endMs: RUN_MS });
  const plane = base.controlPlane;
  return {
    ...base,
    actions: flappingChecks(seed, plane.fleet.loadBalancers.map((lb) => lb.id)),
    enactorSlowdowns: [],
    controlPlane: { ...plane, planner: { ...plane.planner, guards: { minCapacityShare: 0 } }, safety: { ...DEFAULT_SAFETY_SETTINGS, velocity } },
    livenessMs: 10 * MINUTE,
    recordTimeline: false,
  };
}

describe('the incident\'s flapping health checks with velocity control', () => {
  for (const seed of SEEDS) {
    it(`velocity on removes at most ${VELOCITY.maxShare * 100}% per window of served capacity; off, the same schedule removes more (--seed ${seed})`, async () => {
      const on = await runSimulation(scenario(seed, VELOCITY));
      expect(on.crashes, `--seed ${seed}`).toEqual([]);
      expect(on.violations.filter((v) => v.invariant === 'Velocity' || v.invariant === 'NeverEmpty'), `--seed ${seed}`).toEqual([]);
      expect(on.largestRemovedShare).toBeLessThanOrEqual(VELOCITY.maxShare + 1e-9);
      const off = await runSimulation(scenario(seed, VELOCITY_OFF_BY_NAME));
      expect(off.largestRemovedShare, `--seed ${seed}: without velocity control the checks remove more`).toBeGreaterThan(VELOCITY.maxShare);
    }, 60_000);
  }
});

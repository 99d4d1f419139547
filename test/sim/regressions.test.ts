import { describe, expect, it } from 'vitest';
import { REGRESSION_SCENARIOS } from '../../src/sim/scenarios/regressions.js';
import { runSimulation } from '../../src/sim/world/run.js';

describe('regression scenarios (each a finding; production config, fenced protocol)', () => {
  for (const scenario of REGRESSION_SCENARIOS) {
    it(`${scenario.name}: ${scenario.finding} — no more`, async () => {
      const result = await runSimulation(scenario.config(1));
      const reproduce = `dnsplane sim run --scenario ${scenario.name}`;
      expect(result.violations.map((v) => `${v.invariant} ${v.detail}`), reproduce).toEqual([]);
      expect(result.crashes, reproduce).toEqual([]);
      expect(result.converged, reproduce).toBe(true);
      expect(scenario.expect?.(result) ?? null, reproduce).toBeNull();
    }, 60_000);
  }

  it('the same scenario and seed give the same trace', async () => {
    const scenario = REGRESSION_SCENARIOS.find((s) => s.name === 'restore-with-provider-down')!;
    const [a, b] = [await runSimulation(scenario.config(3)), await runSimulation(scenario.config(3))];
    expect(b.traceHash).toBe(a.traceHash);
  });
});

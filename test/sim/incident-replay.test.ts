import { describe, expect, it } from 'vitest';
import { DOWNSTREAM_MITIGATIONS } from '../../src/sim/cascade/cascade-model.js';
import { INCIDENT_DEFAULT_SEED, replayIncident } from '../../src/sim/scenarios/incident-replay.js';
import { pdt } from '../../src/sim/scenarios/incident-time.js';

const MINUTE = 60_000;
const PUBLISHED_ORDER: [string, string][] = [
  ['dns', 'regional database name answers empty'],
  ['lease-manager', 'state checks fail; host leases time out one by one'],
  ['dns', 'answers again (repaired)'],
  ['lease-manager', 'congestive collapse: re-establishment times out and is re-queued'],
  ['database', 'reachable again (cached empty answers expired)'],
  ['operators', 'work throttled, lease-manager hosts restarted (queues cleared)'],
  ['lease-manager', 'all leases re-established'],
  ['load-balancers', 'connection errors begin (targets without network state)'],
  ['network', 'latency high: new instances start without network'],
  ['load-balancers', 'health checks flap, checker overloads; automatic zone failover removes capacity'],
  ['operators', 'automatic failover disabled'],
  ['network', 'back to normal'],
  ['operators', 'throttles relaxed'],
  ['operators', 'automatic failover re-enabled'],
];

describe('incident-2025-10-20 replay', () => {
  it('legacy, no mitigations: empty answer about 23:48, stuck until the repair, cascade in the published order, windows within ±25%', async () => {
    const r = await replayIncident({ protocol: 'legacy', mitigations: new Set(), seed: INCIDENT_DEFAULT_SEED });
    const firstEmpty = r.violations.find((v) => v.invariant === 'NeverEmpty' && v.endpoint.startsWith('dynamodb.'));
    expect(firstEmpty, 'the regional name must go empty').toBeDefined();
    expect(Math.abs(firstEmpty!.atMs - pdt('23:48'))).toBeLessThanOrEqual(5 * MINUTE);
    // Empty from the race until the manual repair at 02:25.
    const regional = r.dnsTimeline.filter((o) => o.endpoint === 'dynamodb.us-east-1.example.test.');
    const repairedAt = regional.find((o) => o.atMs > firstEmpty!.atMs && o.addressCount > 0)?.atMs;
    expect(repairedAt).toBe(pdt('02:25', 1));
    // No Enactor made progress on it in between: no write between the empty answer and the repair.
    expect(regional.filter((o) => o.atMs > firstEmpty!.atMs && o.atMs < repairedAt!)).toEqual([]);
    const order = r.phases.map((p) => `${p.component}|${p.event}`);
    const expected = PUBLISHED_ORDER.map(([c, e]) => `${c}|${e}`);
    expect(order.filter((k) => expected.includes(k))).toEqual(expected);
    for (const w of r.published) expect(Math.abs(w.deviation), `${w.component}: ${w.simulatedMs} vs ${w.publishedMs}`).toBeLessThanOrEqual(0.25);
  });

  it('fenced, all mitigations: no violation, never empty, nothing happens downstream', async () => {
    const r = await replayIncident({ protocol: 'fenced', mitigations: new Set(DOWNSTREAM_MITIGATIONS), seed: INCIDENT_DEFAULT_SEED });
    expect(r.violations).toEqual([]);
    expect(r.emptyAnswerMs).toBe(0);
    expect(r.converged).toBe(true);
    expect(r.phases).toEqual([]);
    expect(r.impactMs).toEqual({ database: 0, compute: 0, loadBalancers: 0 });
  });

  it('the fenced protocol holds under the same conditions for other seeds too', async () => {
    for (const seed of [1, 3, 5]) {
      const r = await replayIncident({ protocol: 'fenced', mitigations: new Set(), seed });
      expect(r.violations, `--seed ${seed}`).toEqual([]);
      expect(r.emptyAnswerMs).toBe(0);
    }
  });
});

/**
 * The dashboard's alarm list from a status report (a pure function): one named case per alarm the
 * page must raise, including those the Chromium test cannot provoke on a healthy demo (fail-open,
 * a malformed fence, the store unavailable, a halted control plane, an empty name).
 */
import { describe, expect, it } from 'vitest';
import { alarmsOf, type AlarmKind } from '../../src/api/dashboard/alarms.js';
import type { StatusReport } from '../../src/app/status.js';
import type { Generation } from '../../src/core/model/ids.js';
import { DEFAULT_SAFETY_SETTINGS } from '../../src/core/safety/safety-settings.js';

const NAME = 'api.us-east-1.example.test.';

const HEALTHY: StatusReport = {
  zone: 'example.test.', region: 'us-east-1',
  store: { latestGeneration: 3, latestCreatedAtMs: 1_700_000_000_000 },
  planner: { lastTick: null, guardDecisions: [] },
  endpoints: [{ name: NAME, providers: { embedded: { generation: 3, by: 'use1-az1', addresses: ['192.0.2.11'] } } }],
  sync: [{ provider: 'embedded', reachable: true, downSinceMs: null, synced: 1, endpoints: 1 }],
  providers: [{ provider: 'embedded', reachable: true, lastOkAtMs: 1_700_000_000_000, downSinceMs: null, lastError: '' }],
  enactors: [], loadBalancers: [],
  safety: { settings: DEFAULT_SAFETY_SETTINGS, vantagePoints: [], quorum: 1, held: [], controls: [], routing: [] },
  alarms: [], controlPlaneHalted: null, events: [],
};

const CASES: readonly { name: string; report: StatusReport; statusError?: string; kinds: readonly AlarmKind[] }[] = [
  { name: 'healthy: no alarm', report: HEALTHY, kinds: [] },
  {
    name: 'fail-open on a name',
    report: { ...HEALTHY, planner: { lastTick: null, guardDecisions: [{ endpoint: NAME, guard: 'fail-open', reason: '3 of 4 unhealthy at once' }] } },
    kinds: ['fail-open'],
  },
  {
    name: 'a malformed fence',
    report: { ...HEALTHY, endpoints: [{ name: NAME, providers: { embedded: { generation: 0, by: '', addresses: ['192.0.2.11'], error: 'malformed fence: "gen=x"' } } }] },
    kinds: ['malformed-fence'],
  },
  {
    name: 'a provider down, with since when',
    report: { ...HEALTHY, providers: [{ provider: 'bind', reachable: false, lastOkAtMs: null, downSinceMs: 1_700_000_000_000, lastError: 'timeout' }] },
    kinds: ['provider-down'],
  },
  { name: 'the store unavailable', report: { ...HEALTHY, store: { latestGeneration: null, latestCreatedAtMs: null, error: 'did not answer within 500 ms' } }, kinds: ['store-unavailable'] },
  { name: 'the control plane halted', report: { ...HEALTHY, controlPlaneHalted: 'planner: broken invariant' }, kinds: ['halted'] },
  {
    name: 'the Planner on standby (another holds the lease), a warning',
    report: { ...HEALTHY, planner: { lastTick: { kind: 'standby', message: 'planner lease is held by planner@elsewhere' }, guardDecisions: [] } },
    kinds: ['planner'],
  },
  { name: 'the Planner refused its plan', report: { ...HEALTHY, planner: { lastTick: { kind: 'refused', message: 'plan would empty a name' }, guardDecisions: [] } }, kinds: ['planner'] },
  { name: 'a plan created or unchanged: no alarm', report: { ...HEALTHY, planner: { lastTick: { kind: 'unchanged', generation: 3 as Generation }, guardDecisions: [] } }, kinds: [] },
  {
    name: 'a freeze (a warning, after the critical ones)',
    report: {
      ...HEALTHY,
      store: { latestGeneration: null, latestCreatedAtMs: null, error: 'locked' },
      safety: { ...HEALTHY.safety, controls: [{ id: 'c1', kind: 'freeze', target: '*', reason: 'incident', by: 'alice', createdAtMs: 1_700_000_000_000, expiresAtMs: null }] },
    },
    kinds: ['store-unavailable', 'frozen'],
  },
  {
    name: "Enactors' alarms: a foreign fence and an empty name are critical, a refused write a warning",
    report: {
      ...HEALTHY,
      alarms: [
        { provider: 'embedded', endpoint: NAME, kind: 'refused', detail: 'frozen', by: 'use1-az1' },
        { provider: 'embedded', endpoint: NAME, kind: 'foreign-fence', detail: 'gen=99999999999999999', by: 'use1-az1' },
        { provider: 'embedded', endpoint: NAME, kind: 'empty', detail: 'no address', by: 'status' },
      ],
    },
    kinds: ['foreign-fence', 'empty', 'enactor'],
  },
  { name: 'a status that is not current', report: HEALTHY, statusError: 'no answer within 1500 ms', kinds: ['status-stale'] },
];

describe('dashboard alarms', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      expect(alarmsOf(testCase.report, testCase.statusError ?? null).map((a) => a.kind)).toEqual(testCase.kinds);
    });
  }

  it('no report read yet: only the reason', () => {
    expect(alarmsOf(null, 'no answer within 1500 ms')).toEqual([expect.objectContaining({ kind: 'status-stale', severity: 'warning' })]);
  });
});

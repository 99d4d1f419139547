/**
 * The Planner's served baseline remembered name by name (ServedBaselineMemo) gives, after any run
 * of calls, what a fresh computation gives. Stored endpoints and live readings are drawn from
 * pools of objects made once, as the store and the providers hand the same object back for a name
 * nothing changed; a step keeps or replaces each name's stored endpoint and each provider's
 * reading (addresses of the fleet, an address no load balancer has, nothing served, the name
 * absent), and sometimes a provider is missing from the readings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetSpec } from '../../src/core/model/fleet.js';
import { endpointName, generation, loadBalancerId, providerId } from '../../src/core/model/ids.js';
import { canonicalEndpoint, planContentDigest, planFromCanonical, type EndpointPlan, type Plan } from '../../src/core/model/plan.js';
import { materialiseWeighted } from '../../src/core/model/served.js';
import type { LiveEndpoint } from '../../src/core/ports/dns-provider.js';
import { addressOwners, servedBaseline, ServedBaselineMemo, type ServedReading } from '../../src/core/planner/served-baseline.js';
import { endpoint, lb } from '../support/fleet.js';
import { configureProperties } from './fc-settings.js';

configureProperties();

const LBS = [lb('lb-1', 'az1', '192.0.2.1'), lb('lb-2', 'az1', '192.0.2.2'), lb('lb-3', 'az2', '192.0.2.3'), lb('lb-4', 'az2', '192.0.2.4')];
const NAMES = ['a.example.test.', 'b.example.test.', 'c.example.test.', 'd.example.test.', 'e.example.test.'];
const FLEET: FleetSpec = { loadBalancers: LBS, endpoints: NAMES.map((name) => endpoint(name)) };
const OWNERS = addressOwners(FLEET);
const PROVIDERS = [providerId('one'), providerId('two')].map((id) => ({ id, materialise: materialiseWeighted }));
/** Address subsets by load balancer index; the last is an address no load balancer has. */
const SUBSETS: readonly (readonly number[])[] = [[0, 1], [0, 1, 2, 3], [2], [], [1, 9]];

function addressOf(index: number): string {
  return index === 9 ? '198.51.100.9' : LBS[index]!.ipv4!;
}

const STORED: readonly (readonly EndpointPlan[])[] = NAMES.map((name) => SUBSETS.slice(0, 3).map((subset) => canonicalEndpoint({
  name: endpointName(name), ttlSeconds: 30, answersMax: 8,
  addresses: subset.map((i) => ({ loadBalancer: loadBalancerId(LBS[i]!.id), family: 'A' as const, address: addressOf(i), weight: LBS[i]!.capacity })),
})));

const LIVE: readonly (readonly LiveEndpoint[])[] = NAMES.map((name) => SUBSETS.map((subset) => ({
  name: endpointName(name), ttlSeconds: subset.length === 0 ? null : 30, fenceRaw: null, fence: null,
  addresses: subset.map((i) => ({ family: 'A' as const, address: addressOf(i), weight: 1 })),
})));

interface Step {
  /** Per name: index into STORED, or -1 for no stored endpoint. */
  readonly stored: readonly number[];
  /** Per provider, per name: index into LIVE, or -1 for a name the read did not return. */
  readonly live: readonly (readonly number[])[];
  readonly providers: 1 | 2;
  readonly storeEmpty: boolean;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  stored: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: NAMES.length, maxLength: NAMES.length }),
  live: fc.array(fc.array(fc.integer({ min: -1, max: SUBSETS.length - 1 }), { minLength: NAMES.length, maxLength: NAMES.length }), { minLength: 2, maxLength: 2 }),
  providers: fc.constantFrom<1 | 2>(1, 2, 2),
  storeEmpty: fc.boolean(),
});

function planOf(step: Step, n: number): Plan | null {
  if (step.storeEmpty) return null;
  const endpoints = NAMES.flatMap((_, i) => (step.stored[i]! < 0 ? [] : [STORED[i]![step.stored[i]!]!]));
  return planFromCanonical({ generation: generation(n), createdAtMs: n, endpoints, digest: planContentDigest(endpoints), note: `step ${n}` });
}

function readingsOf(step: Step): ServedReading[] {
  return PROVIDERS.slice(0, step.providers).map((provider, p) => ({
    provider,
    view: new Map(NAMES.flatMap((name, i) => (step.live[p]![i]! < 0 ? [] : [[name, LIVE[i]![step.live[p]![i]!]!] as const]))),
  }));
}

describe('ServedBaselineMemo', () => {
  it('gives what a fresh servedBaseline gives, after any run of calls over shared objects', () => {
    fc.assert(fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 10 }), (steps) => {
      const memo = new ServedBaselineMemo();
      steps.forEach((step, n) => {
        const args = { latest: planOf(step, n + 1), fleet: FLEET, readings: readingsOf(step), owners: OWNERS, nowMs: 1000 + n };
        expect(memo.baseline(args)).toEqual(servedBaseline(args));
      });
    }), { numRuns: 400 });
  });
});

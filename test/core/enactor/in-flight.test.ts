/** transactionsInFlightMax: an Enactor keeps up to that many batches in flight, and still converges. */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { Enactor } from '../../../src/core/enactor/enactor.js';
import { endpointName, enactorId, generation, loadBalancerId, providerId, type EndpointName } from '../../../src/core/model/ids.js';
import { makePlan } from '../../../src/core/model/plan.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint, ServedContent } from '../../../src/core/ports/dns-provider.js';
import { NO_WRITE_GUARDS_FOR_TESTS } from '../../../src/core/enactor/plan-guards.js';
import { writePlanDirectly } from '../../support/core-rig.js';
import type { Result } from '../../../src/core/ports/result.js';
import { ManualClock, RecordingEvents } from '../../support/fleet.js';

/** The memory provider, with each transaction taking a few macrotask turns, counting how many overlap. */
class OverlapCounting implements DnsProvider {
  readonly id = providerId('overlap');
  readonly writesPerTransactionMax = 5;
  inFlight = 0;
  inFlightPeak = 0;
  calls = 0;
  readonly transactionsInFlightMax?: number;
  constructor(private readonly inner: MemoryDnsProvider, inFlightMax: number | undefined) {
    if (inFlightMax !== undefined) this.transactionsInFlightMax = inFlightMax;
  }
  materialise(records: EndpointRecords): ServedContent {
    return this.inner.materialise(records);
  }
  readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    return this.inner.readEndpoints(names);
  }
  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    this.calls++;
    this.inFlight++;
    this.inFlightPeak = Math.max(this.inFlightPeak, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.inFlight--;
    return this.inner.applyFenced(writes);
  }
}

async function run(transactionsInFlightMax: number | undefined): Promise<OverlapCounting> {
  const names = Array.from({ length: 42 }, (_, i) => endpointName(`e${i}.example.test.`));
  const store = new MemoryPlanStore();
  await writePlanDirectly(store, makePlan({
    generation: generation(1), createdAtMs: 0, note: 'in flight',
    endpoints: names.map((name) => ({ name, ttlSeconds: 5, answersMax: 8, addresses: [{ loadBalancer: loadBalancerId('lb'), family: 'A' as const, address: '192.0.2.1', weight: 1 }] })),
  }));
  const inner = new MemoryDnsProvider(providerId('overlap'), 5);
  const provider = new OverlapCounting(inner, transactionsInFlightMax);
  const enactor = new Enactor({
    id: enactorId('az1'), store, providers: [provider], clock: new ManualClock(), random: new SeededRandom(1), events: new RecordingEvents(),
    settings: { enactAttemptsMax: 3, backoffBaseMs: 1, backoffMaxMs: 10, reconcileIntervalMs: 60_000 }, guards: () => NO_WRITE_GUARDS_FOR_TESTS, adopt: () => false,
  });
  expect(await enactor.tick()).toEqual({ kind: 'done', generation: 1, converged: true });
  const live = await inner.readEndpoints(names);
  expect(live.ok && live.value.every((e) => e.fence?.generation === 1)).toBe(true);
  return provider;
}

describe('Enactor: transactions in flight', () => {
  it('one at a time when the provider does not say otherwise', async () => {
    const provider = await run(undefined);
    expect(provider.calls).toBe(9);
    expect(provider.inFlightPeak).toBe(1);
  });
  it('up to transactionsInFlightMax at once', async () => {
    const provider = await run(3);
    expect(provider.calls).toBe(9);
    expect(provider.inFlightPeak).toBe(3);
  });
});

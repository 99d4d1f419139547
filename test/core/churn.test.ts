/**
 * Issue 2, acceptance 4: three Enactors under continuous plan churn with random delays
 * (in-process, seeded). The live generation per endpoint never decreases, no endpoint is ever
 * empty, the Cleaner deletes old generations all along, and all Enactors converge to the newest plan.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { systemClock } from '../../src/adapters/clock-system/system-clock.js';
import { MemoryPlanStore } from '../../src/adapters/store-memory/memory-plan-store.js';
import { Cleaner } from '../../src/core/cleaner/cleaner.js';
import { Enactor } from '../../src/core/enactor/enactor.js';
import { fenceGeneration } from '../../src/core/model/fence.js';
import type { FleetSpec } from '../../src/core/model/fleet.js';
import { enactorId, loadBalancerId, providerId, type EndpointName, type LoadBalancerId } from '../../src/core/model/ids.js';
import { Planner } from '../../src/core/planner/planner.js';
import type { ApplyOutcome, DnsProvider, FencedWrite } from '../../src/core/ports/dns-provider.js';
import type { Result } from '../../src/core/ports/result.js';
import { TEST_CLEANER_SETTINGS, TEST_PLANNER_SETTINGS } from '../support/core-rig.js';
import { endpoint, lb, RecordingEvents } from '../support/fleet.js';

const SEEDS = [1, 2, 3, 4, 5];

function churnFleet(): FleetSpec {
  const loadBalancers = Array.from({ length: 12 }, (_, i) => lb(`lb-${i}`, `az${i % 3}`, `198.51.100.${i + 1}`, { capacity: 1 + (i % 4) }));
  const endpoints = [
    endpoint('api.region.example.test.'),
    ...[0, 1, 2].map((z) => endpoint(`api.az${z}.example.test.`, { az: `az${z}` })),
    ...Array.from({ length: 12 }, (_, i) => endpoint(`cell${i}.example.test.`, { ids: [loadBalancerId(`lb-${i}`), loadBalancerId(`lb-${(i + 5) % 12}`)] })),
  ];
  return { loadBalancers, endpoints };
}

/** Wraps the provider: seeded random delays before each call, and invariant checks after each write. */
class ObservedProvider implements DnsProvider {
  readonly id = providerId('memory');
  readonly writesPerTransactionMax: number;
  readonly highest = new Map<string, number>();
  readonly violations: string[] = [];

  constructor(private readonly inner: MemoryDnsProvider, private readonly random: SeededRandom) {
    this.writesPerTransactionMax = inner.writesPerTransactionMax;
  }

  async readEndpoints(names: readonly EndpointName[]) {
    await this.delay();
    return this.inner.readEndpoints(names);
  }

  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    await this.delay();
    const result = await this.inner.applyFenced(writes);
    for (const write of writes) this.check(write.endpoint);
    return result;
  }

  private check(name: EndpointName): void {
    const state = this.inner.state(name);
    const g = fenceGeneration(state?.fence ?? null);
    if (g < (this.highest.get(name) ?? 0)) this.violations.push(`NoRegression: ${name} went from ${this.highest.get(name)} to ${g}`);
    this.highest.set(name, Math.max(g, this.highest.get(name) ?? 0));
    if (state?.records && state.records.addresses.length === 0) this.violations.push(`NeverEmpty: ${name} has no address`);
  }

  private delay(): Promise<void> {
    // Mostly short, sometimes long: a long tail is what lets a slow Enactor fall behind.
    const ms = this.random.nextFloat() < 0.1 ? 5 + Math.floor(this.random.nextFloat() * 20) : Math.floor(this.random.nextFloat() * 3);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

describe('three Enactors under plan churn', () => {
  for (const seed of SEEDS) {
    it(`never regress, never empty, and converge (--seed ${seed})`, async () => {
      const random = new SeededRandom(seed);
      const fleet = churnFleet();
      const store = new MemoryPlanStore();
      const inner = new MemoryDnsProvider(providerId('memory'), 1 + (seed % 4));
      const provider = new ObservedProvider(inner, random.fork());
      const events = new RecordingEvents();
      const unhealthy = new Set<LoadBalancerId>();
      const planner = new Planner({
        fleet, store, providers: [provider], clock: systemClock, events,
        health: () => new Map([...unhealthy].map((id) => [id, false])), settings: TEST_PLANNER_SETTINGS,
      });
      const enactors = ['use1-az1', 'use1-az2', 'use1-az4'].map((id) => new Enactor({
        id: enactorId(id), store, providers: [provider], clock: systemClock, random: random.fork(), events,
        settings: { enactAttemptsMax: 4, backoffBaseMs: 1, backoffMaxMs: 8, reconcileIntervalMs: 0 },
      }));
      const cleaner = new Cleaner({ store, providers: [provider], endpoints: fleet.endpoints.map((e) => e.name), clock: systemClock, events, settings: TEST_CLEANER_SETTINGS });

      let churning = true;
      const churn = (async () => {
        for (let round = 0; round < 40; round++) {
          const victim = loadBalancerId(`lb-${Math.floor(random.nextFloat() * 12)}`);
          if (unhealthy.has(victim)) unhealthy.delete(victim);
          else unhealthy.add(victim);
          await planner.tick();
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random.nextFloat() * 6)));
        }
        churning = false;
      })();
      const enactorLoops = enactors.map(async (enactor) => {
        while (churning) {
          await enactor.tick();
          await new Promise((resolve) => setTimeout(resolve, 1)); // as the real loop sleeps between ticks
        }
      });
      const cleanerLoop = (async () => {
        while (churning) {
          await cleaner.tick();
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
      })();
      await Promise.all([churn, ...enactorLoops, cleanerLoop]);

      // Liveness: with churn over, every Enactor's next ticks converge on the newest plan.
      for (let i = 0; i < 5; i++) for (const enactor of enactors) await enactor.tick();
      const latest = await store.latest();
      expect(latest.ok && latest.value !== null).toBe(true);
      if (!latest.ok || latest.value === null) return;
      const newest = latest.value;
      expect(provider.violations, `--seed ${seed}`).toEqual([]);
      for (const planned of newest.endpoints) {
        const state = inner.state(planned.name)!;
        expect(state.fence?.generation, `${planned.name} --seed ${seed}`).toBe(newest.generation);
        expect(state.records?.addresses).toEqual(planned.addresses);
      }
      expect(newest.generation).toBeGreaterThan(20);
      expect(events.events.filter((e) => e.kind === 'clean.deleted').length).toBeGreaterThan(0);
    });
  }
});

/**
 * Three Enactors under continuous plan churn with random delays
 * (in-process, seeded), built by the one assembly; fences are read back through their text form. The live generation per endpoint never decreases, no endpoint is ever
 * empty, the Cleaner deletes old generations all along, and all Enactors converge to the newest plan.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { systemClock } from '../../src/adapters/clock-system/system-clock.js';
import { MemoryPlanStore } from '../../src/adapters/store-memory/memory-plan-store.js';
import { ControlPlaneAssembly } from '../../src/app/assembly.js';
import { fenceGeneration } from '../../src/core/model/fence.js';
import type { FleetSpec } from '../../src/core/model/fleet.js';
import { enactorId, loadBalancerId, providerId, type EndpointName, type LoadBalancerId } from '../../src/core/model/ids.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite } from '../../src/core/ports/dns-provider.js';
import type { Result } from '../../src/core/ports/result.js';
import { TestControls, testSettings } from '../support/core-rig.js';
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

  materialise(records: EndpointRecords) {
    return this.inner.materialise(records);
  }

  async readEndpoints(names: readonly EndpointName[]) {
    await this.delay();
    return this.inner.readEndpoints(names);
  }

  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    await this.delay();
    const result = await this.inner.applyFenced(writes);
    for (const write of writes) await this.check(write.endpoint);
    return result;
  }

  /** Reads back through the fence's text form, as a resolver would see it. */
  private async check(name: EndpointName): Promise<void> {
    const read = await this.inner.readEndpoints([name]);
    if (!read.ok) return;
    const live = read.value[0]!;
    const g = fenceGeneration(live.fence);
    if (g < (this.highest.get(name) ?? 0)) this.violations.push(`NoRegression: ${name} went from ${this.highest.get(name)} to ${g}`);
    this.highest.set(name, Math.max(g, this.highest.get(name) ?? 0));
    if (live.fenceRaw !== null && live.addresses.length === 0) this.violations.push(`NeverEmpty: ${name} has no address`);
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
      const store = new MemoryPlanStore({ clock: systemClock });
      const inner = new MemoryDnsProvider(providerId('memory'), 1 + (seed % 4));
      const provider = new ObservedProvider(inner, random.fork());
      const events = new RecordingEvents();
      const unhealthy = new Set<LoadBalancerId>();
      const controls = new TestControls();
      const assembly = new ControlPlaneAssembly(testSettings(fleet, {
        enactor: { enactAttemptsMax: 4, backoffBaseMs: 1, backoffMaxMs: 8, reconcileIntervalMs: 0, intervalMs: 1 },
      }));
      const health = { view: () => new Map([...unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
      const planner = assembly.planner({ holder: 'planner', clock: systemClock, events, store, providers: [provider], health, controls });
      const enactors = ['use1-az1', 'use1-az2', 'use1-az4'].map((id) => assembly.enactor(enactorId(id), { clock: systemClock, random: random.fork(), events, store, providers: [provider], controls }));
      const cleaner = assembly.cleaner({ clock: systemClock, events, store, providers: [provider] });

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
        const read = await inner.readEndpoints([planned.name]);
        const live = read.ok ? read.value[0]! : null;
        expect(live?.fence?.generation, `${planned.name} --seed ${seed}`).toBe(newest.generation);
        expect(live?.addresses.map((a) => a.address)).toEqual(planned.addresses.map((a) => a.address));
      }
      expect(newest.generation).toBeGreaterThan(20);
      expect(events.events.filter((e) => e.kind === 'clean.deleted').length).toBeGreaterThan(0);
    });
  }
});

/**
 * The production Enactor writing through the RFC 2136 provider to one server, with the server's
 * answers read back by `dig` (an independent client): the cases issue 4 lists beyond the contract.
 * Every loop is bounded.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock-system/system-clock.js';
import type { Rfc2136Provider } from '../../../src/adapters/dns-rfc2136/rfc2136-provider.js';
import { SeededRandom } from '../../../src/adapters/random-seeded/seeded-random.js';
import { MemoryPlanStore } from '../../../src/adapters/store-memory/memory-plan-store.js';
import { Enactor, type EnactorSettings } from '../../../src/core/enactor/enactor.js';
import { NO_WRITE_GUARDS_FOR_TESTS } from '../../../src/core/enactor/plan-guards.js';
import { formatFence, rawOfFence } from '../../../src/core/model/fence.js';
import { endpointName, enactorId, generation, loadBalancerId, type EndpointName } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint, ServedContent } from '../../../src/core/ports/dns-provider.js';
import type { Result } from '../../../src/core/ports/result.js';
import { tsigKey } from '../../../src/dns-wire/index.js';
import { FOREIGN_SPELLINGS, fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';
import { RecordingEvents } from '../../support/fleet.js';
import { digAddresses, digTxt, nsupdate, providerFor, setFenceRawByHand, type ServerUnderTest } from './harness.js';

const SETTINGS: EnactorSettings = { enactAttemptsMax: 4, backoffBaseMs: 20, backoffMaxMs: 300, reconcileIntervalMs: 60_000 };
const TICKS_MAX = 40;

let namespace = 0;
function names(count: number, zone: string): EndpointName[] {
  const tag = `e${process.pid}-${Date.now() % 100000}-${++namespace}`;
  return Array.from({ length: count }, (_, i) => endpointName(`ep${i}.${tag}.${zone}`));
}

/** Generation g serves 192.0.2.g and 198.51.100.g (two addresses, never empty). */
function planAt(g: number, endpoints: readonly EndpointName[]): Plan {
  const addresses = [`192.0.2.${g}`, `198.51.100.${g}`].map((address, i) => ({ loadBalancer: loadBalancerId(`lb-${i}`), family: 'A' as const, address, weight: 1 }));
  return makePlan({
    generation: generation(g), createdAtMs: 0, note: `test generation ${g}`,
    endpoints: endpoints.map((name) => ({ name, ttlSeconds: 5, answersMax: 8, addresses })),
  });
}

/** Write guards off (these cases are about the protocol, not the capacity guards), no adoption. */
function enactorOn(id: string, store: MemoryPlanStore, providers: readonly DnsProvider[], events: RecordingEvents, seed: number): Enactor {
  return new Enactor({
    id: enactorId(id), store, providers, clock: systemClock, random: new SeededRandom(seed), events, settings: SETTINGS,
    guards: () => NO_WRITE_GUARDS_FOR_TESTS, adopt: () => false,
  });
}

/** Creates a plan as the one Planner these cases pretend to be. */
async function publish(store: MemoryPlanStore, plan: Plan): Promise<boolean> {
  const lease = await store.acquireLease('test-planner', 3_600_000);
  if (!lease.ok) return false;
  return (await store.create(plan, lease.value.token)).ok;
}

async function tickUntilConverged(enactor: Enactor): Promise<boolean> {
  for (let tick = 0; tick < TICKS_MAX; tick++) {
    const result = await enactor.tick();
    if (result.kind === 'done' && result.converged) return true;
    await systemClock.sleepMs(100);
  }
  return false;
}

async function liveGenerations(provider: DnsProvider, endpoints: readonly EndpointName[]): Promise<number[]> {
  const live = await provider.readEndpoints(endpoints);
  if (!live.ok) throw new Error(live.message);
  return live.value.map((e) => e.fence?.generation ?? 0);
}

function generationOfTxt(texts: readonly string[]): number {
  const match = /gen=(\d+)/.exec(texts[0] ?? '');
  return match ? Number(match[1]) : 0;
}

/** Counts calls, so a test can prove a failure was not retried. */
class CountingProvider implements DnsProvider {
  applyCalls = 0;
  constructor(private readonly inner: Rfc2136Provider) {}
  get id() { return this.inner.id; }
  get writesPerTransactionMax() { return this.inner.writesPerTransactionMax; }
  readEndpoints(endpoints: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> { return this.inner.readEndpoints(endpoints); }
  materialise(records: EndpointRecords): ServedContent { return this.inner.materialise(records); }
  applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    this.applyCalls++;
    return this.inner.applyFenced(writes);
  }
}

export function describeEnactorCases(label: string, sut: () => ServerUnderTest): void {
  describe(`Enactors writing to ${label}`, () => {
    it('two Enactors racing over six generations: no regression, never empty (checked with dig), converged', async () => {
      const server = sut();
      const endpoints = names(120, server.zone);
      const watched = [endpoints[0]!, endpoints[77]!];
      const store = new MemoryPlanStore();
      const events = new RecordingEvents();
      const providers = [providerFor(server, { writesPerTransactionMax: 15 }), providerFor(server, { writesPerTransactionMax: 15 })];
      const enactors = [enactorOn('az1', store, [providers[0]!], events, 1), enactorOn('az2', store, [providers[1]!], events, 2)];
      expect(await publish(store, planAt(1, endpoints))).toBe(true);
      await Promise.all(enactors.map(tickUntilConverged));

      let racing = true;
      const seen = new Map<string, number[]>();
      const empties: string[] = [];
      const watcher = (async () => {
        for (let poll = 0; poll < 400 && racing; poll++) {
          for (const name of watched) {
            const [addresses, fence] = await Promise.all([digAddresses(server, name, 'A'), digTxt(server, `_dnsplane.${name}`)]);
            if (addresses.length === 0) empties.push(name);
            seen.set(name, [...(seen.get(name) ?? []), generationOfTxt(fence)]);
          }
        }
      })();
      const planner = (async () => {
        for (let g = 2; g <= 6; g++) {
          expect(await publish(store, planAt(g, endpoints))).toBe(true);
          await systemClock.sleepMs(60);
        }
      })();
      const runners = enactors.map(async (enactor) => {
        for (let tick = 0; tick < TICKS_MAX; tick++) {
          const result = await enactor.tick();
          if (result.kind === 'done' && result.converged && result.generation === 6) return true;
          await systemClock.sleepMs(20);
        }
        return false;
      });
      await planner;
      const converged = await Promise.all(runners);
      racing = false;
      await watcher;
      for (const provider of providers) provider.close();

      expect(converged).toEqual([true, true]);
      expect(empties).toEqual([]);
      for (const [name, generations] of seen) {
        for (let i = 1; i < generations.length; i++) expect(generations[i]!, `${name} went from ${generations[i - 1]} to ${generations[i]}`).toBeGreaterThanOrEqual(generations[i - 1]!);
      }
      const check = providerFor(server);
      expect(new Set(await liveGenerations(check, endpoints))).toEqual(new Set([6]));
      check.close();
      for (const name of watched) expect(await digAddresses(server, name, 'A')).toEqual(['192.0.2.6', '198.51.100.6']);
    });

    it('a stale writer (old generation, prerequisite on an older fence) is refused by the server; dig still sees the newer records', async () => {
      const server = sut();
      const [name] = names(1, server.zone);
      const provider = providerFor(server);
      const write = (expected: number | null, next: number, address: string): FencedWrite => ({
        endpoint: name!, expectedFence: expected === null ? null : rawOfFence(fenceAt(expected)), newFence: fenceAt(next), records: recordsOf([address]),
      });
      expect(await provider.applyFenced([write(null, 1, '192.0.2.1')])).toEqual({ ok: true, value: { kind: 'applied' } });
      expect(await provider.applyFenced([write(1, 5, '192.0.2.5')])).toEqual({ ok: true, value: { kind: 'applied' } });
      const stale = await provider.applyFenced([write(1, 3, '192.0.2.3')]);
      provider.close();
      expect(stale.ok && stale.value.kind).toBe('conflict');
      expect(await digAddresses(server, name!, 'A')).toEqual(['192.0.2.5']);
      expect(await digTxt(server, `_dnsplane.${name!}`)).toEqual([formatFence(fenceAt(5))]);
    });

    it('a fence set by hand to a higher generation is not overwritten backwards, and is reported', async () => {
      const server = sut();
      const endpoints = names(3, server.zone);
      const store = new MemoryPlanStore();
      const events = new RecordingEvents();
      const provider = providerFor(server);
      const enactor = enactorOn('az1', store, [provider], events, 3);
      expect(await publish(store, planAt(2, endpoints))).toBe(true);
      expect(await tickUntilConverged(enactor)).toBe(true);
      const handFence = formatFence({ ...fenceAt(99), by: 'operator' });
      const hand = await nsupdate(server, [`update delete _dnsplane.${endpoints[1]!} TXT`, `update add _dnsplane.${endpoints[1]!} 5 TXT "${handFence}"`]);
      expect(hand.code, hand.output).toBe(0);
      expect(await publish(store, planAt(3, endpoints))).toBe(true);
      await enactor.tick();
      provider.close();
      expect(await digTxt(server, `_dnsplane.${endpoints[1]!}`)).toEqual([handFence]);
      expect(await digAddresses(server, endpoints[1]!, 'A')).toEqual(['192.0.2.2', '198.51.100.2']);
      expect(await digAddresses(server, endpoints[0]!, 'A')).toEqual(['192.0.2.3', '198.51.100.3']);
      const reported = events.events.filter((e) => e.kind === 'enact.skipped-newer');
      expect(reported.length).toBeGreaterThanOrEqual(1);
      expect(enactor.status().providers[provider.id]!.skippedNewer).toBe(1);
    });

    it('fences another tool spelt differently (gen=07, a value split in two strings) are replaced by the next generation in one tick, without a conflict', async () => {
      const server = sut();
      const endpoints = names(FOREIGN_SPELLINGS.length, server.zone);
      for (const [i, [, raw]] of FOREIGN_SPELLINGS.entries()) await setFenceRawByHand(server, endpoints[i]!, raw);
      const store = new MemoryPlanStore();
      const events = new RecordingEvents();
      const provider = providerFor(server);
      const enactor = enactorOn('az1', store, [provider], events, 6);
      expect(await publish(store, planAt(8, endpoints))).toBe(true);
      const result = await enactor.tick();
      provider.close();
      expect(result.kind === 'done' && result.converged, enactor.status().providers[provider.id]?.lastError).toBe(true);
      expect(events.kinds()).not.toContain('enact.conflict');
      for (const name of endpoints) {
        expect(generationOfTxt(await digTxt(server, `_dnsplane.${name}`))).toBe(8);
        expect(await digAddresses(server, name, 'A')).toEqual(['192.0.2.8', '198.51.100.8']);
      }
    });

    it('a wrong TSIG secret or key name is a clear configuration error, not retried, that never shows the secret', async () => {
      const server = sut();
      const endpoints = names(2, server.zone);
      const wrongSecret = Buffer.from('not-the-right-secret-0123456789ab').toString('base64');
      const keys = [
        tsigKey(server.tsig.name, server.tsig.algorithm, wrongSecret),
        tsigKey('no-such-key', server.tsig.algorithm, server.tsig.secretBase64),
      ];
      for (const key of keys) {
        const counting = new CountingProvider(providerFor(server, { key }));
        const store = new MemoryPlanStore();
        const events = new RecordingEvents();
        const enactor = enactorOn('az1', store, [counting], events, 4);
        expect(await publish(store, planAt(1, endpoints))).toBe(true);
        const result = await enactor.tick();
        expect(result.kind === 'done' && result.converged).toBe(false);
        expect(counting.applyCalls).toBe(1);
        const lastError = enactor.status().providers[counting.id]!.lastError;
        expect(lastError).toMatch(/^config: /);
        expect(lastError).toContain(key.name.replace(/\.$/, ''));
        for (const text of [lastError, ...events.events.map((e) => e.reason)]) {
          expect(text).not.toContain(wrongSecret);
          expect(text).not.toContain(server.tsig.secretBase64);
        }
        expect(await digTxt(server, `_dnsplane.${endpoints[0]!}`)).toEqual([]);
      }
    });

    it('the server restarted mid-apply: the Enactor resumes and converges', async (context) => {
      const server = sut();
      if (server.real === undefined) return context.skip();
      const endpoints = names(500, server.zone);
      const store = new MemoryPlanStore();
      const events = new RecordingEvents();
      const provider = providerFor(server, { writesPerTransactionMax: 5, timeoutMs: 1000, inFlightMax: 1 });
      const enactor = enactorOn('az1', store, [provider], events, 5);
      expect(await publish(store, planAt(7, endpoints))).toBe(true);
      const firstTick = enactor.tick();
      for (let wait = 0; wait < 200 && !events.kinds().includes('enact.applied'); wait++) await systemClock.sleepMs(10);
      await server.real.stop();
      await server.real.start();
      await firstTick;
      // The restart landed mid-apply: some batches failed (connection refused or closed) ...
      expect(events.kinds()).toContain('enact.applied');
      expect(events.kinds()).toContain('enact.error');
      expect(await tickUntilConverged(enactor)).toBe(true);
      expect(new Set(await liveGenerations(provider, endpoints))).toEqual(new Set([7]));
      provider.close();
      for (const name of [endpoints[0]!, endpoints[499]!]) expect(await digAddresses(server, name, 'A')).toEqual(['192.0.2.7', '198.51.100.7']);
    }, 60_000);
  });
}

export function describeBulkCases(label: string, sut: () => ServerUnderTest): void {
  describe(`bulk writes and AXFR reads on ${label}`, () => {
    it('applies 15 batches of 100 endpoints pipelined on one connection, and reads them back by AXFR exactly as queries see them', async () => {
      const server = sut();
      const endpoints = names(1500, server.zone);
      const provider = providerFor(server, { writesPerTransactionMax: 100, inFlightMax: 4 });
      const batches = Array.from({ length: 15 }, (_, b) => endpoints.slice(b * 100, b * 100 + 100).map((endpoint, i): FencedWrite => ({
        endpoint, expectedFence: null, newFence: fenceAt(3), records: recordsOf([`10.${b}.${i >> 8}.${i & 255}`, '192.0.2.200'], ['2001:db8::3']),
      })));
      const outcomes = await Promise.all(batches.map((batch) => provider.applyFenced(batch)));
      expect(outcomes.every((o) => o.ok && o.value.kind === 'applied'), JSON.stringify(outcomes.find((o) => !(o.ok && o.value.kind === 'applied')))).toBe(true);
      const byTransfer = providerFor(server, { reads: 'axfr' });
      const byQuery = providerFor(server, { reads: 'query' });
      const all = await byTransfer.readEndpoints(endpoints);
      expect(all.ok ? 'ok' : all.message).toBe('ok');
      if (!all.ok) return;
      expect(all.value.map((e) => e.fence?.generation)).toEqual(endpoints.map(() => 3));
      const sample = [0, 1, 733, 1499].map((i) => endpoints[i]!);
      const queried = await byQuery.readEndpoints(sample);
      const normalise = (live: readonly LiveEndpoint[]) => live.map((e) => ({ ...e, addresses: [...e.addresses].sort((x, y) => (x.address < y.address ? -1 : 1)) }));
      expect(queried.ok && normalise(queried.value)).toEqual(normalise(all.value.filter((e) => sample.includes(e.name))));
      expect(all.value[733]!.addresses).toHaveLength(3);
      for (const p of [provider, byTransfer, byQuery]) p.close();
    }, 60_000);

    it('a transfer with a wrong key fails without falling back silently in axfr mode, and auto mode falls back to queries', async () => {
      const server = sut();
      const endpoints = names(70, server.zone);
      const wrong = tsigKey(server.tsig.name, server.tsig.algorithm, Buffer.from('wrong-secret-for-the-transfer-000').toString('base64'));
      const strict = providerFor(server, { key: wrong, reads: 'axfr' });
      const read = await strict.readEndpoints(endpoints);
      expect(read.ok).toBe(false);
      const auto = providerFor(server, { key: wrong, reads: 'auto' });
      const fallback = await auto.readEndpoints(endpoints);
      expect(fallback.ok && fallback.value.length).toBe(70);
      strict.close();
      auto.close();
    });
  });
}

/**
 * Issue 2: deleting any stored generation, even wrongly, cannot change a DNS answer — on the
 * real parts: the SQLite store, the embedded server, answers read with dig.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock-system/system-clock.js';
import { EmbeddedDnsProvider } from '../../src/adapters/dns-embedded/embedded-dns-provider.js';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { SqlitePlanStore } from '../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { Cleaner } from '../../src/core/cleaner/cleaner.js';
import { enactorId, loadBalancerId, providerId, type LoadBalancerId } from '../../src/core/model/ids.js';
import { startEmbeddedDns, type EmbeddedDns } from '../../src/dns-server/server.js';
import { ControlPlaneAssembly } from '../../src/app/assembly.js';
import { TestControls, testSettings } from '../support/core-rig.js';
import { dig } from '../support/dnsplane-process.js';
import { RecordingEvents, smallFleet } from '../support/fleet.js';

describe('the Cleaner cannot change an answer (SQLite store, embedded server, dig)', () => {
  let dir: string;
  let dns: EmbeddedDns;
  let store: SqlitePlanStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-cleaner-'));
    dns = await startEmbeddedDns({ origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 }, dataDir: join(dir, 'zone'), tsigKeys: [], random: new SeededRandom(7) });
    const opened = await SqlitePlanStore.open({ path: join(dir, 'plans.db') });
    if (!opened.ok) throw new Error(opened.message);
    store = opened.value;
  });
  afterAll(async () => {
    store.close();
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes every stored generation, wrongly, and no answer changes', async () => {
    const fleet = smallFleet();
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const events = new RecordingEvents();
    const unhealthy = new Set<LoadBalancerId>();
    const assembly = new ControlPlaneAssembly(testSettings(fleet));
    const controls = new TestControls();
    const health = { view: () => new Map([...unhealthy].map((id) => [id, false] as const)), unhealthySinceMs: () => undefined };
    const planner = assembly.planner({ holder: 'planner', clock: systemClock, events, store, providers: [provider], health, controls });
    const enactors = ['az1', 'az2'].map((id, i) => assembly.enactor(enactorId(id), { clock: systemClock, random: new SeededRandom(i), events, store, providers: [provider], controls }));
    for (const id of ['lb-a1', 'lb-b2']) {
      unhealthy.add(loadBalancerId(id));
      await planner.tick();
      for (const enactor of enactors) await enactor.tick();
    }
    const server = { host: '127.0.0.1', port: dns.port };
    const names = fleet.endpoints.map((e) => e.name);
    const answersOf = async (): Promise<string[][]> => Promise.all(names.flatMap((n) => [dig(server, n, 'A'), dig(server, `_dnsplane.${n}`, 'TXT')]));
    const before = await answersOf();
    expect(before[0]).toEqual(['192.0.2.12', '192.0.2.21']);

    const listed = await store.list();
    expect(listed.ok && listed.value.length).toBe(2);
    for (const g of listed.ok ? listed.value : []) expect((await store.delete(g.generation)).ok).toBe(true);
    // Everything keeps running on an empty store: Enactors, the Cleaner, the Planner.
    for (const enactor of enactors) await enactor.tick();
    await new Cleaner({ store, providers: [provider], endpoints: names, clock: systemClock, events, settings: { generationsRetainedMin: 0, retentionMs: 0, deletionsPerTickMax: 100 } }).tick();
    expect(await answersOf()).toEqual(before);
  });
});

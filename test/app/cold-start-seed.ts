/**
 * The seeding half of cold-start.test.ts, in its own process:
 *
 *   vite-node test/app/cold-start-seed.ts DATA_DIR ENDPOINTS PER_ENDPOINT ENACTOR HOLDER
 *
 * The Planner's plan computation and an Enactor of the one assembly write a plan of the synthetic
 * fleet into the SQLite plan store (DATA_DIR/plans.db) and the embedded DNS zone (DATA_DIR/zone), which are then closed,
 * as a stopped `dnsplane up` leaves them. The Planner lease stays with HOLDER for an hour. Prints one
 * JSON line: the generation, and the first, a middle and the last endpoint with their A addresses.
 */
import { join } from 'node:path';
import { syntheticFleet } from '../../bench/fleet.js';
import { systemClock } from '../../src/adapters/clock-system/system-clock.js';
import { EmbeddedDnsProvider } from '../../src/adapters/dns-embedded/embedded-dns-provider.js';
import { systemRandom } from '../../src/adapters/random-system/system-random.js';
import { SqlitePlanStore } from '../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { ControlPlaneAssembly } from '../../src/app/assembly.js';
import { enactorId, generation, providerId } from '../../src/core/model/ids.js';
import { planFromCanonical } from '../../src/core/model/plan.js';
import { PlanComputer } from '../../src/core/planner/compute-plan.js';
import { startEmbeddedDns } from '../../src/dns-server/server.js';

const [dataDir, endpointsText, perEndpointText, enactorName, holder] = process.argv.slice(2);
if (dataDir === undefined || holder === undefined || enactorName === undefined) throw new Error('usage: cold-start-seed.ts DATA_DIR ENDPOINTS PER_ENDPOINT ENACTOR HOLDER');
const LEASE_TTL_MS = 3_600_000;

const startedMs = performance.now();
const fleet = syntheticFleet(Number(endpointsText), Number(perEndpointText));
const store = await SqlitePlanStore.open({ path: join(dataDir, 'plans.db') });
if (!store.ok) throw new Error(store.message);
const dns = await startEmbeddedDns({ origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 }, dataDir: join(dataDir, 'zone'), tsigKeys: [], random: systemRandom, workers: 0 });
const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
const events = { record: (): void => undefined };
const assembly = new ControlPlaneAssembly({
  fleet, checks: [], enactors: [enactorId(enactorName)], health: { intervalMs: 1000, timeoutMs: 500, healthyThreshold: 1, unhealthyThreshold: 1 },
  planner: { guards: { minCapacityShare: 0 }, liveFenceCheckIntervalMs: 3_600_000, createAttemptsMax: 3, leaseTtlMs: LEASE_TTL_MS, intervalMs: 1000 },
  enactor: { enactAttemptsMax: 3, backoffBaseMs: 10, backoffMaxMs: 100, reconcileIntervalMs: 3_600_000, intervalMs: 250 },
  cleaner: { generationsRetainedMin: 10, retentionMs: 600_000, deletionsPerTickMax: 1000, intervalMs: 60_000 },
  safety: { panicThreshold: 1, velocity: null, minZones: 1, zoneUnhealthyShare: 1 },
});
// The plan is computed as the Planner computes it and stored under the seed's lease; the
// Planner's own tick (fence reads of every endpoint, the velocity follower) is left out: at
// 100,000 endpoints it doubled the seeding time, and it is not what this test is about.
const controls = { current: () => [], refresh: async () => undefined };
const lease = await store.value.acquireLease(holder, LEASE_TTL_MS);
if (!lease.ok) throw new Error(lease.message);
const computed = new PlanComputer(fleet, { minCapacityShare: 0 }).compute(new Map(), null);
const created = await store.value.create(planFromCanonical({ generation: generation(1), createdAtMs: Date.now(), endpoints: computed.endpoints, digest: computed.digest, note: 'cold-start seed' }), lease.value.token);
if (!created.ok) throw new Error(created.message);
const enactor = assembly.enactor(enactorId(enactorName), { clock: systemClock, random: systemRandom, events, store: store.value, providers: [provider], controls });
const applied = await enactor.tick();
if (applied.kind !== 'done' || !applied.converged) throw new Error(`the seeding Enactor did not converge: ${JSON.stringify(applied)}`);
const latest = await store.value.latest();
if (!latest.ok || latest.value === null) throw new Error('the seeding Planner created no plan');
const plan = latest.value;
store.value.close();
await dns.close();
const picks = [0, Math.floor(plan.endpoints.length / 2), plan.endpoints.length - 1].map((i) => plan.endpoints[i]!);
console.log(JSON.stringify({
  generation: plan.generation,
  endpoints: plan.endpoints.length,
  probes: picks.map((e) => ({ name: e.name, answersMax: e.answersMax, addresses: e.addresses.filter((a) => a.family === 'A').map((a) => a.address) })),
  seedMs: Math.round(performance.now() - startedMs),
}));

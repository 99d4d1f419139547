/**
 * A separate process using SqlitePlanStore, driven by the tests in this folder (run with vite-node).
 *
 *   race  <db> <client> <rounds>   prints "ready", waits for "go" on stdin, then tries to create
 *                                   generations 1..rounds, printing one JSON line per attempt.
 *                                   Every racer is the same Planner ('race' holds the lease), so
 *                                   the race is on the generation alone.
 *   churn <db>                     creates generations 1, 2, 3, ... until killed, printing
 *                                   "accepted <generation> <digest>" only after create returned ok.
 *   burst <db>                     like churn, but issues 8 creates at a time without waiting
 *                                   (they share group commits), printing "accepted <g> <digest>"
 *                                   as each one's own answer arrives.
 *   lease <db> <holder> <ttlMs>    a Planner driven line by line: "acquire" takes the lease,
 *                                   "create <generation>" writes with the token last granted;
 *                                   each prints one JSON line with the outcome.
 *   planner <db> <holder> <ttlMs> <rounds>
 *                                   prints "ready", waits for "go", then `rounds` times: takes the
 *                                   lease (asking again while it is held), pauses for up to twice
 *                                   the ttl (a GC pause, a slow tick), and creates the generation
 *                                   above the high-water mark with note "<holder> <token>".
 *   events <db>                    records events until killed, printing "flushed <count>" after
 *                                   each successful flush of a batch of 50.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteEventLog } from '../../../src/adapters/store-sqlite/sqlite-event-log.js';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { endpointName, generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';

const CHURN_GENERATIONS_MAX = 100_000;
/** The churn child's lease; short, so that a test can take over soon after killing it. */
const CHILD_LEASE_TTL_MS = 500;
const LEASE_ASKS_MAX = 10_000;

function planFor(g: number, client: string, endpointCount: number): Plan {
  const endpoints = Array.from({ length: endpointCount }, (_, i) => ({
    name: endpointName(`e${i}.${client}.child.example.test.`),
    ttlSeconds: 5,
    answersMax: 8,
    addresses: Array.from({ length: 8 }, (_, k) => ({ loadBalancer: loadBalancerId(`lb-${k}`), family: 'A' as const, address: `192.0.2.${k + 1}`, weight: 1 + ((g + i + k) % 50) })),
  }));
  return makePlan({ generation: generation(g), createdAtMs: Date.now(), endpoints, note: client });
}

async function openStore(path: string): Promise<SqlitePlanStore> {
  const opened = await SqlitePlanStore.open({ path, busyWaitMs: 10_000 });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  return opened.value;
}

async function waitForGo(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'go') break;
  lines.close();
}

async function tokenOf(store: SqlitePlanStore, holder: string, ttlMs: number): Promise<number> {
  for (let ask = 1; ask <= LEASE_ASKS_MAX; ask++) {
    const lease = await store.acquireLease(holder, ttlMs);
    if (lease.ok) return lease.value.token;
    if (lease.code !== 'held') throw new Error(`lease: ${lease.code} ${lease.message}`);
    await sleep(1 + Math.random() * 5);
  }
  throw new Error(`lease not granted to ${holder} after ${LEASE_ASKS_MAX} asks`);
}

async function race(path: string, client: string, rounds: number): Promise<void> {
  const store = await openStore(path);
  const token = await tokenOf(store, 'race', 60_000);
  console.log('ready');
  await waitForGo();
  for (let g = 1; g <= rounds; g++) {
    const result = await store.create(planFor(g, client, 20), token);
    console.log(JSON.stringify({ generation: g, outcome: result.ok ? 'ok' : result.code }));
  }
  store.close();
}

async function churn(path: string): Promise<void> {
  const store = await openStore(path);
  const token = await tokenOf(store, 'churn', CHILD_LEASE_TTL_MS);
  for (let g = 1; g <= CHURN_GENERATIONS_MAX; g++) {
    const plan = planFor(g, 'churn', 500);
    // Nobody takes over while the churn runs, so the first token stays the newest.
    const result = await store.create(plan, token);
    if (!result.ok) throw new Error(`create ${g}: ${result.code} ${result.message}`);
    console.log(`accepted ${g} ${plan.digest}`);
  }
}

const BURST_CREATES = 8;

async function burst(path: string): Promise<void> {
  const store = await openStore(path);
  const token = await tokenOf(store, 'churn', CHILD_LEASE_TTL_MS);
  for (let first = 1; first <= CHURN_GENERATIONS_MAX; first += BURST_CREATES) {
    const creates = Array.from({ length: BURST_CREATES }, async (_, k) => {
      const plan = planFor(first + k, 'burst', 200);
      const result = await store.create(plan, token);
      if (!result.ok) throw new Error(`create ${plan.generation}: ${result.code} ${result.message}`);
      console.log(`accepted ${plan.generation} ${plan.digest}`);
    });
    await Promise.all(creates);
  }
}

async function lease(path: string, holder: string, ttlMs: number): Promise<void> {
  const store = await openStore(path);
  let token = 0;
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, argument] = line.trim().split(' ');
    if (command === 'acquire') {
      const granted = await store.acquireLease(holder, ttlMs);
      if (granted.ok) token = granted.value.token;
      console.log(JSON.stringify(granted.ok ? { outcome: 'ok', token } : { outcome: granted.code, message: granted.message }));
    } else if (command === 'create' && argument !== undefined) {
      const created = await store.create(planFor(Number(argument), holder, 5), token);
      console.log(JSON.stringify({ generation: Number(argument), token, outcome: created.ok ? 'ok' : created.code }));
    } else if (command === 'exit') {
      break;
    }
  }
  lines.close();
  store.close();
}

async function planner(path: string, holder: string, ttlMs: number, rounds: number): Promise<void> {
  const store = await openStore(path);
  console.log('ready');
  await waitForGo();
  for (let round = 1; round <= rounds; round++) {
    const token = await tokenOf(store, holder, ttlMs);
    await sleep(Math.random() * 2 * ttlMs);
    const highWater = await store.highWater();
    if (!highWater.ok) throw new Error(`highWater: ${highWater.code} ${highWater.message}`);
    const g = highWater.value + 1;
    const plan = { ...planFor(g, holder, 5), note: `${holder} ${token}` };
    const created = await store.create(plan, token);
    console.log(JSON.stringify({ round, token, generation: g, outcome: created.ok ? 'ok' : created.code }));
  }
  store.close();
}

async function events(path: string): Promise<void> {
  const opened = await SqliteEventLog.open({ path, flushIntervalMs: 60_000 });
  if (!opened.ok) throw new Error(`open: ${opened.message}`);
  const log = opened.value;
  for (let batch = 1; batch <= CHURN_GENERATIONS_MAX; batch++) {
    for (let i = 0; i < 50; i++) log.record({ atMs: Date.now(), kind: 'enact.applied', actor: 'child', reason: `batch ${batch} event ${i}` });
    const flushed = await log.flush();
    if (!flushed.ok) throw new Error(`flush: ${flushed.message}`);
    console.log(`flushed ${batch * 50}`);
  }
}

const [mode, path, client, ttlOrRounds, rounds] = process.argv.slice(2);
if (mode === 'race' && path && client && ttlOrRounds) await race(path, client, Number(ttlOrRounds));
else if (mode === 'churn' && path) await churn(path);
else if (mode === 'burst' && path) await burst(path);
else if (mode === 'lease' && path && client && ttlOrRounds) await lease(path, client, Number(ttlOrRounds));
else if (mode === 'planner' && path && client && ttlOrRounds && rounds) await planner(path, client, Number(ttlOrRounds), Number(rounds));
else if (mode === 'events' && path) await events(path);
else throw new Error(`usage: race <db> <client> <rounds> | churn <db> | burst <db> | lease <db> <holder> <ttlMs> | planner <db> <holder> <ttlMs> <rounds> | events <db>; got ${process.argv.slice(2).join(' ')}`);

/**
 * A separate process using SqlitePlanStore, driven by the tests in this folder (run with vite-node).
 *
 *   race  <db> <client> <rounds>   prints "ready", waits for "go" on stdin, then tries to create
 *                                   generations 1..rounds, printing one JSON line per attempt.
 *   churn <db>                     creates generations 1, 2, 3, ... until killed, printing
 *                                   "accepted <generation> <digest>" only after create returned ok.
 *   events <db>                    records events until killed, printing "flushed <count>" after
 *                                   each successful flush of a batch of 50.
 */
import { createInterface } from 'node:readline';
import { SqliteEventLog } from '../../../src/adapters/store-sqlite/sqlite-event-log.js';
import { SqlitePlanStore } from '../../../src/adapters/store-sqlite/sqlite-plan-store.js';
import { endpointName, generation, loadBalancerId } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';

const CHURN_GENERATIONS_MAX = 100_000;

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

async function race(path: string, client: string, rounds: number): Promise<void> {
  const store = await openStore(path);
  console.log('ready');
  await waitForGo();
  for (let g = 1; g <= rounds; g++) {
    const result = await store.create(planFor(g, client, 20));
    console.log(JSON.stringify({ generation: g, outcome: result.ok ? 'ok' : result.code }));
  }
  store.close();
}

async function churn(path: string): Promise<void> {
  const store = await openStore(path);
  for (let g = 1; g <= CHURN_GENERATIONS_MAX; g++) {
    const plan = planFor(g, 'churn', 500);
    const result = await store.create(plan);
    if (!result.ok) throw new Error(`create ${g}: ${result.code} ${result.message}`);
    console.log(`accepted ${g} ${plan.digest}`);
  }
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

const [mode, path, client, rounds] = process.argv.slice(2);
if (mode === 'race' && path && client && rounds) await race(path, client, Number(rounds));
else if (mode === 'churn' && path) await churn(path);
else if (mode === 'events' && path) await events(path);
else throw new Error(`usage: race <db> <client> <rounds> | churn <db> | events <db>; got ${process.argv.slice(2).join(' ')}`);

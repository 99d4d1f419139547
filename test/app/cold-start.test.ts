/**
 * Issue 12 acceptance: a cold start at 100,000 endpoints serves DNS from persisted state before
 * the Planner runs.
 *
 * The persisted state is made by the real parts in a seeding process: the Planner's plan computation
 * and an Enactor of the one assembly write a 100,000-endpoint plan into a SQLite plan store and the embedded DNS zone
 * of a data dir, which are then closed (as a stopped `dnsplane up` leaves them). The seeding
 * Planner keeps the Planner lease for an hour, so the `dnsplane up` started next cannot create any
 * generation while this test runs: whatever it serves comes from what was persisted. Then the real
 * `dnsplane up` process starts on that data dir with the generated config, and `dig` asks for the
 * first, a middle and the last endpoint from the moment the process is spawned. The answers must be
 * the persisted plan's addresses, and the process must have created no plan. The test logs whether
 * the control loops (Planner, Enactors) had started when the first answer came.
 *
 * Bounded (each wait has its own bound; on the 2-core build machine at load 20 the seeding took
 * 4.5 min and `up` 2 min to load the 100,000-endpoint config and zone), on loopback high ports,
 * in a temp dir; every process is stopped by PID. Runs in CI with the rest of test/app (no
 * environment switch).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticConfigText } from '../../bench/fleet.js';
import { BIN, dig, waitFor } from '../support/dnsplane-process.js';

const ENDPOINTS = 100_000;
const PER_ENDPOINT = 8;
/** The first Enactor of syntheticConfigText's config: the seeding Enactor writes as it. */
const ENACTOR = 'use1-az1';
const SEED_HOLDER = 'cold-start-seed (holds the lease while the test runs)';
const FIRST_ANSWER_WAIT_MS = 300_000;
const SEED_WAIT_MS = 420_000;
const SEED_SCRIPT = join(import.meta.dirname, 'cold-start-seed.ts');
const VITE_NODE = join(import.meta.dirname, '../../node_modules/.bin/vite-node');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

interface Seeded {
  readonly generation: number;
  readonly endpoints: number;
  readonly probes: readonly { readonly name: string; readonly answersMax: number; readonly addresses: readonly string[] }[];
  readonly seedMs: number;
}

/**
 * Runs cold-start-seed.ts in its own process: the seeding is long synchronous work (computing and
 * writing 100,000 endpoints) that would stall this test worker's connection to vitest.
 */
async function seedPersistedState(dataDir: string): Promise<Seeded> {
  const child = spawn(VITE_NODE, [SEED_SCRIPT, dataDir, String(ENDPOINTS), String(PER_ENDPOINT), ENACTOR, SEED_HOLDER], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const timer = setTimeout(() => child.kill('SIGKILL'), SEED_WAIT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`seeding ${code === null ? `stopped by ${signal} (bound ${SEED_WAIT_MS} ms)` : `exited ${code}`}: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop()!) as Seeded;
}

describe('cold start at 100,000 endpoints', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-cold-start-'));
  let up: ChildProcess | null = null;

  afterAll(async () => {
    if (up !== null && up.exitCode === null) {
      const exited = new Promise((resolve) => up!.once('exit', resolve));
      up.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the persisted answers while the Planner of the new process cannot plan', async () => {
    const seeded = await seedPersistedState(dataDir);
    expect(seeded.endpoints).toBe(ENDPOINTS);
    const dnsPort = await freePort();
    const configPath = join(dataDir, 'dnsplane.yaml');
    // `up` as shipped: DNS workers as many as cores, each answering from its replica of the zone
    // while the primary's event loop is busy with the Planner and Enactors (with dns.workers 0 the
    // primary answers itself, and at 100,000 endpoints its control work kept dig waiting for minutes).
    const config = JSON.parse(syntheticConfigText(ENDPOINTS, PER_ENDPOINT, dataDir, `127.0.0.1:${dnsPort}`, '127.0.0.1:0')) as unknown;
    writeFileSync(configPath, JSON.stringify(config));
    const probes = seeded.probes;
    const server = { host: '127.0.0.1', port: dnsPort };

    // The process is spawned here (not through DnsplaneProcess.up, which waits for runtime.json):
    // the DNS port is known, so dig asks from the first moment.
    const spawnedAtMs = Date.now();
    const child = spawn(process.execPath, [BIN, 'up', '--data-dir', dataDir, '--config', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    up = child;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-200_000); });
    let lastDig = '';
    const answered = await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`dnsplane up exited ${child.exitCode}: ${stderr.slice(-2000)}`);
      const answer = await dig(server, probes[0]!.name, 'A').catch((error: unknown) => { lastDig = String(error).slice(0, 300); return []; });
      return answer.length > 0;
    }, FIRST_ANSWER_WAIT_MS, 50);
    expect(answered, `no answer within ${FIRST_ANSWER_WAIT_MS} ms (last dig: ${lastDig}): ${stderr.slice(-2000)}`).not.toBeNull();
    const firstAnswerAfterMs = Date.now() - spawnedAtMs;
    const loopsStartedByThen = stderr.includes('"msg":"dnsplane up"');

    for (const endpoint of probes) {
      const persisted = endpoint.addresses;
      const answer = await dig(server, endpoint.name, 'A');
      expect(answer.length, endpoint.name).toBe(Math.min(persisted.length, endpoint.answersMax));
      for (const address of answer) expect(persisted, endpoint.name).toContain(address);
    }
    // For the record (no timing assertion): when the first answer came, and whether the runtime
    // had started its loops (Planner, Enactors) by then.
    console.log(`cold start at ${ENDPOINTS} endpoints: seeded in ${seeded.seedMs} ms; first answer ${firstAnswerAfterMs} ms after spawn; the control loops had ${loopsStartedByThen ? '' : 'not '}started by then`);
    // The seed holds the Planner lease: nothing this process serves can come from a plan of its own.
    expect(stderr).not.toContain('"kind":"plan.created"');
  }, SEED_WAIT_MS + FIRST_ANSWER_WAIT_MS + 60_000);
});

/**
 * Acknowledged means served everywhere: with worker processes, once a write is acknowledged no
 * query — over UDP or TCP, whichever worker it lands on — is answered from the previous zone. A
 * worker that lags behind replication (here: one that applies every commit 8 s late, through
 * the worker's test-only DNSPLANE_TEST_COMMIT_DELAY_MS) is taken out of the answering set by the
 * bound (replicationTimeoutMs, 2 s) and replaced by one that loads the current zone.
 */
import cluster, { type Worker } from 'node:cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { RRType } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { a, dig, put, queryAddresses, startTestServer, tempDir } from './helpers.js';

const NAME = 'api.example.test.';
const COMMIT_DELAY_MS = 8_000;
const QUERIES = 300;
const QUERIES_IN_FLIGHT = 20;

const alive = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

/** Resolves once a worker not in `known` says `ready` (it answers from a current zone). */
function nextReadyWorker(known: ReadonlySet<number>): Promise<Worker> {
  return new Promise((resolve) => {
    const onMessage = (worker: Worker, message: unknown): void => {
      if (known.has(worker.id) || (message as { t?: unknown }).t !== 'ready') return;
      cluster.off('message', onMessage);
      resolve(worker);
    };
    cluster.on('message', onMessage);
  });
}

/** Many queries, each from a fresh socket so they spread over the workers: the answers seen. */
async function manyQueries(port: number): Promise<{ answers: string[]; timeouts: number }> {
  const answers: string[] = [];
  let timeouts = 0;
  for (let sent = 0; sent < QUERIES; sent += QUERIES_IN_FLIGHT) {
    const batch = await Promise.all(Array.from({ length: QUERIES_IN_FLIGHT }, () => queryAddresses(port, NAME, 'A').catch(() => null)));
    for (const reply of batch) {
      if (reply === null) timeouts++;
      else answers.push(reply.join(','));
    }
  }
  return { answers, timeouts };
}

describe('a worker that lags behind replication', () => {
  let dns: EmbeddedDns | null = null;
  const dir = tempDir('dnsplane-lagging-');
  afterEach(async () => {
    delete process.env['DNSPLANE_TEST_COMMIT_DELAY_MS'];
    try {
      await dns?.close();
    } finally {
      dir.remove();
    }
  });

  it('never serves the previous answer after the write was acknowledged', async () => {
    const seed = await startTestServer({ dataDir: dir.path });
    put(seed, NAME, RRType.A, 60, [a('192.0.2.1')]);
    await seed.close();

    // Both workers start slow; one is then replaced by a worker forked without the delay.
    process.env['DNSPLANE_TEST_COMMIT_DELAY_MS'] = String(COMMIT_DELAY_MS);
    const lines: string[] = [];
    dns = await startTestServer({ workers: 2, dataDir: dir.path, log: (line) => lines.push(line) });
    delete process.env['DNSPLANE_TEST_COMMIT_DELAY_MS'];
    const [slow, replaced] = alive();
    expect(replaced).toBeDefined();
    const fastReady = nextReadyWorker(new Set([slow!.id, replaced!.id]));
    replaced!.process.kill('SIGKILL');
    await fastReady;
    for (let i = 0; i < 6; i++) expect(await queryAddresses(dns.port, NAME, 'A')).toEqual(['192.0.2.1']);
    const slowExited = new Promise<void>((resolve) => slow!.once('exit', () => resolve()));

    put(dns, NAME, RRType.A, 60, [a('192.0.2.2')]);
    const writtenAtMs = Date.now();
    await dns.replicated();
    const acknowledgedAfterMs = Date.now() - writtenAtMs;
    // The slow worker would apply the write only now; everything before this is the test.
    expect(acknowledgedAfterMs).toBeLessThan(COMMIT_DELAY_MS - 3_000);

    const udp = await manyQueries(dns.port);
    const tcp: string[] = [];
    for (let i = 0; i < 10; i++) tcp.push((await dig(dns.port, ['+tcp', NAME, 'A', '+short'])).trim());
    expect(Date.now() - writtenAtMs).toBeLessThan(COMMIT_DELAY_MS);
    expect(udp.answers.filter((answer) => answer !== '192.0.2.2')).toEqual([]);
    expect(udp.answers.length).toBeGreaterThan(QUERIES * 0.9);
    expect(tcp.filter((answer) => answer !== '192.0.2.2')).toEqual([]);

    // It was taken out of the answering set by being killed, and said so.
    await slowExited;
    expect(lines.some((line) => line.includes('did not confirm a transaction in time'))).toBe(true);
  }, 60_000);

  /**
   * Starts two workers, commits `write`, then keeps the primary busy for longer than the bound
   * (2 s) before it waits for the acknowledgement: no worker may be killed for that.
   */
  async function busyPrimaryKeepsWorkers(write: (server: EmbeddedDns) => void): Promise<void> {
    const lines: string[] = [];
    dns = await startTestServer({ workers: 2, dataDir: dir.path, log: (line) => lines.push(line) });
    const before = alive().map((w) => w.id).sort();
    write(dns);
    const replicated = dns.replicated();
    const busyUntil = Date.now() + 2_600;
    while (Date.now() < busyUntil) { /* a long synchronous computation */ }
    await replicated;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines.filter((line) => line.includes('did not confirm a transaction in time'))).toEqual([]);
    expect(alive().map((w) => w.id).sort()).toEqual(before);
  }

  it('keeps workers that confirmed in time while the primary itself was busy past the bound', async () => {
    // The workers' confirmations wait in the pipe, unread, while the primary computes.
    await busyPrimaryKeepsWorkers((server) => put(server, NAME, RRType.A, 60, [a('192.0.2.3')]));
    expect(await queryAddresses(dns!.port, NAME, 'A')).toEqual(['192.0.2.3']);
  }, 60_000);

  it('counts the bound from delivery: a large commit left half-written by a busy primary is not held against the workers', async () => {
    // Several megabytes of commit: far more than a pipe holds, so most of it waits for the loop.
    const changes = Array.from({ length: 20_000 }, (_, i) => ({
      name: `n${i}.example.test.`, type: RRType.A, rrset: { type: RRType.A, ttl: 60, rdatas: Array.from({ length: 8 }, (_, k) => a(`10.${k}.${(i >> 8) & 255}.${i & 255}`)) },
    }));
    await busyPrimaryKeepsWorkers((server) => expect(server.zone.transact(() => ({ changes, result: null })).ok).toBe(true));
    expect(await queryAddresses(dns!.port, 'n19999.example.test.', 'A')).toHaveLength(8);
  }, 60_000);
});

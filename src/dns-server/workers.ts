/**
 * The primary side of multi-process serving (node:cluster). One Node thread answering a fixed
 * packet reaches about half of Knot DNS's query rate, so the answer path runs in several worker
 * processes; the primary keeps the only writable zone (UPDATE, the provider, the journal) and
 * replicates every committed transaction to the workers:
 *
 *   primary: ZoneStore ──commit──► worker 1..N: Zone replica ── answers UDP (shared socket) / TCP
 *               ▲                       │
 *               └──── forwarded UPDATE ─┘
 *
 * Acknowledged means served everywhere: a write is acknowledged (UPDATE reply, provider result,
 * `replicated()`) only once every worker that may still answer has confirmed the transaction. A
 * worker that has not confirmed it within `replicationTimeoutMs` is killed (SIGKILL): the workers
 * share one UDP socket (cluster hands each of them the same descriptor) and the primary hands out
 * TCP connections, so nothing short of the worker's death stops it from reading queries — a
 * "stop serving" message would wait in the same slow event loop. The write is acknowledged once
 * the kill is confirmed by the worker's exit; the replacement loads the current zone before it
 * answers.
 *
 *   worker state   may answer from        confirmed up to
 *   forked         nothing (no zone yet)  everything: its snapshot is taken later, at `hello`
 *   initialized    its replica            the snapshot's seq, then each `ack`
 */
import cluster, { type Worker } from 'node:cluster';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from '../core/model/assert.js';
import type { TsigKey } from '../dns-wire/index.js';
import type { PacketProcessor } from './packet.js';
import type { RateLimitCounts, RateLimitSettings } from './rate-limit.js';
import { addCounts, type RcodeCounts } from './reply-counts.js';
import { logLine, type LogSink } from './log.js';
import { encodeChanges, isMessage, type PrimaryMessage, type WorkerConfig, type WorkerMessage } from './replication.js';
import { crashOnBug, listen } from './transport.js';
import type { ZoneStore } from './zone-store.js';

export interface WorkerPoolOptions {
  readonly count: number;
  readonly host: string;
  readonly port: number;
  readonly zone: ZoneStore;
  /** The primary's processor: runs forwarded UPDATEs through the full chain (TSIG included). */
  readonly processor: PacketProcessor;
  readonly tsigKeys: readonly TsigKey[];
  readonly udpPayloadMax: number;
  readonly tcpIdleTimeoutMs: number;
  readonly tcpConnectionsMax: number;
  readonly tcpConnectionsPerClientMax: number;
  readonly tcpMessageDeadlineMs: number;
  /** The whole server's limit: each worker gets responsesPerSecond / count. */
  readonly rateLimit: RateLimitSettings | null;
  readonly transferKeys: readonly string[];
  /** A fixed bound on a worker's start (fork to ready); default: workerStartTimeoutMs, which grows with the zone. */
  readonly startTimeoutMs?: number;
  /** How long a worker may take to confirm a transaction before it is killed and replaced. */
  readonly replicationTimeoutMs?: number;
  /** The primary's log sink; workers' log lines are forwarded to it. */
  readonly log: LogSink;
}

export interface WorkerPool {
  readonly port: number;
  /** Requests the workers answered SERVFAIL because a handler threw. */
  readonly handlerErrors: number;
  /** The workers' counters, summed (the last report of each, workers that exited included). */
  workerCounts(): { queriesByRcode: RcodeCounts; rateLimited: RateLimitCounts };
  close(): Promise<void>;
}

const WORKERS_MAX = 64;
/** From fork to the worker's hello: Node's start and loading the server's modules, on a loaded machine. */
const START_TIMEOUT_MS_BASE = 20_000;
/**
 * From hello to ready, per rrset of the snapshot the worker receives: encoding it, the IPC of its
 * JSON, and building the replica. Generous (a 100,000-endpoint zone gets 50 s more), because
 * running out fails the whole server's start, while a slow start only delays it.
 */
const START_TIMEOUT_MS_PER_RRSET = 0.5;
const REPLICATION_TIMEOUT_MS_DEFAULT = 2_000;
const WORKER_EXIT_TIMEOUT_MS = 3_000;

interface WorkerState {
  readonly worker: Worker;
  /** The worker never answers from a zone older than this (see the table in the header). */
  confirmedSeq: number;
  /** Killed for lagging: it may answer until its exit is seen, so it still holds writes back. */
  evicted: boolean;
  /**
   * Per commit seq not yet confirmed: when its message was written out to the worker's pipe
   * (performance.now()). The lag bound counts from there, not from the commit: a primary busy in
   * a long computation leaves a large commit half-written until its event loop gets to the pipe.
   */
  readonly deliveredAtMs: Map<number, number>;
  handlerErrors: number;
  queriesByRcode: RcodeCounts;
  rateLimited: RateLimitCounts;
}

export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  assert(cluster.isPrimary, 'worker pools are started from the primary process');
  assert(options.count >= 1 && options.count <= WORKERS_MAX, `workers must be within 1..${WORKERS_MAX}`);
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const config: WorkerConfig = {
    origin: options.zone.zone.origin, host: options.host, port,
    tsigKeys: options.tsigKeys.map((k) => ({ name: k.name, algorithm: k.algorithm, secretBase64: Buffer.from(k.secret).toString('base64') })),
    udpPayloadMax: options.udpPayloadMax, tcpIdleTimeoutMs: options.tcpIdleTimeoutMs, tcpConnectionsMax: options.tcpConnectionsMax,
    tcpConnectionsPerClientMax: options.tcpConnectionsPerClientMax, tcpMessageDeadlineMs: options.tcpMessageDeadlineMs, transferKeys: options.transferKeys,
    rateLimit: options.rateLimit === null ? null : { ...options.rateLimit, responsesPerSecond: Math.max(1, Math.ceil(options.rateLimit.responsesPerSecond / options.count)) },
  };
  const pool = new Pool(options, config);
  await pool.start();
  return {
    port,
    get handlerErrors() {
      return pool.handlerErrors;
    },
    workerCounts: () => pool.counts(),
    close: () => pool.close(),
  };
}

/** How long a worker may take from its hello to ready, loading a zone of `rrsetCount` rrsets. */
export function workerStartTimeoutMs(rrsetCount: number): number {
  assert(Number.isSafeInteger(rrsetCount) && rrsetCount >= 0, `rrset count must be a count, got ${rrsetCount}`);
  return START_TIMEOUT_MS_BASE + Math.ceil(rrsetCount * START_TIMEOUT_MS_PER_RRSET);
}

class Pool {
  private readonly workers = new Map<number, WorkerState>();
  private readonly waiters: { seq: number; resolve: () => void }[] = [];
  private closing = false;
  /** Handler errors of workers that have exited. */
  private retiredHandlerErrors = 0;
  private retiredCounts: { queriesByRcode: RcodeCounts; rateLimited: RateLimitCounts } = { queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: WorkerPoolOptions, private readonly config: WorkerConfig) {}

  async start(): Promise<void> {
    const entry = workerEntry();
    cluster.setupPrimary({ exec: entry.exec, args: entry.args, silent: false });
    this.unsubscribe = this.options.zone.onCommit((commit) => {
      const message: PrimaryMessage = { t: 'commit', seq: commit.seq, serial: commit.serial, changes: encodeChanges(commit.changes) };
      // A worker without a zone yet ignores commits (its snapshot will hold them); a dying one cannot take them.
      for (const state of this.workers.values()) {
        if (state.evicted || !state.worker.isConnected()) continue;
        state.worker.send(message, (error) => {
          if (error === null && state.confirmedSeq < commit.seq) state.deliveredAtMs.set(commit.seq, performance.now());
        });
      }
    });
    this.options.zone.setReplicationBarrier((seq) => this.replicatedTo(seq));
    await Promise.all(Array.from({ length: this.options.count }, () => this.fork()));
  }

  get handlerErrors(): number {
    let total = this.retiredHandlerErrors;
    for (const state of this.workers.values()) total += state.handlerErrors;
    return total;
  }

  counts(): { queriesByRcode: RcodeCounts; rateLimited: RateLimitCounts } {
    const all = [this.retiredCounts, ...[...this.workers.values()]];
    return {
      queriesByRcode: addCounts(...all.map((c) => c.queriesByRcode)),
      rateLimited: { dropped: all.reduce((n, c) => n + c.rateLimited.dropped, 0), slipped: all.reduce((n, c) => n + c.rateLimited.slipped, 0) },
    };
  }

  private fork(): Promise<void> {
    const worker = cluster.fork();
    const state: WorkerState = { worker, confirmedSeq: Number.POSITIVE_INFINITY, evicted: false, deliveredAtMs: new Map(), handlerErrors: 0, queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
    this.workers.set(worker.id, state);
    return new Promise((resolve, reject) => {
      const configuredMs = this.options.startTimeoutMs;
      const startedMs = performance.now();
      const giveUp = (phase: string, boundMs: number) => (): void => {
        const rule = configuredMs === undefined ? `${START_TIMEOUT_MS_BASE} ms to hello, then ${START_TIMEOUT_MS_PER_RRSET} ms per rrset more` : 'startTimeoutMs';
        reject(new Error(`dns worker ${worker.id} did not start within ${boundMs} ms (${rule}): ${phase}, ${Math.round(performance.now() - startedMs)} ms after fork`));
      };
      let timer = setTimeout(giveUp('no hello from the worker yet', configuredMs ?? START_TIMEOUT_MS_BASE), configuredMs ?? START_TIMEOUT_MS_BASE);
      worker.on('message', (raw: unknown) => {
        if (!isMessage<WorkerMessage>(raw)) return;
        if (raw.t === 'hello') {
          // The snapshot is taken now; every later commit is broadcast to this worker too.
          const snapshot = this.options.zone.snapshot();
          if (configuredMs === undefined) {
            // The rest of the start takes time in proportion to the zone: the bound grows with it.
            clearTimeout(timer);
            const boundMs = workerStartTimeoutMs(snapshot.rrsets.length);
            timer = setTimeout(giveUp(`hello seen, loading a snapshot of ${snapshot.rrsets.length} rrsets`, boundMs), boundMs);
          }
          state.confirmedSeq = snapshot.seq;
          const init: PrimaryMessage = { t: 'init', config: this.config, seq: snapshot.seq, serial: snapshot.serial, rrsets: encodeChanges(snapshot.rrsets) };
          worker.send(init);
        } else if (raw.t === 'ready') {
          clearTimeout(timer);
          this.acked(state, raw.seq);
          resolve();
        } else if (raw.t === 'ack') {
          this.acked(state, raw.seq);
        } else if (raw.t === 'stats') {
          state.queriesByRcode = raw.queriesByRcode;
          state.rateLimited = raw.rateLimited;
        } else if (raw.t === 'log') {
          state.handlerErrors = raw.handlerErrors;
          this.options.log(raw.line);
        } else {
          this.answerForwarded(worker, raw.id, raw.bytes, raw.transport).catch(crashOnBug);
        }
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        this.workers.delete(worker.id);
        this.retiredHandlerErrors += state.handlerErrors;
        this.retiredCounts = {
          queriesByRcode: addCounts(this.retiredCounts.queriesByRcode, state.queriesByRcode),
          rateLimited: { dropped: this.retiredCounts.rateLimited.dropped + state.rateLimited.dropped, slipped: this.retiredCounts.rateLimited.slipped + state.rateLimited.slipped },
        };
        this.releaseWaiters();
        // A worker that died is replaced: queries keep being answered by the others meanwhile.
        if (!this.closing) void this.fork().catch(() => undefined);
      });
    });
  }

  private async answerForwarded(worker: Worker, id: number, bytes: string, transport: 'udp' | 'tcp'): Promise<void> {
    const reply = this.options.processor.process(Buffer.from(bytes, 'base64'), transport);
    await this.replicatedTo(this.options.zone.lastSeq);
    const message: PrimaryMessage = { t: 'reply', id, bytes: reply === null ? null : Buffer.from(reply).toString('base64') };
    if (worker.isConnected()) worker.send(message);
  }

  private acked(state: WorkerState, seq: number): void {
    assert(seq >= state.confirmedSeq, `worker ${state.worker.id} confirmed seq ${seq} after ${state.confirmedSeq}`);
    state.confirmedSeq = seq;
    for (const delivered of state.deliveredAtMs.keys()) if (delivered <= seq) state.deliveredAtMs.delete(delivered);
    this.releaseWaiters();
  }

  /**
   * Resolves once every worker that may answer has confirmed `seq`. There is no timeout that
   * resolves anyway: at the bound, the workers still behind are killed, and their exit releases
   * the write.
   */
  private replicatedTo(seq: number): Promise<void> {
    if (this.allConfirmed(seq)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ seq, resolve });
      this.checkLagAfter(seq, this.replicationTimeoutMs, new Map());
    });
  }

  private get replicationTimeoutMs(): number {
    return this.options.replicationTimeoutMs ?? REPLICATION_TIMEOUT_MS_DEFAULT;
  }

  /**
   * Timers run before the event loop reads and writes its pipes: when this process was itself
   * busy past the bound (a 100,000-name plan computed in one go), the workers' confirmations are
   * waiting unread, and a large commit may not even be written out yet. setImmediate runs after
   * the loop's I/O, and the bound counts from each worker's delivery, so only a worker that really
   * lags is killed (at 100,000 names both workers were killed on the first sync).
   */
  private checkLagAfter(seq: number, delayMs: number, undeliveredSinceMs: Map<number, number>): void {
    setTimeout(() => setImmediate(() => this.evictLagging(seq, undeliveredSinceMs)), delayMs).unref();
  }

  /**
   * Kills every worker that has had commit `seq` for the whole bound without confirming it, or
   * has not taken it off its pipe for a whole bound since the first check (a worker that reads
   * nothing cannot hold writes back for ever); checks again when the rest may still make it.
   */
  private evictLagging(seq: number, undeliveredSinceMs: Map<number, number>): void {
    if (this.closing) return;
    const nowMs = performance.now();
    let recheckInMs = Number.POSITIVE_INFINITY;
    for (const state of this.workers.values()) {
      if (state.evicted || state.confirmedSeq >= seq) continue;
      const deliveredAtMs = state.deliveredAtMs.get(seq);
      const sinceMs = deliveredAtMs ?? undeliveredSinceMs.get(state.worker.id) ?? nowMs;
      if (deliveredAtMs === undefined) undeliveredSinceMs.set(state.worker.id, sinceMs);
      const waitedMs = nowMs - sinceMs;
      if (waitedMs < this.replicationTimeoutMs) {
        recheckInMs = Math.min(recheckInMs, this.replicationTimeoutMs - waitedMs);
        continue;
      }
      state.evicted = true;
      this.options.log(logLine('error', {
        msg: 'worker did not confirm a transaction in time: killed, a replacement loads the current zone',
        worker: state.worker.id, seq, confirmedSeq: state.confirmedSeq, delivered: deliveredAtMs === undefined ? 'not yet' : 'yes', waitedMs: Math.round(waitedMs),
      }));
      state.worker.process.kill('SIGKILL');
    }
    if (recheckInMs !== Number.POSITIVE_INFINITY) this.checkLagAfter(seq, recheckInMs, undeliveredSinceMs);
  }

  private allConfirmed(seq: number): boolean {
    for (const state of this.workers.values()) if (state.confirmedSeq < seq) return false;
    return true;
  }

  private releaseWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (!this.allConfirmed(waiter.seq)) continue;
      this.waiters.splice(i, 1);
      waiter.resolve();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    this.options.zone.setReplicationBarrier(null);
    await Promise.all([...this.workers.values()].map(({ worker }) => stopWorker(worker)));
    this.releaseWaiters();
  }
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_EXIT_TIMEOUT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** Finds a port free for both UDP and TCP, then releases it for the workers to bind. */
async function freePort(host: string): Promise<number> {
  const probe = await listen({ host, port: 0, respond: () => null, tcpIdleTimeoutMs: 1000, tcpConnectionsMax: 1, udpShared: false });
  await probe.close();
  return probe.port;
}

/**
 * The worker's entry: the compiled worker-main.js next to this file, or — when running from
 * TypeScript sources under vitest — worker-main.ts through vite-node, which runs it in the
 * forked process itself so node:cluster still sees a worker.
 */
function workerEntry(): { exec: string; args: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return { exec: join(dirname(here), 'worker-main.js'), args: [] };
  const require = createRequire(import.meta.url);
  const viteNode = join(dirname(require.resolve('vite-node/package.json')), 'vite-node.mjs');
  return { exec: viteNode, args: [join(dirname(here), 'worker-main.ts')] };
}

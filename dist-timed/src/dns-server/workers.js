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
import cluster, {} from 'node:cluster';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from '../core/model/assert.js';
import { addCounts } from './reply-counts.js';
import { logLine } from './log.js';
import { encodeChanges, isMessage } from './replication.js';
import { crashOnBug, listen } from './transport.js';
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
export async function startWorkerPool(options) {
    assert(cluster.isPrimary, 'worker pools are started from the primary process');
    assert(options.count >= 1 && options.count <= WORKERS_MAX, `workers must be within 1..${WORKERS_MAX}`);
    const port = options.port === 0 ? await freePort(options.host) : options.port;
    const config = {
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
export function workerStartTimeoutMs(rrsetCount) {
    assert(Number.isSafeInteger(rrsetCount) && rrsetCount >= 0, `rrset count must be a count, got ${rrsetCount}`);
    return START_TIMEOUT_MS_BASE + Math.ceil(rrsetCount * START_TIMEOUT_MS_PER_RRSET);
}
class Pool {
    options;
    config;
    workers = new Map();
    waiters = [];
    closing = false;
    /** Handler errors of workers that have exited. */
    retiredHandlerErrors = 0;
    retiredCounts = { queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
    unsubscribe = null;
    constructor(options, config) {
        this.options = options;
        this.config = config;
    }
    async start() {
        const entry = workerEntry();
        cluster.setupPrimary({ exec: entry.exec, args: entry.args, silent: false });
        this.unsubscribe = this.options.zone.onCommit((commit) => {
            const message = { t: 'commit', seq: commit.seq, serial: commit.serial, changes: encodeChanges(commit.changes) };
            // A worker without a zone yet ignores commits (its snapshot will hold them); a dying one cannot take them.
            for (const state of this.workers.values())
                if (!state.evicted && state.worker.isConnected())
                    state.worker.send(message);
        });
        this.options.zone.setReplicationBarrier((seq) => this.replicatedTo(seq));
        await Promise.all(Array.from({ length: this.options.count }, () => this.fork()));
    }
    get handlerErrors() {
        let total = this.retiredHandlerErrors;
        for (const state of this.workers.values())
            total += state.handlerErrors;
        return total;
    }
    counts() {
        const all = [this.retiredCounts, ...[...this.workers.values()]];
        return {
            queriesByRcode: addCounts(...all.map((c) => c.queriesByRcode)),
            rateLimited: { dropped: all.reduce((n, c) => n + c.rateLimited.dropped, 0), slipped: all.reduce((n, c) => n + c.rateLimited.slipped, 0) },
        };
    }
    fork() {
        const worker = cluster.fork();
        const state = { worker, confirmedSeq: Number.POSITIVE_INFINITY, evicted: false, handlerErrors: 0, queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
        this.workers.set(worker.id, state);
        return new Promise((resolve, reject) => {
            const configuredMs = this.options.startTimeoutMs;
            const startedMs = performance.now();
            const giveUp = (phase, boundMs) => () => {
                const rule = configuredMs === undefined ? `${START_TIMEOUT_MS_BASE} ms to hello, then ${START_TIMEOUT_MS_PER_RRSET} ms per rrset more` : 'startTimeoutMs';
                reject(new Error(`dns worker ${worker.id} did not start within ${boundMs} ms (${rule}): ${phase}, ${Math.round(performance.now() - startedMs)} ms after fork`));
            };
            let timer = setTimeout(giveUp('no hello from the worker yet', configuredMs ?? START_TIMEOUT_MS_BASE), configuredMs ?? START_TIMEOUT_MS_BASE);
            worker.on('message', (raw) => {
                if (!isMessage(raw))
                    return;
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
                    const init = { t: 'init', config: this.config, seq: snapshot.seq, serial: snapshot.serial, rrsets: encodeChanges(snapshot.rrsets) };
                    worker.send(init);
                }
                else if (raw.t === 'ready') {
                    clearTimeout(timer);
                    this.acked(state, raw.seq);
                    resolve();
                }
                else if (raw.t === 'ack') {
                    this.acked(state, raw.seq);
                }
                else if (raw.t === 'stats') {
                    state.queriesByRcode = raw.queriesByRcode;
                    state.rateLimited = raw.rateLimited;
                }
                else if (raw.t === 'log') {
                    state.handlerErrors = raw.handlerErrors;
                    this.options.log(raw.line);
                }
                else {
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
                if (!this.closing)
                    void this.fork().catch(() => undefined);
            });
        });
    }
    async answerForwarded(worker, id, bytes, transport) {
        const reply = this.options.processor.process(Buffer.from(bytes, 'base64'), transport);
        await this.replicatedTo(this.options.zone.lastSeq);
        const message = { t: 'reply', id, bytes: reply === null ? null : Buffer.from(reply).toString('base64') };
        if (worker.isConnected())
            worker.send(message);
    }
    acked(state, seq) {
        assert(seq >= state.confirmedSeq, `worker ${state.worker.id} confirmed seq ${seq} after ${state.confirmedSeq}`);
        state.confirmedSeq = seq;
        this.releaseWaiters();
    }
    /**
     * Resolves once every worker that may answer has confirmed `seq`. There is no timeout that
     * resolves anyway: at the bound, the workers still behind are killed, and their exit releases
     * the write.
     */
    replicatedTo(seq) {
        if (this.allConfirmed(seq))
            return Promise.resolve();
        return new Promise((resolve) => {
            this.waiters.push({ seq, resolve });
            setTimeout(() => this.evictLagging(seq), this.options.replicationTimeoutMs ?? REPLICATION_TIMEOUT_MS_DEFAULT).unref();
        });
    }
    evictLagging(seq) {
        if (this.closing)
            return;
        for (const state of this.workers.values()) {
            if (state.evicted || state.confirmedSeq >= seq)
                continue;
            state.evicted = true;
            this.options.log(logLine('error', {
                msg: 'worker did not confirm a transaction in time: killed, a replacement loads the current zone',
                worker: state.worker.id, seq, confirmedSeq: state.confirmedSeq,
            }));
            state.worker.process.kill('SIGKILL');
        }
    }
    allConfirmed(seq) {
        for (const state of this.workers.values())
            if (state.confirmedSeq < seq)
                return false;
        return true;
    }
    releaseWaiters() {
        for (let i = this.waiters.length - 1; i >= 0; i--) {
            const waiter = this.waiters[i];
            if (!this.allConfirmed(waiter.seq))
                continue;
            this.waiters.splice(i, 1);
            waiter.resolve();
        }
    }
    async close() {
        this.closing = true;
        this.unsubscribe?.();
        this.options.zone.setReplicationBarrier(null);
        await Promise.all([...this.workers.values()].map(({ worker }) => stopWorker(worker)));
        this.releaseWaiters();
    }
}
function stopWorker(worker) {
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
async function freePort(host) {
    const probe = await listen({ host, port: 0, respond: () => null, tcpIdleTimeoutMs: 1000, tcpConnectionsMax: 1, udpShared: false });
    await probe.close();
    return probe.port;
}
/**
 * The worker's entry: the compiled worker-main.js next to this file, or — when running from
 * TypeScript sources under vitest — worker-main.ts through vite-node, which runs it in the
 * forked process itself so node:cluster still sees a worker.
 */
function workerEntry() {
    const here = fileURLToPath(import.meta.url);
    if (here.endsWith('.js'))
        return { exec: join(dirname(here), 'worker-main.js'), args: [] };
    const require = createRequire(import.meta.url);
    const viteNode = join(dirname(require.resolve('vite-node/package.json')), 'vite-node.mjs');
    return { exec: viteNode, args: [join(dirname(here), 'worker-main.ts')] };
}
//# sourceMappingURL=workers.js.map
/**
 * A worker process (node:cluster) of the embedded server: it answers queries from its replica
 * of the zone on the UDP socket it shares with the other workers (the kernel hands each datagram
 * to one of them) and on TCP connections the primary distributes. UPDATE messages are forwarded
 * to the primary, the only writer; committed transactions come back as `commit` messages, which
 * the worker applies in order and acknowledges. The primary kills a worker that is too slow to
 * acknowledge (see workers.ts), so an acknowledged write is never answered from an older replica.
 *
 * DNSPLANE_TEST_COMMIT_DELAY_MS (tests only): apply each commit that many milliseconds late,
 * so a test can play a worker that lags behind replication.
 */
import { systemRandom } from '../adapters/random-system/system-random.js';
import { assert } from '../core/model/assert.js';
import { Opcode, Rcode, tsigKey } from '../dns-wire/index.js';
import { buildChain } from './chain.js';
import { PacketProcessor } from './packet.js';
import { decodeChanges, isMessage } from './replication.js';
import { ResponseRateLimiter } from './rate-limit.js';
import { ReplyCounter } from './reply-counts.js';
import { listen } from './transport.js';
import { Zone } from './zone.js';
import { ZoneHistory } from './zone-history.js';
const FORWARDED_IN_FLIGHT_MAX = 1024;
const COMMIT_DELAY_MS = Number(process.env['DNSPLANE_TEST_COMMIT_DELAY_MS'] ?? 0);
/** How often the worker's counters go to the primary (metrics are scraped every few seconds). */
const STATS_INTERVAL_MS = 1_000;
function send(message) {
    process.send?.(message);
}
let zone = null;
/** The versions this worker applied since its snapshot: its IXFR differences (older serials get the zone). */
const history = new ZoneHistory();
let processor = null;
/** The seq of the last transaction in the replica: the snapshot's, then each commit's. */
let appliedSeq = -1;
let nextForwardId = 1;
const forwarded = new Map();
process.on('message', (raw) => {
    if (!isMessage(raw))
        return;
    switch (raw.t) {
        case 'init':
            void start(raw.config, raw.seq, raw.serial, raw.rrsets);
            return;
        case 'commit': {
            // Commits sent before our snapshot was taken arrive before `init` and are in it already.
            const replica = zone;
            if (replica === null)
                return;
            if (COMMIT_DELAY_MS > 0)
                setTimeout(() => applyCommit(replica, raw), COMMIT_DELAY_MS);
            else
                applyCommit(replica, raw);
            return;
        }
        case 'reply': {
            const resolve = forwarded.get(raw.id);
            forwarded.delete(raw.id);
            resolve?.(raw.bytes === null ? null : Buffer.from(raw.bytes, 'base64'));
            return;
        }
    }
});
// Without its primary a worker would serve a zone that can no longer change: stop.
process.on('disconnect', () => process.exit(0));
send({ t: 'hello' });
function applyCommit(replica, commit) {
    assert(commit.seq === appliedSeq + 1, `commit ${commit.seq} arrived after ${appliedSeq}: replication lost or reordered one`);
    const changes = decodeChanges(commit.changes);
    history.apply(replica, changes, commit.serial);
    appliedSeq = commit.seq;
    processor?.invalidate(changes.map((change) => change.name));
    send({ t: 'ack', seq: commit.seq });
}
async function start(config, seq, serial, rrsets) {
    const replica = new Zone(config.origin);
    replica.apply(decodeChanges(rrsets), serial);
    zone = replica;
    appliedSeq = seq;
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const handlers = buildChain({
        zone: () => replica,
        random: systemRandom,
        tsigKeys: new Map(config.tsigKeys.map((k) => [k.name.toLowerCase(), tsigKey(k.name, k.algorithm, k.secretBase64)])),
        nowSeconds,
        udpPayloadMax: config.udpPayloadMax,
        // UPDATEs never reach this chain (they are forwarded first); refuse if one ever does.
        applyUpdate: () => ({ rcode: Rcode.REFUSED, detail: 'workers do not apply updates' }),
        updateRecordsMax: 0,
        ...(config.transferKeys.length === 0 ? {} : { transfer: { keys: new Set(config.transferKeys), contents: () => replica.names(), versions: () => history } }),
    });
    const local = new PacketProcessor({
        handlers, nowSeconds, random: systemRandom, udpPayloadMax: config.udpPayloadMax,
        // The primary owns the log sink and the server's counters.
        log: (line) => send({ t: 'log', line, handlerErrors: local.handlerErrors }),
    });
    processor = local;
    const replies = new ReplyCounter();
    const limiter = config.rateLimit === null ? null : new ResponseRateLimiter(config.rateLimit);
    await listen({
        host: config.host,
        port: config.port,
        respond: (bytes, transport) => (isUpdate(bytes) ? forward(bytes, transport) : local.respond(bytes, transport)),
        tcpIdleTimeoutMs: config.tcpIdleTimeoutMs,
        tcpConnectionsMax: config.tcpConnectionsMax,
        tcpConnectionsPerClientMax: config.tcpConnectionsPerClientMax,
        tcpMessageDeadlineMs: config.tcpMessageDeadlineMs,
        udpShared: true,
        observeReply: (reply) => replies.observe(reply),
        ...(limiter === null ? {} : { admitUdpReply: (reply, address) => limiter.admit(reply, address) }),
    });
    reportStats(replies, limiter);
    // Commits may have been applied while the sockets were being bound.
    send({ t: 'ready', seq: appliedSeq });
}
function reportStats(replies, limiter) {
    let last = '';
    setInterval(() => {
        const message = { t: 'stats', queriesByRcode: replies.snapshot(), rateLimited: limiter?.counts ?? { dropped: 0, slipped: 0 } };
        const text = JSON.stringify(message);
        if (text === last)
            return;
        last = text;
        send(message);
    }, STATS_INTERVAL_MS).unref();
}
function isUpdate(bytes) {
    return bytes.length >= 12 && (bytes[2] & 0x80) === 0 && ((bytes[2] >> 3) & 0xf) === Opcode.UPDATE;
}
function forward(bytes, transport) {
    if (forwarded.size >= FORWARDED_IN_FLIGHT_MAX)
        return null; // shed load rather than queue without bound
    const id = nextForwardId++;
    return new Promise((resolve) => {
        forwarded.set(id, resolve);
        send({ t: 'forward', id, bytes: Buffer.from(bytes).toString('base64'), transport });
    });
}
//# sourceMappingURL=worker-main.js.map
/**
 * The embedded authoritative DNS server: zone store (loaded from the data dir before any socket
 * is opened, so a restarted server answers from persisted state at once), handler chain, packet
 * processor with its answer cache, UDP and TCP listeners on one port.
 *
 *   const dns = await startEmbeddedDns({ origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 },
 *                                        dataDir, tsigKeys: [key], random: systemRandom });
 *   dns.port; dns.zone.transact(...); await dns.close();
 */
import { assert } from '../core/model/assert.js';
import { buildChain } from './chain.js';
import { logLine, stderrLog } from './log.js';
import { startNotifier } from './notify.js';
import { PacketProcessor } from './packet.js';
import { listen } from './transport.js';
import { startWorkerPool } from './workers.js';
import { applyUpdate } from './update.js';
import { compileUpdatePolicy } from './update-policy.js';
import { ResponseRateLimiter } from './rate-limit.js';
import { ReplyCounter, addCounts } from './reply-counts.js';
import { ZoneStore } from './zone-store.js';
export const EMBEDDED_DNS_DEFAULTS = {
    udpPayloadMax: 1232,
    tcpIdleTimeoutMs: 10_000,
    tcpConnectionsMax: 256,
    tcpConnectionsPerClientMax: 16,
    tcpMessageDeadlineMs: 5_000,
    updateRecordsMax: 6_000,
};
export async function startEmbeddedDns(options) {
    checkNotifyTargets(options.transfer?.notify ?? [], options.tsigKeys);
    const zone = new ZoneStore({
        origin: options.origin,
        dataDir: options.dataDir,
        ...(options.nameServers === undefined ? {} : { nameServers: options.nameServers }),
        ...(options.compactAfterTransactions === undefined ? {} : { compactAfterTransactions: options.compactAfterTransactions }),
    });
    const workers = options.workers ?? 0;
    const counters = {
        updatesRefused: 0,
        replies: new ReplyCounter(),
        rateLimiter: options.rateLimit === undefined || options.rateLimit === null || workers > 0 ? null : new ResponseRateLimiter(options.rateLimit),
    };
    const updatePolicy = options.updatePolicy === undefined ? undefined : compileUpdatePolicy(options.updatePolicy);
    const processor = createProcessor(zone, options, counters, updatePolicy);
    // Only the answers the commit may have changed are dropped (answer-cache.ts says which).
    zone.onCommit((commit) => processor.invalidate(commit.changes.map((change) => change.name)));
    let transport;
    try {
        transport = await openTransport(zone, processor, options, counters);
    }
    catch (error) {
        zone.close();
        throw error;
    }
    const notifyTargets = options.transfer?.notify ?? [];
    const nowMs = options.nowMs ?? Date.now;
    const notifier = notifyTargets.length === 0 ? null : startNotifier({
        zone, targets: notifyTargets, keys: keysByName(options.tsigKeys), nowSeconds: () => Math.floor(nowMs() / 1000), log: options.log ?? stderrLog,
    });
    let closed = false;
    return {
        port: transport.port,
        zone,
        processor,
        replicated: () => zone.replicated(),
        setManagedNames: (names) => updatePolicy?.manage(names),
        stats: () => statsOf(processor, transport, counters),
        async close() {
            if (closed)
                return;
            closed = true;
            notifier?.close();
            await transport.close();
            zone.close();
        },
    };
}
/** A NOTIFY target's key must be one the server has: found at start, not at the first change. */
function checkNotifyTargets(targets, tsigKeys) {
    const keys = keysByName(tsigKeys);
    targets.forEach((target, index) => {
        if (target.key === undefined)
            return;
        const absolute = (target.key.endsWith('.') ? target.key : `${target.key}.`).toLowerCase();
        if (!keys.has(absolute))
            throw new Error(`transfer.notify[${index}].key: '${target.key}' is not one of the server's TSIG keys (${[...keys.keys()].join(', ') || 'none'})`);
    });
}
function keysByName(tsigKeys) {
    return new Map(tsigKeys.map((key) => [key.name.toLowerCase(), key]));
}
function statsOf(processor, transport, counters) {
    const own = { queriesByRcode: counters.replies.snapshot(), rateLimited: counters.rateLimiter?.counts ?? { dropped: 0, slipped: 0 } };
    const workers = transport.workerCounts?.() ?? { queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
    return {
        handlerErrors: processor.handlerErrors + (transport.handlerErrors ?? 0),
        updatesRefused: counters.updatesRefused,
        queriesByRcode: addCounts(own.queriesByRcode, workers.queriesByRcode),
        rateLimited: { dropped: own.rateLimited.dropped + workers.rateLimited.dropped, slipped: own.rateLimited.slipped + workers.rateLimited.slipped },
    };
}
async function openTransport(zone, processor, options, counters) {
    const tcp = {
        tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? EMBEDDED_DNS_DEFAULTS.tcpIdleTimeoutMs,
        tcpConnectionsMax: options.tcpConnectionsMax ?? EMBEDDED_DNS_DEFAULTS.tcpConnectionsMax,
        tcpConnectionsPerClientMax: options.tcpConnectionsPerClientMax ?? EMBEDDED_DNS_DEFAULTS.tcpConnectionsPerClientMax,
        tcpMessageDeadlineMs: options.tcpMessageDeadlineMs ?? EMBEDDED_DNS_DEFAULTS.tcpMessageDeadlineMs,
    };
    const workers = options.workers ?? 0;
    if (workers > 0) {
        return startWorkerPool({
            count: workers, host: options.listen.host, port: options.listen.port, zone, processor, tsigKeys: options.tsigKeys,
            udpPayloadMax: options.udpPayloadMax ?? EMBEDDED_DNS_DEFAULTS.udpPayloadMax, ...tcp,
            rateLimit: options.rateLimit ?? null, transferKeys: options.transfer?.keys ?? [],
            log: options.log ?? stderrLog,
        });
    }
    const limiter = counters.rateLimiter;
    return listen({
        host: options.listen.host,
        port: options.listen.port,
        respond: (request, kind) => processor.respond(request, kind),
        ...tcp,
        udpShared: false,
        observeReply: (reply) => counters.replies.observe(reply),
        ...(limiter === null ? {} : { admitUdpReply: (reply, address) => limiter.admit(reply, address) }),
    });
}
export function createProcessor(zone, options, counters = { updatesRefused: 0 }, 
/** The policy compiled by the caller, which keeps it to change the managed names; default: compiled from options. */
compiledPolicy = options.updatePolicy === undefined ? undefined : compileUpdatePolicy(options.updatePolicy)) {
    const nowMs = options.nowMs ?? Date.now;
    const nowSeconds = () => Math.floor(nowMs() / 1000);
    const udpPayloadMax = options.udpPayloadMax ?? EMBEDDED_DNS_DEFAULTS.udpPayloadMax;
    assert(udpPayloadMax >= 512 && udpPayloadMax <= 65535, 'udpPayloadMax must be within 512..65535');
    const log = options.log ?? stderrLog;
    const handlers = buildChain({
        zone: () => zone.reader,
        random: options.random,
        tsigKeys: keysByName(options.tsigKeys),
        nowSeconds,
        udpPayloadMax,
        applyUpdate: (message) => applyUpdate(zone, message),
        ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
        ...(compiledPolicy === undefined ? {} : { updatePolicy: compiledPolicy }),
        updateRecordsMax: options.updateRecordsMax ?? EMBEDDED_DNS_DEFAULTS.updateRecordsMax,
        ...(options.transfer === undefined || options.transfer.keys.length === 0 ? {} : { transfer: { keys: new Set(options.transfer.keys), contents: () => zone.zone.names(), versions: () => zone.history } }),
        onUpdateRefused: (key, detail) => {
            counters.updatesRefused++;
            log(logLine('warn', { msg: 'update refused', key, detail }));
        },
    });
    return new PacketProcessor({ handlers, nowSeconds, random: options.random, log });
}
//# sourceMappingURL=server.js.map
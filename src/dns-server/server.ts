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
import type { Random } from '../core/ports/random.js';
import type { TsigKey } from '../dns-wire/index.js';
import { buildChain } from './chain.js';
import { logLine, stderrLog, type LogSink } from './log.js';
import { startNotifier, type NotifyTarget } from './notify.js';
import { PacketProcessor } from './packet.js';
import { listen, type Transport } from './transport.js';
import { startWorkerPool } from './workers.js';
import { applyUpdate, type UpdateResult } from './update.js';
import { compileUpdatePolicy, type CompiledUpdatePolicy, type UpdatePolicy } from './update-policy.js';
import { ResponseRateLimiter, type RateLimitCounts, type RateLimitSettings } from './rate-limit.js';
import { ReplyCounter, addCounts, type RcodeCounts } from './reply-counts.js';
import { ZoneStore } from './zone-store.js';

export interface EmbeddedDnsOptions {
  /** The zone origin, absolute: "example.test.". */
  readonly origin: string;
  /** Port 0: an ephemeral port, the same one for UDP and TCP. */
  readonly listen: { readonly host: string; readonly port: number };
  /** null: keep the zone in memory only. */
  readonly dataDir: string | null;
  /** Keys accepted for UPDATE (and for signed queries). */
  readonly tsigKeys: readonly TsigKey[];
  /** Draws the weighted samples of plan endpoints. */
  readonly random: Random;
  readonly nowMs?: () => number;
  readonly nameServers?: readonly { readonly name: string; readonly address?: string }[];
  /** Our EDNS UDP payload limit (the DNS Flag Day 2020 value by default). */
  readonly udpPayloadMax?: number;
  readonly tcpIdleTimeoutMs?: number;
  readonly tcpConnectionsMax?: number;
  /** TCP connections one client address may hold at once (16). */
  readonly tcpConnectionsPerClientMax?: number;
  /** A TCP message must arrive whole within this many ms of its first byte (5,000). */
  readonly tcpMessageDeadlineMs?: number;
  /**
   * Who may change what, per key (update-policy.ts). Absent: every key in `tsigKeys` may change
   * every name (library use, tests); dnsplane's processes always pass one.
   */
  readonly updatePolicy?: UpdatePolicy;
  /** Prerequisites plus updates one UPDATE may list (6,000; a 64 KiB message holds about 5,400 small records). */
  readonly updateRecordsMax?: number;
  /**
   * Response rate limiting of UDP replies (rate-limit.ts). Absent or null: off. dnsplane's
   * config turns it on by default (`dns.rateLimit`). With workers, each worker limits at
   * responsesPerSecond / workers, since the kernel spreads one client's datagrams over them.
   */
  readonly rateLimit?: RateLimitSettings | null;
  /** Zone transfers: the keys whose signed AXFR/IXFR are answered, and secondaries to NOTIFY after each change. */
  readonly transfer?: { readonly keys: readonly string[]; readonly notify: readonly NotifyTarget[] };
  readonly compactAfterTransactions?: number;
  /**
   * 0 (default): answer in this process. N: N worker processes (node:cluster) answer from
   * replicas of the zone; this process keeps the only writable copy (see workers.ts).
   */
  readonly workers?: number;
  /** Every UPDATE's outcome, for logs and audit. */
  readonly onUpdate?: (result: UpdateResult) => void;
  /** Where the server's JSON log lines go (a handler that threw, an evicted worker); default stderr. */
  readonly log?: LogSink;
}

export interface EmbeddedDnsStats {
  /** Requests answered SERVFAIL because a handler threw (in this process and in every worker). */
  readonly handlerErrors: number;
  /** Signed UPDATEs refused by the update policy or the per-message bound (logged too). */
  readonly updatesRefused: number;
  /** Replies to queries by rcode name, over UDP and TCP, every worker included (before rate limiting). */
  readonly queriesByRcode: RcodeCounts;
  /** UDP replies rate limiting withheld (dropped) or sent truncated (slipped). */
  readonly rateLimited: RateLimitCounts;
}

/** What this process counts; the worker pool adds its workers' counts. */
export interface ServerCounters {
  updatesRefused: number;
  readonly replies: ReplyCounter;
  readonly rateLimiter: ResponseRateLimiter | null;
}

export interface EmbeddedDns {
  readonly port: number;
  readonly zone: ZoneStore;
  readonly processor: PacketProcessor;
  /** Resolves once every committed transaction is visible to every process answering queries. */
  replicated(): Promise<void>;
  /**
   * The names the Enactors' key may write from now on (a reload changed the endpoints); without
   * an update policy every key may write every name and this changes nothing.
   */
  setManagedNames(names: Iterable<string>): void;
  stats(): EmbeddedDnsStats;
  close(): Promise<void>;
}

export const EMBEDDED_DNS_DEFAULTS = {
  udpPayloadMax: 1232,
  tcpIdleTimeoutMs: 10_000,
  tcpConnectionsMax: 256,
  tcpConnectionsPerClientMax: 16,
  tcpMessageDeadlineMs: 5_000,
  updateRecordsMax: 6_000,
} as const;

/** The pool's view of its workers' counters (transport.ts's listener has none). */
type OpenTransport = Transport & { readonly handlerErrors?: number; readonly workerCounts?: () => { queriesByRcode: RcodeCounts; rateLimited: RateLimitCounts } };

export async function startEmbeddedDns(options: EmbeddedDnsOptions): Promise<EmbeddedDns> {
  checkNotifyTargets(options.transfer?.notify ?? [], options.tsigKeys);
  const zone = new ZoneStore({
    origin: options.origin,
    dataDir: options.dataDir,
    ...(options.nameServers === undefined ? {} : { nameServers: options.nameServers }),
    ...(options.compactAfterTransactions === undefined ? {} : { compactAfterTransactions: options.compactAfterTransactions }),
  });
  const workers = options.workers ?? 0;
  const counters: ServerCounters = {
    updatesRefused: 0,
    replies: new ReplyCounter(),
    rateLimiter: options.rateLimit === undefined || options.rateLimit === null || workers > 0 ? null : new ResponseRateLimiter(options.rateLimit),
  };
  const updatePolicy = options.updatePolicy === undefined ? undefined : compileUpdatePolicy(options.updatePolicy);
  const processor = createProcessor(zone, options, counters, updatePolicy);
  // Only the answers the commit may have changed are dropped (answer-cache.ts says which).
  zone.onCommit((commit) => processor.invalidate(commit.changes.map((change) => change.name)));
  let transport: OpenTransport;
  try {
    transport = await openTransport(zone, processor, options, counters);
  } catch (error) {
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
      if (closed) return;
      closed = true;
      notifier?.close();
      await transport.close();
      zone.close();
    },
  };
}

/** A NOTIFY target's key must be one the server has: found at start, not at the first change. */
function checkNotifyTargets(targets: readonly NotifyTarget[], tsigKeys: readonly TsigKey[]): void {
  const keys = keysByName(tsigKeys);
  targets.forEach((target, index) => {
    if (target.key === undefined) return;
    const absolute = (target.key.endsWith('.') ? target.key : `${target.key}.`).toLowerCase();
    if (!keys.has(absolute)) throw new Error(`transfer.notify[${index}].key: '${target.key}' is not one of the server's TSIG keys (${[...keys.keys()].join(', ') || 'none'})`);
  });
}

function keysByName(tsigKeys: readonly TsigKey[]): Map<string, TsigKey> {
  return new Map(tsigKeys.map((key) => [key.name.toLowerCase(), key]));
}

function statsOf(processor: PacketProcessor, transport: OpenTransport, counters: ServerCounters): EmbeddedDnsStats {
  const own = { queriesByRcode: counters.replies.snapshot(), rateLimited: counters.rateLimiter?.counts ?? { dropped: 0, slipped: 0 } };
  const workers = transport.workerCounts?.() ?? { queriesByRcode: {}, rateLimited: { dropped: 0, slipped: 0 } };
  return {
    handlerErrors: processor.handlerErrors + (transport.handlerErrors ?? 0),
    updatesRefused: counters.updatesRefused,
    queriesByRcode: addCounts(own.queriesByRcode, workers.queriesByRcode),
    rateLimited: { dropped: own.rateLimited.dropped + workers.rateLimited.dropped, slipped: own.rateLimited.slipped + workers.rateLimited.slipped },
  };
}

async function openTransport(zone: ZoneStore, processor: PacketProcessor, options: EmbeddedDnsOptions, counters: ServerCounters): Promise<OpenTransport> {
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
    ...(limiter === null ? {} : { admitUdpReply: (reply: Uint8Array, address: string) => limiter.admit(reply, address) }),
  });
}

export function createProcessor(
  zone: ZoneStore,
  options: Pick<EmbeddedDnsOptions, 'random' | 'tsigKeys' | 'nowMs' | 'udpPayloadMax' | 'onUpdate' | 'log' | 'updatePolicy' | 'updateRecordsMax' | 'transfer'>,
  counters: Pick<ServerCounters, 'updatesRefused'> = { updatesRefused: 0 },
  /** The policy compiled by the caller, which keeps it to change the managed names; default: compiled from options. */
  compiledPolicy: CompiledUpdatePolicy | undefined = options.updatePolicy === undefined ? undefined : compileUpdatePolicy(options.updatePolicy),
): PacketProcessor {
  const nowMs = options.nowMs ?? Date.now;
  const nowSeconds = (): number => Math.floor(nowMs() / 1000);
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

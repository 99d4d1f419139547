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
import { stderrLog, type LogSink } from './log.js';
import { PacketProcessor } from './packet.js';
import { listen, type Transport } from './transport.js';
import { startWorkerPool } from './workers.js';
import { applyUpdate, type UpdateResult } from './update.js';
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
}

export interface EmbeddedDns {
  readonly port: number;
  readonly zone: ZoneStore;
  readonly processor: PacketProcessor;
  /** Resolves once every committed transaction is visible to every process answering queries. */
  replicated(): Promise<void>;
  stats(): EmbeddedDnsStats;
  close(): Promise<void>;
}

export const EMBEDDED_DNS_DEFAULTS = {
  udpPayloadMax: 1232,
  tcpIdleTimeoutMs: 10_000,
  tcpConnectionsMax: 256,
} as const;

export async function startEmbeddedDns(options: EmbeddedDnsOptions): Promise<EmbeddedDns> {
  const zone = new ZoneStore({
    origin: options.origin,
    dataDir: options.dataDir,
    ...(options.nameServers === undefined ? {} : { nameServers: options.nameServers }),
    ...(options.compactAfterTransactions === undefined ? {} : { compactAfterTransactions: options.compactAfterTransactions }),
  });
  const processor = createProcessor(zone, options);
  // Only the answers the commit may have changed are dropped (answer-cache.ts says which).
  zone.onCommit((commit) => processor.invalidate(commit.changes.map((change) => change.name)));
  let transport: Transport & { readonly handlerErrors?: number };
  try {
    transport = await openTransport(zone, processor, options);
  } catch (error) {
    zone.close();
    throw error;
  }
  let closed = false;
  return {
    port: transport.port,
    zone,
    processor,
    replicated: () => zone.replicated(),
    stats: () => ({ handlerErrors: processor.handlerErrors + (transport.handlerErrors ?? 0) }),
    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
      zone.close();
    },
  };
}

async function openTransport(zone: ZoneStore, processor: PacketProcessor, options: EmbeddedDnsOptions): Promise<Transport & { readonly handlerErrors?: number }> {
  const tcpIdleTimeoutMs = options.tcpIdleTimeoutMs ?? EMBEDDED_DNS_DEFAULTS.tcpIdleTimeoutMs;
  const tcpConnectionsMax = options.tcpConnectionsMax ?? EMBEDDED_DNS_DEFAULTS.tcpConnectionsMax;
  const workers = options.workers ?? 0;
  if (workers > 0) {
    return startWorkerPool({
      count: workers, host: options.listen.host, port: options.listen.port, zone, processor, tsigKeys: options.tsigKeys,
      udpPayloadMax: options.udpPayloadMax ?? EMBEDDED_DNS_DEFAULTS.udpPayloadMax, tcpIdleTimeoutMs, tcpConnectionsMax,
      log: options.log ?? stderrLog,
    });
  }
  return listen({
    host: options.listen.host,
    port: options.listen.port,
    respond: (request, kind) => processor.process(request, kind),
    tcpIdleTimeoutMs,
    tcpConnectionsMax,
    udpShared: false,
  });
}

export function createProcessor(zone: ZoneStore, options: Pick<EmbeddedDnsOptions, 'random' | 'tsigKeys' | 'nowMs' | 'udpPayloadMax' | 'onUpdate' | 'log'>): PacketProcessor {
  const nowMs = options.nowMs ?? Date.now;
  const nowSeconds = (): number => Math.floor(nowMs() / 1000);
  const udpPayloadMax = options.udpPayloadMax ?? EMBEDDED_DNS_DEFAULTS.udpPayloadMax;
  assert(udpPayloadMax >= 512 && udpPayloadMax <= 65535, 'udpPayloadMax must be within 512..65535');
  const handlers = buildChain({
    zone: () => zone.reader,
    random: options.random,
    tsigKeys: new Map(options.tsigKeys.map((key) => [key.name.toLowerCase(), key])),
    nowSeconds,
    udpPayloadMax,
    applyUpdate: (message) => applyUpdate(zone, message),
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
  });
  return new PacketProcessor({ handlers, nowSeconds, random: options.random, log: options.log ?? stderrLog, udpPayloadMax });
}

/**
 * Messages between the primary (which owns the zone store and its journal) and the worker
 * processes that answer queries from replicas of the zone. A change travels as the ZoneChange
 * itself (the IPC channel writes JSON): producing the journal's base64 wire form and parsing it
 * back in every worker took most of the time from a commit to the last worker's ack (a commit of
 * 1,000 endpoints: about 4x less with this form, `npm run bench -- dns`). Only rdata kept as raw
 * bytes (types the codec does not interpret) is carried as base64, since JSON has no bytes.
 */
import { assert } from '../core/model/assert.js';
import type { RData, TsigAlgorithm } from '../dns-wire/index.js';
import type { RateLimitCounts, RateLimitSettings } from './rate-limit.js';
import type { RcodeCounts } from './reply-counts.js';
import type { RRset, ZoneChange } from './zone.js';

export interface WorkerConfig {
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly tsigKeys: readonly { readonly name: string; readonly algorithm: TsigAlgorithm; readonly secretBase64: string }[];
  readonly udpPayloadMax: number;
  readonly tcpIdleTimeoutMs: number;
  readonly tcpConnectionsMax: number;
  readonly tcpConnectionsPerClientMax: number;
  readonly tcpMessageDeadlineMs: number;
  /** This worker's share of the limit (null: off). */
  readonly rateLimit: RateLimitSettings | null;
  /** Keys whose signed AXFR/IXFR the worker answers (empty: REFUSED). */
  readonly transferKeys: readonly string[];
}

export type PrimaryMessage =
  | { readonly t: 'init'; readonly config: WorkerConfig; readonly seq: number; readonly serial: number; readonly rrsets: readonly ReplicatedChange[] }
  | { readonly t: 'commit'; readonly seq: number; readonly serial: number; readonly changes: readonly ReplicatedChange[] }
  | { readonly t: 'reply'; readonly id: number; readonly bytes: string | null };

export type WorkerMessage =
  /** Sent once the worker listens for messages: IPC messages sent before that would be lost. */
  | { readonly t: 'hello' }
  /** Listening, and answering from the zone at `seq` (the snapshot and every commit applied since). */
  | { readonly t: 'ready'; readonly seq: number }
  /** Commit `seq` is applied: the worker never answers from an older zone again. */
  | { readonly t: 'ack'; readonly seq: number }
  /** A log line for the primary's sink, with the worker's running count of handler errors. */
  | { readonly t: 'log'; readonly line: string; readonly handlerErrors: number }
  /** The worker's running counters (sent every second while they change). */
  | { readonly t: 'stats'; readonly queriesByRcode: RcodeCounts; readonly rateLimited: RateLimitCounts }
  /** An UPDATE received by a worker: only the primary may change the zone. */
  | { readonly t: 'forward'; readonly id: number; readonly bytes: string; readonly transport: 'udp' | 'tcp' };

/** Raw rdata bytes as base64: the only part of a zone change that JSON cannot carry as it is. */
type ReplicatedRData = Exclude<RData, { readonly kind: 'raw' }> | { readonly kind: 'raw64'; readonly base64: string };

/** A ZoneChange as it travels to the workers (see the header). */
export interface ReplicatedChange {
  readonly name: string;
  readonly type: number;
  readonly rrset: (Omit<RRset, 'rdatas'> & { readonly rdatas: readonly ReplicatedRData[] }) | null;
}

export function encodeChanges(changes: readonly ZoneChange[]): ReplicatedChange[] {
  return changes.map(replicatedChange);
}

export function decodeChanges(changes: readonly ReplicatedChange[]): ZoneChange[] {
  return changes.map(zoneChange);
}

function replicatedChange(change: ZoneChange): ReplicatedChange {
  const rrset = change.rrset;
  if (rrset === null || !rrset.rdatas.some(holdsBytes)) return change as ReplicatedChange;
  return { ...change, rrset: { ...rrset, rdatas: rrset.rdatas.map(replicatedRData) } };
}

function holdsBytes(data: RData): boolean {
  // A zone holds no meta records; their bytes would reach the workers as garbage.
  assert(data.kind !== 'TSIG' && data.kind !== 'OPT', `a zone change carries a ${data.kind} record`);
  return data.kind === 'raw';
}

function replicatedRData(data: RData): ReplicatedRData {
  return data.kind === 'raw' ? { kind: 'raw64', base64: Buffer.from(data.bytes).toString('base64') } : data;
}

function zoneChange(change: ReplicatedChange): ZoneChange {
  const rrset = change.rrset;
  if (rrset === null || !rrset.rdatas.some((data) => data.kind === 'raw64')) return change as ZoneChange;
  return { ...change, rrset: { ...rrset, rdatas: rrset.rdatas.map((data): RData => (data.kind === 'raw64' ? { kind: 'raw', bytes: new Uint8Array(Buffer.from(data.base64, 'base64')) } : data)) } };
}

export function isMessage<T extends { t: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

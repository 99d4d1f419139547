/**
 * Messages between the primary (which owns the zone store and its journal) and the worker
 * processes that answer queries from replicas of the zone. Rdata travels as base64 wire bytes,
 * the same encoding as the journal.
 */
import type { TsigAlgorithm } from '../dns-wire/index.js';
import { decodeChange, encodeChange, type StoredChange } from './stored-zone.js';
import type { ZoneChange } from './zone.js';

export interface WorkerConfig {
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly tsigKeys: readonly { readonly name: string; readonly algorithm: TsigAlgorithm; readonly secretBase64: string }[];
  readonly udpPayloadMax: number;
  readonly tcpIdleTimeoutMs: number;
  readonly tcpConnectionsMax: number;
}

export type PrimaryMessage =
  | { readonly t: 'init'; readonly config: WorkerConfig; readonly seq: number; readonly serial: number; readonly rrsets: readonly StoredChange[] }
  | { readonly t: 'commit'; readonly seq: number; readonly serial: number; readonly changes: readonly StoredChange[] }
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
  /** An UPDATE received by a worker: only the primary may change the zone. */
  | { readonly t: 'forward'; readonly id: number; readonly bytes: string; readonly transport: 'udp' | 'tcp' };

export function encodeChanges(changes: readonly ZoneChange[]): StoredChange[] {
  return changes.map(encodeChange);
}

export function decodeChanges(changes: readonly StoredChange[]): ZoneChange[] {
  return changes.map(decodeChange);
}

export function isMessage<T extends { t: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

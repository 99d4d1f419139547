/**
 * The authoritative DNS the Enactors write to. Every implementation must make `applyFenced`
 * atomic for the whole batch: either every write in it happened (each endpoint's fence RRset was
 * byte for byte the one the writer read) or none did. See ARCHITECTURE §2 and the contract suite
 * in test/contract/dns-provider.contract.ts, which runs against every implementation.
 */
import { readFenceRaw, type Fence, type FenceRaw } from '../model/fence.js';
import type { EndpointName, ProviderId } from '../model/ids.js';
import type { EndpointRecords, ServedContent } from '../model/served.js';
import type { Result } from './result.js';

export type { EndpointRecords, LiveAddress, ServedContent } from '../model/served.js';

/** What is live for one endpoint on one provider. */
export interface LiveEndpoint extends ServedContent {
  readonly name: EndpointName;
  /** The fence TXT RRset exactly as read (null: none). A write's prerequisite is this value. */
  readonly fenceRaw: FenceRaw | null;
  /** The parsed fence; null when absent or not ours (then fenceMalformed says why). */
  readonly fence: Fence | null;
  /** A fence RRset that exists but is not ours (several records, or a value that does not parse). */
  readonly fenceMalformed?: string;
}

export interface FencedWrite {
  readonly endpoint: EndpointName;
  /** The fence RRset exactly as the writer read it (null: the fence must not exist). The prerequisite. */
  readonly expectedFence: FenceRaw | null;
  readonly newFence: Fence;
  readonly records: EndpointRecords;
}

export type ApplyOutcome =
  /** Every write of the batch is live. */
  | { readonly kind: 'applied' }
  /** A prerequisite failed: another writer moved at least one fence. Nothing was changed. */
  | { readonly kind: 'conflict'; readonly detail: string };

export interface DnsProvider {
  readonly id: ProviderId;
  /** How many endpoint writes one atomic transaction may carry. */
  readonly writesPerTransactionMax: number;
  /**
   * How many transactions (applyFenced calls on disjoint endpoints) an Enactor may have in flight
   * at once on this provider; absent: 1, one after another. RFC 2136 servers that keep up with
   * pipelined UPDATE messages set it above 1.
   */
  readonly transactionsInFlightMax?: number;
  readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>>;
  applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>>;
  /**
   * Pure: what this provider serves after writing `records` (RFC 2136 servers and Route 53 keep
   * the top answersMax addresses by weight and no weights; the embedded server keeps them all).
   * Reconciliation compares it with what `readEndpoints` returns.
   */
  materialise(records: EndpointRecords): ServedContent;
}

/** A LiveEndpoint from a fence RRset as read and the served content: every provider parses fences this one way. */
export function liveEndpoint(name: EndpointName, fenceRaw: FenceRaw | null, served: ServedContent): LiveEndpoint {
  const reading = readFenceRaw(fenceRaw);
  const base = { name, ...served, fenceRaw: reading.kind === 'absent' ? null : reading.raw };
  if (reading.kind === 'malformed') return { ...base, fence: null, fenceMalformed: reading.text };
  return { ...base, fence: reading.kind === 'fence' ? reading.fence : null };
}

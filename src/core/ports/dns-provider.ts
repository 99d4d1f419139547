/**
 * The authoritative DNS the Enactors write to. Every implementation must make `applyFenced`
 * atomic for the whole batch: either every write in it happened (each endpoint's fence matched
 * exactly the value the writer read) or none did. See ARCHITECTURE §2 and the contract suite in
 * test/contract/dns-provider.ts, which runs against every implementation.
 */
import type { Fence } from '../model/fence.js';
import type { EndpointName, ProviderId } from '../model/ids.js';
import type { WeightedAddress } from '../model/plan.js';
import type { Result } from './result.js';

export interface EndpointRecords {
  readonly ttlSeconds: number;
  readonly answersMax: number;
  readonly addresses: readonly WeightedAddress[];
}

/** What is live for one endpoint on one provider. */
export interface LiveEndpoint {
  readonly name: EndpointName;
  /** null: no fence record (never written by dnsplane). */
  readonly fence: Fence | null;
  /** A fence record that exists but does not parse: never overwritten blindly. */
  readonly fenceMalformed?: string;
  readonly addresses: readonly { readonly family: 'A' | 'AAAA'; readonly address: string }[];
}

export interface FencedWrite {
  readonly endpoint: EndpointName;
  /** The exact fence the writer read (null: the fence must not exist). The prerequisite. */
  readonly expectedFence: Fence | null;
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
}

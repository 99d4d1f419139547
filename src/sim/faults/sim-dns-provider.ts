/**
 * The simulator's DnsProvider: the embedded server's provider over an in-memory zone, behind
 * injected faults.
 *
 *   caller ──request latency──► [contention wait] ──► inner.applyFenced (atomic, at that instant)
 *          ◄─response latency── [lost response?]  ◄──┘
 *
 * A call whose total latency exceeds `timeoutMs` returns a retryable 'timeout' at the timeout while
 * the request still lands later (the dangerous case: the writer does not know whether it wrote).
 * What the zone serves is observed by the world from the zone itself (every committed transaction,
 * hand edits included), not from here. A provider can also be down for everyone (`outage.down`):
 * unreadable and unwritable, as during a maintenance or a network partition.
 */
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import type { Clock } from '../../core/ports/clock.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint, ServedContent } from '../../core/ports/dns-provider.js';
import type { Random } from '../../core/ports/random.js';
import { failure, type Result } from '../../core/ports/result.js';
import { chance, drawLatencyMs, NO_LATENCY, type LatencyModel } from './latency.js';

export interface ProviderFaults {
  readonly latency: LatencyModel;
  /** The request fails before reaching the provider (nothing applied). */
  readonly errorProbability: number;
  /** The request is applied but the answer never reaches the caller. */
  readonly lostResponseProbability: number;
  /** The transaction waits behind another writer's for `contentionWaitMs` (may push it past the timeout). */
  readonly contentionProbability: number;
  readonly contentionWaitMs: number;
  readonly timeoutMs: number;
}

export const NO_PROVIDER_FAULTS: ProviderFaults = {
  latency: NO_LATENCY, errorProbability: 0, lostResponseProbability: 0, contentionProbability: 0, contentionWaitMs: 0, timeoutMs: Number.POSITIVE_INFINITY,
};

export interface FaultSwitch {
  /** False in the liveness phase: faults healed. */
  readonly faultsOn: boolean;
}

/**
 * The write being delivered right now, set while it is applied (synchronously) so that the zone
 * observer can tell when it left its sender: a drop an operator's override allowed when it was
 * sent may land after the override ended (the network's delay, not the sender's choice).
 */
export interface WriteInTransit {
  sentAtMs: number | null;
}

/** A provider down for every caller (shared by every process's view of it). */
export interface ProviderOutage {
  down: boolean;
}

export class SimDnsProvider implements DnsProvider {
  readonly id: ProviderId;
  readonly writesPerTransactionMax: number;

  constructor(
    private readonly inner: DnsProvider,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly faults: () => ProviderFaults,
    private readonly faultSwitch: FaultSwitch,
    private readonly outage: ProviderOutage,
    private readonly note: (text: string) => void,
    private readonly transit: WriteInTransit = { sentAtMs: null },
  ) {
    this.id = inner.id;
    this.writesPerTransactionMax = inner.writesPerTransactionMax;
  }

  async readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    const faults = this.active();
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (chance(faults.errorProbability, this.random)) return failure('unavailable', `${this.id}: injected read error`, true);
    if (this.outage.down) return failure('unavailable', `${this.id}: provider down (simulated)`, true);
    const result = await this.inner.readEndpoints(names);
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    return result;
  }

  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    const faults = this.active();
    let requestMs = drawLatencyMs(faults.latency, this.random);
    if (chance(faults.contentionProbability, this.random)) requestMs += faults.contentionWaitMs;
    const responseMs = drawLatencyMs(faults.latency, this.random);
    if (chance(faults.errorProbability, this.random)) {
      await this.clock.sleepMs(requestMs);
      return failure('unavailable', `${this.id}: injected error, nothing applied`, true);
    }
    const lost = chance(faults.lostResponseProbability, this.random);
    const landed = this.applyAfter(requestMs, writes, this.clock.monotonicMs());
    if (requestMs + responseMs > faults.timeoutMs) {
      await this.clock.sleepMs(faults.timeoutMs);
      return failure('timeout', `${this.id}: no answer within ${faults.timeoutMs} ms (the write may still land)`, true);
    }
    const outcome = await landed;
    await this.clock.sleepMs(responseMs);
    if (lost) return failure('timeout', `${this.id}: response lost (the write ${outcome.ok && outcome.value.kind === 'applied' ? 'did' : 'did not'} land)`, true);
    return outcome;
  }

  materialise(records: EndpointRecords): ServedContent {
    return this.inner.materialise(records);
  }

  private active(): ProviderFaults {
    return this.faultSwitch.faultsOn ? this.faults() : NO_PROVIDER_FAULTS;
  }

  private async applyAfter(delayMs: number, writes: readonly FencedWrite[], sentAtMs: number): Promise<Result<ApplyOutcome>> {
    await this.clock.sleepMs(delayMs);
    if (this.outage.down) return failure('unavailable', `${this.id}: provider down (simulated), nothing applied`, true);
    // The zone commits synchronously inside the call: its observer sees the send time.
    this.transit.sentAtMs = sentAtMs;
    const applying = this.inner.applyFenced(writes);
    this.transit.sentAtMs = null;
    const outcome = await applying;
    if (outcome.ok && outcome.value.kind === 'applied') {
      for (const write of writes) this.note(`dns ${this.id} ${write.endpoint} := g${write.newFence.generation} by ${write.newFence.by} (${write.records.addresses.length} addresses)`);
    }
    return outcome;
  }
}

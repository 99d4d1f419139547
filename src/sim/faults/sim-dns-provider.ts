/**
 * The simulator's DnsProvider: the contract-enforcing MemoryDnsProvider behind injected faults.
 *
 *   caller ──request latency──► [contention wait] ──► inner.applyFenced (atomic, at that instant)
 *          ◄─response latency── [lost response?]  ◄──┘
 *
 * A call whose total latency exceeds `timeoutMs` returns a retryable 'timeout' at the timeout while
 * the request still lands later (the dangerous case: the writer does not know whether it wrote).
 * Every change of live state is reported to the observer (the checkers) at the instant it happens.
 */
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import type { Clock } from '../../core/ports/clock.js';
import type { ApplyOutcome, DnsProvider, FencedWrite, LiveEndpoint } from '../../core/ports/dns-provider.js';
import type { Random } from '../../core/ports/random.js';
import { failure, type Result } from '../../core/ports/result.js';
import type { DnsObservation } from '../checkers/types.js';
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

export class SimDnsProvider implements DnsProvider {
  readonly id: ProviderId;
  readonly writesPerTransactionMax: number;

  constructor(
    private readonly inner: DnsProvider,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly faults: () => ProviderFaults,
    private readonly faultSwitch: FaultSwitch,
    private readonly observe: (o: DnsObservation) => void,
    private readonly note: (text: string) => void,
  ) {
    this.id = inner.id;
    this.writesPerTransactionMax = inner.writesPerTransactionMax;
  }

  async readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    const faults = this.active();
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (chance(faults.errorProbability, this.random)) return failure('unavailable', `${this.id}: injected read error`, true);
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
    const landed = this.applyAfter(requestMs, writes);
    if (requestMs + responseMs > faults.timeoutMs) {
      await this.clock.sleepMs(faults.timeoutMs);
      return failure('timeout', `${this.id}: no answer within ${faults.timeoutMs} ms (the write may still land)`, true);
    }
    const outcome = await landed;
    await this.clock.sleepMs(responseMs);
    if (lost) return failure('timeout', `${this.id}: response lost (the write ${outcome.ok && outcome.value.kind === 'applied' ? 'did' : 'did not'} land)`, true);
    return outcome;
  }

  private active(): ProviderFaults {
    return this.faultSwitch.faultsOn ? this.faults() : NO_PROVIDER_FAULTS;
  }

  private async applyAfter(delayMs: number, writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    await this.clock.sleepMs(delayMs);
    const outcome = await this.inner.applyFenced(writes);
    if (outcome.ok && outcome.value.kind === 'applied') {
      const atMs = this.clock.nowMs();
      for (const write of writes) {
        this.note(`dns ${this.id} ${write.endpoint} := g${write.newFence.generation} by ${write.newFence.by} (${write.records.addresses.length} addresses)`);
        this.observe({
          atMs, provider: this.id, endpoint: write.endpoint, generation: write.newFence.generation,
          addressCount: write.records.addresses.length, capacity: write.records.addresses.reduce((sum, a) => sum + a.weight, 0),
        });
      }
    }
    return outcome;
  }
}

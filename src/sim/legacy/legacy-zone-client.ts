/**
 * One Enactor's path to the legacy zone, with the same fault model as the fenced providers:
 * latency with a long tail, injected errors, contention waits, lost responses (applied, unheard).
 */
import type { Clock } from '../../core/ports/clock.js';
import type { EndpointRecords } from '../../core/ports/dns-provider.js';
import type { Random } from '../../core/ports/random.js';
import { chance, drawLatencyMs } from '../faults/latency.js';
import { NO_PROVIDER_FAULTS, type FaultSwitch, type ProviderFaults } from '../faults/sim-dns-provider.js';
import type { LegacyBatch, LegacyEndpointView, LegacyZone } from './legacy-zone.js';

export type LegacyCall<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export class LegacyZoneClient {
  constructor(
    private readonly zone: LegacyZone,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly faults: () => ProviderFaults,
    private readonly faultSwitch: FaultSwitch,
  ) {}

  async read(endpoint: string): Promise<LegacyCall<LegacyEndpointView>> {
    const faults = this.active();
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (chance(faults.errorProbability, this.random)) return { ok: false, reason: 'injected read error' };
    const view = this.zone.read(endpoint);
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    return { ok: true, value: view };
  }

  async apply(batch: LegacyBatch): Promise<LegacyCall<'applied' | 'lock-changed'>> {
    const faults = this.active();
    let requestMs = drawLatencyMs(faults.latency, this.random);
    if (chance(faults.contentionProbability, this.random)) requestMs += faults.contentionWaitMs;
    await this.clock.sleepMs(requestMs);
    if (chance(faults.errorProbability, this.random)) return { ok: false, reason: 'injected error, nothing applied' };
    const outcome = this.zone.apply(batch);
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (chance(faults.lostResponseProbability, this.random)) return { ok: false, reason: 'response lost' };
    return { ok: true, value: outcome };
  }

  async writeTree(endpoint: string, generation: number, records: EndpointRecords): Promise<boolean> {
    const faults = this.active();
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    if (chance(faults.errorProbability, this.random)) return false;
    this.zone.writeTree(endpoint, generation, records);
    await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
    return true;
  }

  async listTrees(endpoint: string): Promise<number[]> {
    await this.clock.sleepMs(drawLatencyMs(this.active().latency, this.random));
    return this.zone.listTrees(endpoint);
  }

  async deleteTree(endpoint: string, generation: number, by: string): Promise<boolean> {
    await this.clock.sleepMs(drawLatencyMs(this.active().latency, this.random));
    return this.zone.deleteTree(endpoint, generation, by);
  }

  private active(): ProviderFaults {
    return this.faultSwitch.faultsOn ? this.faults() : NO_PROVIDER_FAULTS;
  }
}

/**
 * An in-memory DnsProvider that enforces the provider contract exactly as a real server does:
 * a batch applies only if every write's expected fence equals the live fence (by value), and then
 * all of it applies at once. Used by unit tests and, with fault injection layered on top, by the
 * simulator.
 */
import { fencesEqual, formatFence, type Fence } from '../../core/model/fence.js';
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint } from '../../core/ports/dns-provider.js';
import { failure, ok, type Result } from '../../core/ports/result.js';

export interface MemoryEndpointState {
  readonly fence: Fence | null;
  readonly records: EndpointRecords | null;
}

export class MemoryDnsProvider implements DnsProvider {
  private readonly endpoints = new Map<string, MemoryEndpointState>();
  private readonly malformedFences = new Map<string, string>();
  private available = true;

  constructor(readonly id: ProviderId, readonly writesPerTransactionMax = 100) {}

  setAvailable(available: boolean): void {
    this.available = available;
  }

  /** Sets a fence by hand, as an operator or a foreign tool would. */
  setFence(endpoint: EndpointName, fence: Fence | null): void {
    const current = this.endpoints.get(endpoint);
    this.endpoints.set(endpoint, { fence, records: current?.records ?? null });
  }

  /** Writes garbage into a fence record, as a broken tool would. */
  setMalformedFence(endpoint: EndpointName, text: string): void {
    this.malformedFences.set(endpoint, text);
  }

  state(endpoint: EndpointName): MemoryEndpointState | undefined {
    return this.endpoints.get(endpoint);
  }

  async readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    if (!this.available) return failure('unavailable', `provider ${this.id} unavailable`, true);
    return ok(names.map((name) => this.readOne(name)));
  }

  private readOne(name: EndpointName): LiveEndpoint {
    const state = this.endpoints.get(name);
    const addresses = (state?.records?.addresses ?? []).map((a) => ({ family: a.family, address: a.address }));
    const malformed = this.malformedFences.get(name);
    if (malformed !== undefined) return { name, fence: null, fenceMalformed: malformed, addresses };
    return { name, fence: state?.fence ?? null, addresses };
  }

  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    if (!this.available) return failure('unavailable', `provider ${this.id} unavailable`, true);
    if (writes.length > this.writesPerTransactionMax) {
      return failure('too-large', `${writes.length} writes exceed ${this.writesPerTransactionMax} per transaction`, false);
    }
    for (const write of writes) {
      const mismatch = this.prerequisiteMismatch(write);
      if (mismatch !== null) return ok({ kind: 'conflict', detail: mismatch });
    }
    for (const write of writes) this.endpoints.set(write.endpoint, { fence: write.newFence, records: write.records });
    return ok({ kind: 'applied' });
  }

  private prerequisiteMismatch(write: FencedWrite): string | null {
    if (this.malformedFences.has(write.endpoint)) return `fence of ${write.endpoint} is malformed`;
    const live = this.endpoints.get(write.endpoint)?.fence ?? null;
    if (fencesEqual(live, write.expectedFence)) return null;
    const expected = write.expectedFence ? formatFence(write.expectedFence) : 'absent';
    const actual = live ? formatFence(live) : 'absent';
    return `fence of ${write.endpoint} is '${actual}', expected '${expected}'`;
  }
}

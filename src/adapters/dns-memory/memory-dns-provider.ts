/**
 * An in-memory DnsProvider that enforces the provider contract exactly as a real server does:
 * the fence is kept as TXT character-strings (the wire form), parsed on every read, and a batch
 * applies only if every write's expected fence RRset equals the live one byte for byte; then all
 * of it applies at once. Used by unit tests; hand edits (setFenceRaw, setServed) stand for an
 * operator or a foreign tool.
 */
import { describeFenceRaw, fenceRawEqual, rawOfFence, type Fence, type FenceRaw } from '../../core/model/fence.js';
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import { materialiseWeighted } from '../../core/model/served.js';
import { liveEndpoint, type ApplyOutcome, type DnsProvider, type EndpointRecords, type FencedWrite, type LiveEndpoint, type ServedContent } from '../../core/ports/dns-provider.js';
import { failure, ok, type Result } from '../../core/ports/result.js';

export interface MemoryEndpointState {
  readonly fenceRaw: FenceRaw | null;
  readonly served: ServedContent;
}

const NOTHING_SERVED: ServedContent = { ttlSeconds: null, addresses: [] };

export class MemoryDnsProvider implements DnsProvider {
  private readonly endpoints = new Map<string, MemoryEndpointState>();
  private available = true;

  constructor(readonly id: ProviderId, readonly writesPerTransactionMax = 100) {}

  setAvailable(available: boolean): void {
    this.available = available;
  }

  materialise(records: EndpointRecords): ServedContent {
    return materialiseWeighted(records);
  }

  /** Sets a fence by hand, as an operator or a foreign tool would (null deletes it). */
  setFence(endpoint: EndpointName, fence: Fence | null): void {
    this.setFenceRaw(endpoint, fence === null ? null : rawOfFence(fence));
  }

  /** Sets the fence RRset to exactly these character-strings (garbage, several records, a split value). */
  setFenceRaw(endpoint: EndpointName, raw: FenceRaw | null): void {
    this.endpoints.set(endpoint, { fenceRaw: raw, served: this.endpoints.get(endpoint)?.served ?? NOTHING_SERVED });
  }

  /** Writes garbage into a fence record, as a broken tool would. */
  setMalformedFence(endpoint: EndpointName, text: string): void {
    this.setFenceRaw(endpoint, [[text]]);
  }

  /** Replaces what a name serves, fence untouched (a hand edit). */
  setServed(endpoint: EndpointName, served: ServedContent): void {
    this.endpoints.set(endpoint, { fenceRaw: this.endpoints.get(endpoint)?.fenceRaw ?? null, served });
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
    return liveEndpoint(name, state?.fenceRaw ?? null, state?.served ?? NOTHING_SERVED);
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
    for (const write of writes) this.endpoints.set(write.endpoint, { fenceRaw: rawOfFence(write.newFence), served: this.materialise(write.records) });
    return ok({ kind: 'applied' });
  }

  private prerequisiteMismatch(write: FencedWrite): string | null {
    const live = this.endpoints.get(write.endpoint)?.fenceRaw ?? null;
    if (fenceRawEqual(live, write.expectedFence)) return null;
    return `fence of ${write.endpoint} is ${describeFenceRaw(live)}, expected ${describeFenceRaw(write.expectedFence)}`;
  }
}

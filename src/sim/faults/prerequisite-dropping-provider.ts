/**
 * SABOTAGE, for testing the checkers: a provider that silently replaces each write's expected fence
 * with whatever is live, so every compare-and-swap succeeds. This is "an Enactor that skips the
 * fence": a stale Enactor then overwrites newer records. The explorer must catch it.
 */
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import type { ApplyOutcome, DnsProvider, FencedWrite, LiveEndpoint } from '../../core/ports/dns-provider.js';
import type { Result } from '../../core/ports/result.js';
import type { MemoryDnsProvider } from '../../adapters/dns-memory/memory-dns-provider.js';

export class PrerequisiteDroppingProvider implements DnsProvider {
  readonly id: ProviderId;
  readonly writesPerTransactionMax: number;

  constructor(private readonly inner: MemoryDnsProvider) {
    this.id = inner.id;
    this.writesPerTransactionMax = inner.writesPerTransactionMax;
  }

  readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    return this.inner.readEndpoints(names);
  }

  applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    const blind = writes.map((w) => ({ ...w, expectedFence: this.inner.state(w.endpoint)?.fence ?? null }));
    return this.inner.applyFenced(blind);
  }
}

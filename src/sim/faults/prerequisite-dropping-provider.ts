/**
 * SABOTAGE, for testing the checkers: a provider that silently replaces each write's expected fence
 * with whatever is live, so every compare-and-swap succeeds. This is "an Enactor that skips the
 * fence": a stale Enactor then overwrites newer records. The explorer must catch it.
 */
import type { ProviderId } from '../../core/model/ids.js';
import type { ApplyOutcome, DnsProvider, EndpointRecords, FencedWrite, LiveEndpoint, ServedContent } from '../../core/ports/dns-provider.js';
import type { Result } from '../../core/ports/result.js';

export class PrerequisiteDroppingProvider implements DnsProvider {
  readonly id: ProviderId;
  readonly writesPerTransactionMax: number;

  constructor(private readonly inner: DnsProvider, private readonly liveFenceOf: (endpoint: string) => LiveEndpoint['fenceRaw']) {
    this.id = inner.id;
    this.writesPerTransactionMax = inner.writesPerTransactionMax;
  }

  readEndpoints(names: Parameters<DnsProvider['readEndpoints']>[0]): Promise<Result<readonly LiveEndpoint[]>> {
    return this.inner.readEndpoints(names);
  }

  applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    const blind = writes.map((w) => ({ ...w, expectedFence: this.liveFenceOf(w.endpoint) }));
    return this.inner.applyFenced(blind);
  }

  materialise(records: EndpointRecords): ServedContent {
    return this.inner.materialise(records);
  }
}

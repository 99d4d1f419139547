/**
 * CleanerSafety: no generation that is live anywhere is deleted. A deletion naming an endpoint
 * (a legacy record tree) is checked against that endpoint; a stored plan's deletion against every
 * live endpoint on every provider.
 */
import type { LiveTable } from './live-table.js';
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';

export class CleanerSafetyChecker implements Checker {
  private readonly found: Violation[] = [];

  constructor(private readonly seed: number, private readonly live: LiveTable) {}

  observeDns(_o: DnsObservation): void {}

  observeDeletion(d: GenerationDeletion): void {
    for (const o of this.live.all()) {
      if (o.generation !== d.generation) continue;
      if (d.endpoint !== undefined && (d.endpoint !== o.endpoint || (d.provider !== undefined && d.provider !== o.provider))) continue;
      this.found.push({ invariant: 'CleanerSafety', endpoint: o.endpoint, atMs: d.atMs, seed: this.seed, detail: `${d.by} deleted generation ${d.generation}, live on ${o.endpoint} (${o.provider})` });
    }
  }

  violations(): readonly Violation[] {
    return this.found;
  }
}

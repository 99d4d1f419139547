/**
 * CleanerSafety: no generation that is live anywhere is deleted by the Cleaner. A deletion naming
 * an endpoint (a legacy record tree) is checked against that endpoint; a stored plan's deletion
 * against every live fence of ours on every provider. An operator's restore or wipe of the store is
 * not the Cleaner's and is not checked here (DNS does not depend on stored plans; NeverEmpty and
 * Convergence watch what follows).
 */
import type { LiveTable } from './live-table.js';
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';

export class CleanerSafetyChecker implements Checker {
  private readonly found: Violation[] = [];

  constructor(private readonly seed: number, private readonly live: LiveTable) {}

  observeDns(_o: DnsObservation): void {}

  observeDeletion(d: GenerationDeletion): void {
    if (d.by !== 'cleaner') return;
    for (const o of this.live.all()) {
      if (o.generation !== d.generation || (o.fence ?? 'ours') !== 'ours') continue;
      if (d.endpoint !== undefined && (d.endpoint !== o.endpoint || (d.provider !== undefined && d.provider !== o.provider))) continue;
      this.found.push({ invariant: 'CleanerSafety', endpoint: o.endpoint, atMs: d.atMs, seed: this.seed, detail: `${d.by} deleted generation ${d.generation}, live on ${o.endpoint} (${o.provider})` });
    }
  }

  violations(): readonly Violation[] {
    return this.found;
  }
}

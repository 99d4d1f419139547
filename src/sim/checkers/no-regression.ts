/** NoRegression: the generation live on an endpoint (per provider) never decreases. */
import { liveKey, type Checker, type DnsObservation, type GenerationDeletion, type Violation } from './types.js';

export class NoRegressionChecker implements Checker {
  private readonly found: Violation[] = [];
  private readonly highest = new Map<string, number>();

  constructor(private readonly seed: number) {}

  observeDns(o: DnsObservation): void {
    const key = liveKey(o.provider, o.endpoint);
    const before = this.highest.get(key) ?? 0;
    if (o.generation < before) {
      this.found.push({ invariant: 'NoRegression', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed, detail: `${o.endpoint} on ${o.provider} went back from generation ${before} to ${o.generation}` });
      return;
    }
    this.highest.set(key, o.generation);
  }

  observeDeletion(_deletion: GenerationDeletion): void {}

  violations(): readonly Violation[] {
    return this.found;
  }
}

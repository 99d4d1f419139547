/**
 * Freeze, on served answers: while an operator's freeze of a name (or of everything) is in force,
 * the control plane does not change the addresses that name serves. Three changes are allowed,
 * because production allows them on purpose:
 * - a repair back to what the control plane last served (a hand edit undone);
 * - a write over a name that serves no load balancer's address (empty, or only hand-added strays:
 *   there is nothing in place to keep, and never-empty beats freeze);
 * - a write of a generation created before the freeze took effect (a tick already under way when
 *   the operator froze: the freeze is read at the start of each tick, not in the middle of one).
 */
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';
import { liveKey } from './types.js';

export interface FreezeWindow {
  /** An endpoint name or '*'. */
  readonly target: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export class FreezeChecker implements Checker {
  private readonly found: Violation[] = [];
  private readonly lastServed = new Map<string, string>();
  private readonly lastByControlPlane = new Map<string, string>();
  private readonly lastCapacity = new Map<string, number>();

  constructor(
    private readonly seed: number,
    private readonly windows: () => readonly FreezeWindow[],
    /** When a generation was created (virtual ms); undefined: unknown (treated as before any freeze). */
    private readonly createdAtMs: (generation: number) => number | undefined,
    /** How long after placing a freeze a tick that started before it may still write (ms). */
    private readonly graceMs: number,
  ) {}

  observeDns(o: DnsObservation): void {
    if (o.addresses === undefined) return;
    const key = liveKey(o.provider, o.endpoint);
    const content = o.addresses.join(',');
    const before = this.lastServed.get(key);
    const beforeOurs = this.lastByControlPlane.get(key);
    const beforeCapacity = this.lastCapacity.get(key);
    this.lastServed.set(key, content);
    this.lastCapacity.set(key, o.capacity);
    if (o.source === 'hand') return;
    this.lastByControlPlane.set(key, content);
    if (before === undefined || before === '' || beforeCapacity === 0 || before === content || content === beforeOurs) return;
    const window = this.windows().find((w) => (w.target === '*' || w.target === o.endpoint) && o.atMs >= w.fromMs && o.atMs < w.toMs);
    if (window === undefined) return;
    const created = this.createdAtMs(o.generation);
    if (created === undefined || created < window.fromMs + this.graceMs) return;
    this.found.push({
      invariant: 'Freeze', endpoint: o.endpoint, atMs: o.atMs, seed: this.seed,
      detail: `${o.endpoint} on ${o.provider} is frozen since ${window.fromMs} ms but generation ${o.generation} (created at ${created} ms) changed it from [${before}] to [${content}]`,
    });
  }

  observeDeletion(_deletion: GenerationDeletion): void {}

  violations(): readonly Violation[] {
    return this.found;
  }
}

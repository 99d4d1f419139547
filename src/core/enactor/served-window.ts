/**
 * What each provider served, per name and address family, within the velocity window, as this
 * Enactor read it and wrote it. The per-write bound alone lets consecutive writes each remove a
 * full share: a lagging write that lands late can raise a name for an instant, and the next two
 * plans then take it down twice (the Planner never read the peak; this Enactor did, in the
 * compare-and-swap). The bound is taken from the highest capacity in the window instead.
 *
 * Times are monotonic. In memory, so a restarted Enactor cannot know what a provider served in
 * the window before its first read of it: like the Planner, it lets no capacity leave that provider
 * for one window after that read (warm-up), unless nothing of ours was live there (a first start).
 */
import type { AddressFamily } from '../model/plan.js';
import { servedCapacity, type ServedContent } from '../model/served.js';
import { VelocityLedger } from '../safety/velocity-ledger.js';
import type { VelocitySettings } from '../safety/safety-settings.js';

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

export class ServedWindow {
  private readonly byProvider = new Map<string, VelocityLedger>();
  /** Per provider|endpoint: the capacity a sent write of unknown outcome would serve, and when it was sent. */
  private readonly uncertain = new Map<string, { readonly capacity: Readonly<Record<AddressFamily, number>>; readonly atMs: number }>();
  /** Per provider: until when no decrease is allowed (absent: not read yet). */
  private readonly warmUntilMs = new Map<string, number>();
  private velocity: VelocitySettings | null = null;

  /**
   * The velocity settings in force (null: velocity control off; nothing is recorded or bounded).
   * Settings that change (a reloaded configuration) start the window again.
   */
  use(velocity: VelocitySettings | null): void {
    if (velocity?.windowMs === this.velocity?.windowMs && velocity?.maxShare === this.velocity?.maxShare) return;
    this.velocity = velocity;
    this.byProvider.clear();
  }

  /**
   * The first read of a provider starts its warm-up, unless no name read carries a fence (nothing
   * of ours was ever served there: there is no earlier window to know). Later reads change nothing.
   */
  begin(provider: string, anyFence: boolean, nowMs: number): void {
    if (this.warmUntilMs.has(provider)) return;
    this.warmUntilMs.set(provider, anyFence && this.velocity !== null ? nowMs + this.velocity.windowMs : Number.NEGATIVE_INFINITY);
  }

  /** How long decreases on the provider still wait for the warm-up (0: over, or velocity off). */
  warmUpLeftMs(provider: string, nowMs: number): number {
    if (this.velocity === null) return 0;
    return Math.max(0, (this.warmUntilMs.get(provider) ?? Number.NEGATIVE_INFINITY) - nowMs);
  }

  /** Records what a name serves on a provider now (read back, or written and acknowledged). */
  observe(provider: string, endpoint: string, content: ServedContent, weightOf: (address: string) => number, nowMs: number): void {
    const ledger = this.ledger(provider);
    if (ledger === null) return;
    for (const family of FAMILIES) ledger.observeServed(endpoint, family, servedCapacity(content, family, weightOf), nowMs);
  }

  /**
   * A write about to be sent: until its answer says it applied or did not, it may land at any time
   * (a timeout does not stop it), even after a read that does not show it yet. What it would serve
   * counts as possibly served for one window; its rise enters the window now.
   */
  sending(provider: string, endpoint: string, content: ServedContent, weightOf: (address: string) => number, nowMs: number): void {
    const ledger = this.ledger(provider);
    if (ledger === null) return;
    const capacity = { A: servedCapacity(content, 'A', weightOf), AAAA: servedCapacity(content, 'AAAA', weightOf) };
    this.uncertain.set(`${provider}|${endpoint}`, { capacity, atMs: nowMs });
    for (const family of FAMILIES) ledger.observeServed(endpoint, family, capacity[family], nowMs, false);
  }

  /**
   * The write's answer came: it applied (then `observe` follows) or it did not (a conflict). A read
   * does not settle it: the write may land after the read.
   */
  settled(provider: string, endpoint: string): void {
    this.uncertain.delete(`${provider}|${endpoint}`);
  }

  /** What the name may serve on the provider: what was read, or more if a write of unknown outcome may land. */
  possiblyServed(provider: string, endpoint: string, family: AddressFamily, served: number, nowMs: number): number {
    const pending = this.uncertain.get(`${provider}|${endpoint}`);
    if (pending === undefined || this.velocity === null || nowMs - pending.atMs > this.velocity.windowMs) return served;
    return Math.max(served, pending.capacity[family]);
  }

  /**
   * The highest capacity the name served on the provider within the window (at least `served`);
   * +Infinity during the warm-up (what was served before the first read is unknown).
   */
  peak(provider: string, endpoint: string, family: AddressFamily, served: number, nowMs: number): number {
    if (this.warmUpLeftMs(provider, nowMs) > 0) return Number.POSITIVE_INFINITY;
    return this.ledger(provider)?.peak(endpoint, family, served, nowMs) ?? served;
  }

  private ledger(provider: string): VelocityLedger | null {
    if (this.velocity === null) return null;
    let ledger = this.byProvider.get(provider);
    if (ledger === undefined) {
      ledger = new VelocityLedger(this.velocity);
      this.byProvider.set(provider, ledger);
    }
    return ledger;
  }
}

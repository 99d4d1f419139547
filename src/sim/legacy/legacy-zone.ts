/**
 * The authoritative zone as the 2025 design laid it out (INCIDENT-2025-10-20.md), simulator only:
 *
 *   lock.<endpoint>      TXT  "holder expiry"            per-endpoint lock, taken by a conditional batch
 *   g<N>.<endpoint>      A/AAAA weighted records        one record tree per generation
 *   <endpoint>           ALIAS → g<N>.<endpoint>        the active tree
 *   rollback.<endpoint>  → g<M>                         the previously active tree
 *
 * A name's answer follows its alias: if the aliased tree has been deleted the answer is empty
 * (NOERROR, no data). The zone reports every change of an answer and every deleted tree to the
 * checkers, like an outside resolver watching it.
 */
import type { EndpointRecords } from '../../core/ports/dns-provider.js';
import type { DnsObservation, GenerationDeletion } from '../checkers/types.js';

export const LEGACY_PROVIDER = 'legacy-zone';

export interface LegacyLock {
  readonly holder: string;
  readonly expiresAtMs: number;
}

export interface LegacyEndpointView {
  readonly lock: LegacyLock | null;
  /** The generation the name is aliased to (null: never written). */
  readonly active: number | null;
  readonly activeTreeExists: boolean;
  readonly rollback: number | null;
}

/** One conditional change batch: aborts as a whole unless the lock is exactly `expectedLock`. */
export interface LegacyBatch {
  readonly endpoint: string;
  readonly expectedLock: LegacyLock | null;
  readonly newLock: LegacyLock;
  readonly generation: number;
  readonly records: EndpointRecords;
  readonly rollbackTo: number | null;
}

export interface LegacyZoneObserver {
  observeDns(o: DnsObservation): void;
  observeDeletion(d: GenerationDeletion): void;
}

export class LegacyZone {
  private readonly locks = new Map<string, LegacyLock>();
  private readonly trees = new Map<string, Map<number, EndpointRecords>>();
  private readonly alias = new Map<string, number>();
  private readonly rollback = new Map<string, number>();

  constructor(private readonly nowMs: () => number, private readonly observer: LegacyZoneObserver) {}

  read(endpoint: string): LegacyEndpointView {
    const active = this.alias.get(endpoint) ?? null;
    return {
      lock: this.locks.get(endpoint) ?? null,
      active,
      activeTreeExists: active !== null && (this.trees.get(endpoint)?.has(active) ?? false),
      rollback: this.rollback.get(endpoint) ?? null,
    };
  }

  apply(batch: LegacyBatch): 'applied' | 'lock-changed' {
    if (!locksEqual(this.locks.get(batch.endpoint) ?? null, batch.expectedLock)) return 'lock-changed';
    this.locks.set(batch.endpoint, batch.newLock);
    this.treesOf(batch.endpoint).set(batch.generation, batch.records);
    this.alias.set(batch.endpoint, batch.generation);
    if (batch.rollbackTo !== null) this.rollback.set(batch.endpoint, batch.rollbackTo);
    this.emitAnswer(batch.endpoint);
    return 'applied';
  }

  /** Clean-up: deletes the endpoint's trees below `belowGeneration`, whatever points at them. */
  deleteTreesBelow(endpoint: string, belowGeneration: number, by: string): number[] {
    const trees = this.treesOf(endpoint);
    const doomed = [...trees.keys()].filter((g) => g < belowGeneration).sort((a, b) => a - b);
    for (const g of doomed) {
      this.observer.observeDeletion({ atMs: this.nowMs(), generation: g, by, provider: LEGACY_PROVIDER, endpoint });
      trees.delete(g);
    }
    if (doomed.includes(this.alias.get(endpoint) ?? -1)) this.emitAnswer(endpoint);
    return doomed;
  }

  /** The operators' hand repair: point the name at a fresh tree with these records. */
  repair(endpoint: string, generation: number, records: EndpointRecords): void {
    this.treesOf(endpoint).set(generation, records);
    this.alias.set(endpoint, generation);
    this.rollback.set(endpoint, generation);
    this.locks.delete(endpoint);
    this.emitAnswer(endpoint);
  }

  answer(endpoint: string): { generation: number; records: EndpointRecords | null } {
    const active = this.alias.get(endpoint) ?? 0;
    return { generation: active, records: this.trees.get(endpoint)?.get(active) ?? null };
  }

  private treesOf(endpoint: string): Map<number, EndpointRecords> {
    let trees = this.trees.get(endpoint);
    if (trees === undefined) {
      trees = new Map();
      this.trees.set(endpoint, trees);
    }
    return trees;
  }

  private emitAnswer(endpoint: string): void {
    const { generation, records } = this.answer(endpoint);
    const addresses = records?.addresses ?? [];
    this.observer.observeDns({
      atMs: this.nowMs(), provider: LEGACY_PROVIDER, endpoint, generation,
      addressCount: addresses.length, capacity: addresses.reduce((sum, a) => sum + a.weight, 0),
    });
  }
}

function locksEqual(a: LegacyLock | null, b: LegacyLock | null): boolean {
  if (a === null || b === null) return a === b;
  return a.holder === b.holder && a.expiresAtMs === b.expiresAtMs;
}

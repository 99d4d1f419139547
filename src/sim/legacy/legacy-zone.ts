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

/**
 * One conditional change batch that switches a name to a generation's tree: aborts as a whole
 * unless the lock is exactly `expectedLock`. It does not check that the tree exists: an alias to a
 * missing name is valid DNS, it just answers empty.
 */
export interface LegacyBatch {
  readonly endpoint: string;
  readonly expectedLock: LegacyLock | null;
  readonly newLock: LegacyLock;
  readonly generation: number;
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
    this.alias.set(batch.endpoint, batch.generation);
    if (batch.rollbackTo !== null) this.rollback.set(batch.endpoint, batch.rollbackTo);
    this.emitAnswer(batch.endpoint);
    return 'applied';
  }

  /** Writes (or rewrites) one generation's record tree under an endpoint. */
  writeTree(endpoint: string, generation: number, records: EndpointRecords): void {
    this.treesOf(endpoint).set(generation, records);
    if (this.alias.get(endpoint) === generation) this.emitAnswer(endpoint);
  }

  /** The generations that have a tree under this endpoint, ascending. */
  listTrees(endpoint: string): number[] {
    return [...this.treesOf(endpoint).keys()].sort((a, b) => a - b);
  }

  /** Clean-up deletes one tree per change, whatever points at it (LEGACY). */
  deleteTree(endpoint: string, generation: number, by: string): boolean {
    const trees = this.treesOf(endpoint);
    if (!trees.has(generation)) return false;
    this.observer.observeDeletion({ atMs: this.nowMs(), generation, by, provider: LEGACY_PROVIDER, endpoint });
    trees.delete(generation);
    if (this.alias.get(endpoint) === generation) this.emitAnswer(endpoint);
    return true;
  }

  /** The operators' hand repair: point the name at an existing tree, rollback included, lock cleared. */
  repair(endpoint: string, generation: number): void {
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

/**
 * The zone's data in memory: for every owner name, its RRsets by type. Plan endpoints are
 * ordinary A/AAAA RRsets that also carry a weight per address and an `answersMax`.
 *
 * A Zone is changed only through `apply`, with a whole transaction's changes at once: the server
 * is single-threaded, so no query can observe half of a transaction (ARCHITECTURE §2: "the
 * embedded server in one in-memory swap").
 */
import { assert } from '../core/model/assert.js';
import { RRType, canonicalName, isInZone, parentName, type RData, type SoaData } from '../dns-wire/index.js';

export interface RRset {
  readonly type: number;
  readonly ttl: number;
  readonly rdatas: readonly RData[];
  /** Plan endpoints only: one positive weight per rdata, in the same order. */
  readonly weights?: readonly number[];
  /** Plan endpoints only: at most this many records in one answer. */
  readonly answersMax?: number;
}

/** Replace the RRset (name, type) with `rrset`, or delete it when null. Names are canonical. */
export interface ZoneChange {
  readonly name: string;
  readonly type: number;
  readonly rrset: RRset | null;
}

export interface ZoneReader {
  readonly origin: string;
  readonly serial: number;
  rrset(name: string, type: number): RRset | undefined;
  /** The RRsets at a name, or undefined when it holds none. */
  rrsetsAt(name: string): ReadonlyMap<number, RRset> | undefined;
  /** A name with no RRsets of its own but with a descendant that has some (RFC 8020). */
  isEmptyNonTerminal(name: string): boolean;
}

export class Zone implements ZoneReader {
  readonly origin: string;
  private readonly nodes = new Map<string, Map<number, RRset>>();
  /** For every name, how many names below it hold data: tells empty non-terminals apart. */
  private readonly descendantsWithData = new Map<string, number>();

  constructor(origin: string) {
    assert(origin.endsWith('.'), `zone origin must be absolute, got '${origin}'`);
    this.origin = canonicalName(origin);
  }

  get serial(): number {
    return this.soa().serial;
  }

  soa(): SoaData {
    const soa = this.rrset(this.origin, RRType.SOA)?.rdatas[0];
    assert(soa !== undefined && soa.kind === 'SOA', `zone ${this.origin} has no SOA`);
    return soa;
  }

  rrset(name: string, type: number): RRset | undefined {
    return this.nodes.get(name)?.get(type);
  }

  rrsetsAt(name: string): ReadonlyMap<number, RRset> | undefined {
    return this.nodes.get(name);
  }

  isEmptyNonTerminal(name: string): boolean {
    return !this.nodes.has(name) && (this.descendantsWithData.get(name) ?? 0) > 0;
  }

  names(): IterableIterator<[string, ReadonlyMap<number, RRset>]> {
    return this.nodes.entries();
  }

  get nameCount(): number {
    return this.nodes.size;
  }

  /** Applies a transaction's changes and sets the SOA serial to `serial`. */
  apply(changes: readonly ZoneChange[], serial: number): void {
    for (const change of changes) this.applyOne(change);
    const soaSet = this.rrset(this.origin, RRType.SOA);
    assert(soaSet !== undefined, `zone ${this.origin} lost its SOA`);
    const soa = soaSet.rdatas[0] as SoaData;
    this.setRRset(this.origin, RRType.SOA, { ...soaSet, rdatas: [{ ...soa, serial }] });
  }

  private applyOne(change: ZoneChange): void {
    assert(change.name === canonicalName(change.name), `zone change name must be canonical: ${change.name}`);
    assert(isInZone(change.name, this.origin), `${change.name} is outside ${this.origin}`);
    if (change.rrset === null || change.rrset.rdatas.length === 0) {
      this.deleteRRset(change.name, change.type);
      return;
    }
    assert(change.rrset.type === change.type, 'zone change type mismatch');
    assert(change.rrset.weights === undefined || change.rrset.weights.length === change.rrset.rdatas.length, 'one weight per record');
    this.setRRset(change.name, change.type, change.rrset);
  }

  private setRRset(name: string, type: number, rrset: RRset): void {
    let node = this.nodes.get(name);
    if (node === undefined) {
      node = new Map();
      this.nodes.set(name, node);
      this.countAncestors(name, 1);
    }
    node.set(type, rrset);
  }

  private deleteRRset(name: string, type: number): void {
    const node = this.nodes.get(name);
    if (node === undefined || !node.delete(type)) return;
    if (node.size > 0) return;
    this.nodes.delete(name);
    this.countAncestors(name, -1);
  }

  private countAncestors(name: string, delta: number): void {
    for (let parent = parentName(name); parent !== null && isInZone(parent, this.origin); parent = parentName(parent)) {
      const count = (this.descendantsWithData.get(parent) ?? 0) + delta;
      if (count === 0) this.descendantsWithData.delete(parent);
      else this.descendantsWithData.set(parent, count);
    }
  }
}

/** RFC 1982 serial arithmetic: is `a` newer than `b`? */
export function serialGreater(a: number, b: number): boolean {
  return a !== b && ((a > b && a - b < 0x80000000) || (a < b && b - a > 0x80000000));
}

export function nextSerial(serial: number): number {
  const next = (serial + 1) >>> 0;
  return next === 0 ? 1 : next;
}

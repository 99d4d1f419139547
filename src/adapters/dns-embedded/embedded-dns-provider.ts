/**
 * The DnsProvider of the embedded server. A batch of fenced writes is one zone transaction:
 * every write's expected fence RRset is compared byte for byte with the live fence TXT RRset, and
 * only if all match are the endpoints' A/AAAA RRsets and fences replaced — in one in-memory swap, with one
 * serial bump, journaled (fsync) before this returns (ARCHITECTURE §2).
 */
import { describeFenceRaw, fenceName, fenceRawEqual, formatFence, type FenceRaw } from '../../core/model/fence.js';
import { materialiseWeighted, servedTtl } from '../../core/model/served.js';
import type { EndpointName, ProviderId } from '../../core/model/ids.js';
import type { WeightedAddress } from '../../core/model/plan.js';
import { liveEndpoint, type ApplyOutcome, type DnsProvider, type EndpointRecords, type FencedWrite, type LiveAddress, type LiveEndpoint, type ServedContent } from '../../core/ports/dns-provider.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { RRType, canonicalName, isInZone, type RData } from '../../dns-wire/index.js';
import type { RRset, ZoneChange, ZoneReader } from '../../dns-server/zone.js';
import type { ZoneStore } from '../../dns-server/zone-store.js';

export const EMBEDDED_WRITES_PER_TRANSACTION_MAX = 1000;
/** Distinct address records kept for sharing; past it the table starts over (sharing is only a saving). */
export const EMBEDDED_SHARED_ADDRESSES_MAX = 1_000_000;

/** The RRsets a name's LiveEndpoint was built from, and that LiveEndpoint. */
interface ReadEndpoint {
  /** The name's and its fence's zone keys, kept so a read of an unchanged name builds no strings. */
  readonly key: string;
  readonly fenceKey: string;
  readonly a: RRset | undefined;
  readonly aaaa: RRset | undefined;
  readonly fence: RRset | undefined;
  readonly live: LiveEndpoint;
}

export class EmbeddedDnsProvider implements DnsProvider {
  /**
   * The last LiveEndpoint built per name, reused while the name's RRsets are the same objects.
   * RRsets are immutable and replaced whole by a commit, so the same three references mean the
   * same content. The Planner, every Enactor and the live-state cache read all names, the cache
   * every second: without this, at 100,000 endpoints each held its own copy of every name's
   * addresses and fence, and each read made 100,000 new ones. Bounded by the names asked about.
   */
  private readonly reads = new Map<string, ReadEndpoint>();
  /** The names read so far by their zone keys (the name's and its fence's): what a commit touches. */
  private readonly namesByKey = new Map<string, EndpointName[]>();
  /**
   * Names a commit touched since their last read. Every change to the zone goes through the
   * store's transact, whose listeners run in the same synchronous step, so a name not in here
   * still has the RRsets its remembered read was built from: reading it is one lookup, not three
   * RRset lookups (at 100,000 names, read every second by several readers, that was the most
   * frequent work of the process).
   */
  private readonly touched = new Set<EndpointName>();
  /** Stops listening to the store (null once closed: reads then look every name up). */
  private unsubscribe: (() => void) | null;

  constructor(
    readonly id: ProviderId,
    private readonly store: ZoneStore,
    readonly writesPerTransactionMax: number = EMBEDDED_WRITES_PER_TRANSACTION_MAX,
  ) {
    this.unsubscribe = store.onCommit((entry) => {
      for (const change of entry.changes) {
        for (const name of this.namesByKey.get(change.name) ?? []) this.touched.add(name);
      }
    });
  }

  /**
   * Stops following the zone's commits (a reloaded configuration builds new providers on the same
   * zone: without this each old one stayed subscribed, its caches with it). Reads after close
   * stay correct: nothing is answered from memory any more.
   */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.reads.clear();
    this.namesByKey.clear();
    this.touched.clear();
  }

  materialise(records: EndpointRecords): ServedContent {
    return materialiseWeighted(records);
  }

  async readEndpoints(names: readonly EndpointName[]): Promise<Result<readonly LiveEndpoint[]>> {
    const zone = this.store.reader;
    if (this.unsubscribe === null) return ok(names.map((name) => liveEndpoint(name, liveFenceRaw(zone, name), servedContent(zone, name))));
    return ok(names.map((name) => this.readShared(zone, name)));
  }

  private readShared(zone: ZoneReader, name: EndpointName): LiveEndpoint {
    const last = this.reads.get(name);
    if (last !== undefined && !this.touched.has(name)) return last.live;
    this.touched.delete(name);
    const key = last?.key ?? this.keyOf(name, canonicalName(name));
    const fenceKey = last?.fenceKey ?? this.keyOf(name, canonicalName(fenceName(name)));
    const a = zone.rrset(key, RRType.A);
    const aaaa = zone.rrset(key, RRType.AAAA);
    const fence = zone.rrset(fenceKey, RRType.TXT);
    if (last !== undefined && last.a === a && last.aaaa === aaaa && last.fence === fence) return last.live;
    // Every generation moves every fence, most without touching the addresses: the served content
    // (its address list above all) stays the same object, so comparisons with the plan are remembered.
    const live = last !== undefined && last.a === a && last.aaaa === aaaa
      ? liveEndpoint(name, fenceRawOf(fence), servedPart(last.live))
      : liveEndpoint(name, fenceRawOf(fence), servedContent(zone, name));
    this.reads.set(name, { key, fenceKey, a, aaaa, fence, live });
    return live;
  }

  /** Registers `key` as one of `name`'s zone keys, so commits touching it mark the name. */
  private keyOf(name: EndpointName, key: string): string {
    const names = this.namesByKey.get(key);
    if (names === undefined) this.namesByKey.set(key, [name]);
    else if (!names.includes(name)) names.push(name);
    return key;
  }

  async applyFenced(writes: readonly FencedWrite[]): Promise<Result<ApplyOutcome>> {
    if (writes.length > this.writesPerTransactionMax) {
      return failure('too-large', `${writes.length} writes exceed ${this.writesPerTransactionMax} per transaction`, false);
    }
    const outside = writes.find((w) => !isInZone(w.endpoint, this.store.zone.origin));
    if (outside !== undefined) return failure('config', `${outside.endpoint} is outside zone ${this.store.zone.origin}`, false);
    const outcome = this.store.transact((zone) => {
      for (const write of writes) {
        const mismatch = prerequisiteMismatch(zone, write);
        if (mismatch !== null) return { changes: [], result: { kind: 'conflict', detail: mismatch } as ApplyOutcome };
      }
      return { changes: writes.flatMap((write) => changesFor(zone, write)), result: { kind: 'applied' } as ApplyOutcome };
    });
    if (!outcome.ok) return failure('unavailable', outcome.reason, true);
    // With worker processes, "applied" must mean every answering process already has it.
    if (outcome.value.kind === 'applied') await this.store.replicated();
    return ok(outcome.value);
  }
}

function servedPart(live: LiveEndpoint): ServedContent {
  const { ttlSeconds, addresses, answersMax, ttlMixed } = live;
  return { ttlSeconds, ...(ttlMixed === undefined ? {} : { ttlMixed }), addresses, ...(answersMax === undefined ? {} : { answersMax }) };
}

/** What the name serves, weights and answersMax included (this server keeps them). */
export function servedContent(zone: ZoneReader, name: string): ServedContent {
  const key = canonicalName(name);
  const rrsets = [zone.rrset(key, RRType.A), zone.rrset(key, RRType.AAAA)].filter((r): r is RRset => r !== undefined && r.rdatas.length > 0);
  const addresses: LiveAddress[] = rrsets.flatMap((rrset) => rrset.rdatas.flatMap((data, i) => addressOf(data, rrset.weights?.[i] ?? 1)));
  const first = rrsets[0];
  if (first === undefined) return { ttlSeconds: null, addresses };
  const ttl = servedTtl(rrsets.map((r) => r.ttl));
  return first.answersMax === undefined ? { ...ttl, addresses } : { ...ttl, addresses, answersMax: first.answersMax };
}

function addressOf(data: RData, weight: number): LiveAddress[] {
  if (data.kind === 'A' || data.kind === 'AAAA') return [sharedLiveAddress(data.kind, data.address, weight)];
  return [];
}

/**
 * One immutable record object per distinct address, shared by every RRset and every read that
 * holds it: a fleet of 100,000 names × 8 addresses draws them from a few thousand load
 * balancers, and a fresh object per name and address was 800,000 of each.
 */
const sharedRData = new Map<string, RData>();
const sharedLive = new Map<string, LiveAddress>();

function sharedAddressRData(family: 'A' | 'AAAA', address: string): RData {
  const key = `${family} ${address}`;
  const known = sharedRData.get(key);
  if (known !== undefined) return known;
  if (sharedRData.size >= EMBEDDED_SHARED_ADDRESSES_MAX) sharedRData.clear();
  const data: RData = family === 'A' ? { kind: 'A', address } : { kind: 'AAAA', address };
  sharedRData.set(key, data);
  return data;
}

function sharedLiveAddress(family: 'A' | 'AAAA', address: string, weight: number): LiveAddress {
  const key = `${family} ${address} ${weight}`;
  const known = sharedLive.get(key);
  if (known !== undefined) return known;
  if (sharedLive.size >= EMBEDDED_SHARED_ADDRESSES_MAX) sharedLive.clear();
  const live: LiveAddress = { family, address, weight };
  sharedLive.set(key, live);
  return live;
}

/** The fence TXT RRset exactly as stored: each record's character-strings. */
function liveFenceRaw(zone: ZoneReader, endpoint: EndpointName): FenceRaw | null {
  return fenceRawOf(zone.rrset(canonicalName(fenceName(endpoint)), RRType.TXT));
}

function fenceRawOf(rrset: RRset | undefined): FenceRaw | null {
  if (rrset === undefined || rrset.rdatas.length === 0) return null;
  return rrset.rdatas.map((d) => (d.kind === 'TXT' ? d.strings : []));
}

function prerequisiteMismatch(zone: ZoneReader, write: FencedWrite): string | null {
  const live = liveFenceRaw(zone, write.endpoint);
  if (fenceRawEqual(live, write.expectedFence)) return null;
  return `fence of ${write.endpoint} is ${describeFenceRaw(live)}, expected ${describeFenceRaw(write.expectedFence)}`;
}

/**
 * The zone changes of one write: the fence always; an address RRset only when it differs from
 * what is live. Most writes of a generation only move the fence of an endpoint whose records did
 * not change, and journaling (and replicating) its unchanged RRsets again was most of the cost.
 */
function changesFor(zone: ZoneReader, write: FencedWrite): ZoneChange[] {
  const name = canonicalName(write.endpoint);
  const fence: RRset = { type: RRType.TXT, ttl: write.records.ttlSeconds, rdatas: [{ kind: 'TXT', strings: [formatFence(write.newFence)] }] };
  const changes: ZoneChange[] = [];
  for (const [type, family] of [[RRType.A, 'A'], [RRType.AAAA, 'AAAA']] as const) {
    const wanted = addressRRset(write.records, family);
    if (!sameRRset(zone.rrset(name, type), wanted)) changes.push({ name, type, rrset: wanted });
  }
  changes.push({ name: canonicalName(fenceName(write.endpoint)), type: RRType.TXT, rrset: fence });
  return changes;
}

function sameRRset(live: RRset | undefined, wanted: RRset | null): boolean {
  if (live === undefined || wanted === null) return live === undefined && wanted === null;
  if (live.ttl !== wanted.ttl || live.answersMax !== wanted.answersMax || live.rdatas.length !== wanted.rdatas.length) return false;
  for (let i = 0; i < wanted.rdatas.length; i++) {
    const a = live.rdatas[i]!;
    const b = wanted.rdatas[i]!;
    if (a.kind !== b.kind || !('address' in a) || !('address' in b) || a.address !== b.address) return false;
    if ((live.weights?.[i] ?? 1) !== (wanted.weights?.[i] ?? 1)) return false;
  }
  return true;
}

function addressRRset(records: EndpointRecords, family: 'A' | 'AAAA'): RRset | null {
  const addresses: WeightedAddress[] = records.addresses.filter((a) => a.family === family);
  if (addresses.length === 0) return null;
  return {
    type: family === 'A' ? RRType.A : RRType.AAAA,
    ttl: records.ttlSeconds,
    rdatas: addresses.map((a) => sharedAddressRData(family, a.address)),
    weights: addresses.map((a) => a.weight),
    answersMax: records.answersMax,
  };
}

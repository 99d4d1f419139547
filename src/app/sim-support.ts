/**
 * What the simulator takes from the adapters and the embedded DNS server, in one place: the
 * simulator reaches adapters only through app/ (a lint boundary), so that it composes the same
 * pieces production composes and nothing else.
 *
 * The zone is the embedded server's real ZoneStore (in memory) behind the real EmbeddedDnsProvider:
 * fences round-trip through TXT character-strings exactly as a resolver or an RFC 2136 client sees
 * them. `readServed` reads a name the way the provider does, synchronously, so an observer can look
 * at what the zone serves right after each committed transaction (hand edits included).
 */
import { EmbeddedDnsProvider, servedContent } from '../adapters/dns-embedded/embedded-dns-provider.js';
import { FENCE_LABEL, fenceName, type FenceRaw } from '../core/model/fence.js';
import { endpointName, type ProviderId } from '../core/model/ids.js';
import { liveEndpoint, type LiveEndpoint } from '../core/ports/dns-provider.js';
import { RRType, canonicalName } from '../dns-wire/index.js';
import type { RRset, ZoneChange } from '../dns-server/zone.js';
import { ZoneStore } from '../dns-server/zone-store.js';

export { MemoryPlanStore } from '../adapters/store-memory/memory-plan-store.js';
export { MemoryControlStore } from '../adapters/controls-memory/memory-control-store.js';
export { SeededRandom } from '../adapters/random-seeded/seeded-random.js';
export { EmbeddedDnsProvider } from '../adapters/dns-embedded/embedded-dns-provider.js';
export type { ZoneStore } from '../dns-server/zone-store.js';

/** One in-memory authoritative zone and the provider the Enactors write it through. */
export interface InMemoryZone {
  readonly store: ZoneStore;
  readonly provider: EmbeddedDnsProvider;
}

export function inMemoryZone(id: ProviderId, origin: string, writesPerTransactionMax: number): InMemoryZone {
  const store = new ZoneStore({ origin, dataDir: null });
  return { store, provider: new EmbeddedDnsProvider(id, store, writesPerTransactionMax) };
}

/** What `name` serves right now, fence RRset included, exactly as the provider would read it. */
export function readServed(store: ZoneStore, name: string): LiveEndpoint {
  const fence = store.reader.rrset(canonicalName(fenceName(endpointName(name))), RRType.TXT);
  const raw: FenceRaw | null = fence === undefined || fence.rdatas.length === 0 ? null : fence.rdatas.map((d) => (d.kind === 'TXT' ? d.strings : []));
  return liveEndpoint(endpointName(name), raw, servedContent(store.reader, name));
}

/** The managed name a committed change touched (its address RRsets or its fence), if any. */
export function managedNameOf(change: ZoneChange, managed: ReadonlySet<string>): string | undefined {
  if (managed.has(change.name)) return change.name;
  const prefix = `${FENCE_LABEL.toLowerCase()}.`;
  if (change.name.startsWith(prefix) && managed.has(change.name.slice(prefix.length))) return change.name.slice(prefix.length);
  return undefined;
}

/**
 * Hand edits, as an operator's signed UPDATE would make them: one zone transaction replacing (or,
 * with `rrset` null, deleting) one RRset. The prerequisite-free path is on purpose: a person with
 * the key does not check fences.
 */
export type HandEdit =
  | { readonly kind: 'delete-addresses'; readonly name: string; readonly family: 'A' | 'AAAA' }
  | { readonly kind: 'set-ttl'; readonly name: string; readonly ttlSeconds: number }
  | { readonly kind: 'add-address'; readonly name: string; readonly address: string }
  | { readonly kind: 'set-fence'; readonly name: string; readonly records: FenceRaw | null }
  /** The live fence written again differently, same meaning: `gen=07 …`, or the value split over two character-strings. */
  | { readonly kind: 'rewrite-fence'; readonly name: string; readonly style: 'leading-zero' | 'split' };

function rewrittenFenceStrings(text: string, style: 'leading-zero' | 'split'): string[] {
  if (style === 'leading-zero') return [text.replace(/^gen=/, 'gen=0')];
  const half = Math.ceil(text.length / 2);
  return [text.slice(0, half), text.slice(half)];
}

export function applyHandEdit(store: ZoneStore, edit: HandEdit): boolean {
  const outcome = store.transact((zone) => {
    const key = canonicalName(edit.name);
    const changes: ZoneChange[] = [];
    switch (edit.kind) {
      case 'delete-addresses': {
        const type = edit.family === 'A' ? RRType.A : RRType.AAAA;
        if (zone.rrset(key, type) !== undefined) changes.push({ name: key, type, rrset: null });
        break;
      }
      case 'set-ttl':
        for (const type of [RRType.A, RRType.AAAA]) {
          const rrset = zone.rrset(key, type);
          if (rrset !== undefined) changes.push({ name: key, type, rrset: { ...rrset, ttl: edit.ttlSeconds } });
        }
        break;
      case 'add-address': {
        const rrset = zone.rrset(key, RRType.A);
        const base: RRset = rrset ?? { type: RRType.A, ttl: 60, rdatas: [] };
        const weights = rrset?.weights === undefined ? undefined : [...rrset.weights, 1];
        changes.push({ name: key, type: RRType.A, rrset: { ...base, rdatas: [...base.rdatas, { kind: 'A', address: edit.address }], ...(weights === undefined ? {} : { weights }) } });
        break;
      }
      case 'rewrite-fence': {
        // Every record of the RRset is rewritten and none dropped: same meaning, other bytes. (Keeping
        // only the first record of a two-record foreign fence would turn it into a fence of ours, a
        // different edit: seed 48547.)
        const fenceKey = canonicalName(fenceName(endpointName(key)));
        const live = zone.rrset(fenceKey, RRType.TXT);
        if (live === undefined) break;
        const rdatas = live.rdatas.map((rdata) => (rdata.kind === 'TXT' ? { kind: 'TXT' as const, strings: rewrittenFenceStrings(rdata.strings.join(''), edit.style) } : rdata));
        changes.push({ name: fenceKey, type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 60, rdatas } });
        break;
      }
      case 'set-fence': {
        const fenceKey = canonicalName(fenceName(endpointName(key)));
        const rrset: RRset | null = edit.records === null ? null : { type: RRType.TXT, ttl: 60, rdatas: edit.records.map((strings) => ({ kind: 'TXT' as const, strings: [...strings] })) };
        changes.push({ name: fenceKey, type: RRType.TXT, rrset });
        break;
      }
    }
    return { changes, result: changes.length > 0 };
  });
  return outcome.ok && outcome.value;
}

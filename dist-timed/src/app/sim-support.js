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
import { FENCE_LABEL, fenceName } from '../core/model/fence.js';
import { endpointName } from '../core/model/ids.js';
import { liveEndpoint } from '../core/ports/dns-provider.js';
import { RRType, canonicalName } from '../dns-wire/index.js';
import { ZoneStore } from '../dns-server/zone-store.js';
export { MemoryPlanStore } from '../adapters/store-memory/memory-plan-store.js';
export { MemoryControlStore } from '../adapters/controls-memory/memory-control-store.js';
export { SeededRandom } from '../adapters/random-seeded/seeded-random.js';
export { EmbeddedDnsProvider } from '../adapters/dns-embedded/embedded-dns-provider.js';
export function inMemoryZone(id, origin, writesPerTransactionMax) {
    const store = new ZoneStore({ origin, dataDir: null });
    return { store, provider: new EmbeddedDnsProvider(id, store, writesPerTransactionMax) };
}
/** What `name` serves right now, fence RRset included, exactly as the provider would read it. */
export function readServed(store, name) {
    const fence = store.reader.rrset(canonicalName(fenceName(endpointName(name))), RRType.TXT);
    const raw = fence === undefined || fence.rdatas.length === 0 ? null : fence.rdatas.map((d) => (d.kind === 'TXT' ? d.strings : []));
    return liveEndpoint(endpointName(name), raw, servedContent(store.reader, name));
}
/** The managed name a committed change touched (its address RRsets or its fence), if any. */
export function managedNameOf(change, managed) {
    if (managed.has(change.name))
        return change.name;
    const prefix = `${FENCE_LABEL.toLowerCase()}.`;
    if (change.name.startsWith(prefix) && managed.has(change.name.slice(prefix.length)))
        return change.name.slice(prefix.length);
    return undefined;
}
function rewrittenFenceStrings(text, style) {
    if (style === 'leading-zero')
        return [text.replace(/^gen=/, 'gen=0')];
    const half = Math.ceil(text.length / 2);
    return [text.slice(0, half), text.slice(half)];
}
export function applyHandEdit(store, edit) {
    const outcome = store.transact((zone) => {
        const key = canonicalName(edit.name);
        const changes = [];
        switch (edit.kind) {
            case 'delete-addresses': {
                const type = edit.family === 'A' ? RRType.A : RRType.AAAA;
                if (zone.rrset(key, type) !== undefined)
                    changes.push({ name: key, type, rrset: null });
                break;
            }
            case 'set-ttl':
                for (const type of [RRType.A, RRType.AAAA]) {
                    const rrset = zone.rrset(key, type);
                    if (rrset !== undefined)
                        changes.push({ name: key, type, rrset: { ...rrset, ttl: edit.ttlSeconds } });
                }
                break;
            case 'add-address': {
                const rrset = zone.rrset(key, RRType.A);
                const base = rrset ?? { type: RRType.A, ttl: 60, rdatas: [] };
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
                if (live === undefined)
                    break;
                const rdatas = live.rdatas.map((rdata) => (rdata.kind === 'TXT' ? { kind: 'TXT', strings: rewrittenFenceStrings(rdata.strings.join(''), edit.style) } : rdata));
                changes.push({ name: fenceKey, type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 60, rdatas } });
                break;
            }
            case 'set-fence': {
                const fenceKey = canonicalName(fenceName(endpointName(key)));
                const rrset = edit.records === null ? null : { type: RRType.TXT, ttl: 60, rdatas: edit.records.map((strings) => ({ kind: 'TXT', strings: [...strings] })) };
                changes.push({ name: fenceKey, type: RRType.TXT, rrset });
                break;
            }
        }
        return { changes, result: changes.length > 0 };
    });
    return outcome.ok && outcome.value;
}
//# sourceMappingURL=sim-support.js.map
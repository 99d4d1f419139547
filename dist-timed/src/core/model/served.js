/** The TTL fields of ServedContent from the TTLs of every address record read. */
export function servedTtl(ttls) {
    const first = ttls[0];
    if (first === undefined)
        return { ttlSeconds: null };
    return ttls.every((t) => t === first) ? { ttlSeconds: first } : { ttlSeconds: first, ttlMixed: true };
}
const FAMILIES = ['A', 'AAAA'];
/** Standard servers return a whole RRset: an endpoint becomes its top answersMax addresses per family by weight (ties by address, so the choice is stable). */
export function topAddressesByWeight(records, family) {
    return records.addresses
        .filter((a) => a.family === family)
        .sort((x, y) => (y.weight - x.weight) || (x.address < y.address ? -1 : x.address > y.address ? 1 : 0))
        .slice(0, records.answersMax);
}
/** Materialisation of servers without weights (RFC 2136 servers, Route 53 simple records). */
export function materialiseTopByWeight(records) {
    const addresses = FAMILIES.flatMap((family) => topAddressesByWeight(records, family).map((a) => ({ family, address: a.address })));
    return { ttlSeconds: addresses.length === 0 ? null : records.ttlSeconds, addresses };
}
/** Materialisation of servers that keep every address with its weight (the embedded server). */
export function materialiseWeighted(records) {
    const addresses = records.addresses.map((a) => ({ family: a.family, address: a.address, weight: a.weight }));
    return { ttlSeconds: addresses.length === 0 ? null : records.ttlSeconds, addresses, answersMax: records.answersMax };
}
/** Why `live` is not what `wanted` says (null: it is). Weights and answersMax count only where `wanted` has them. */
export function servedDifference(wanted, live) {
    if (live.ttlMixed === true)
        return `address records served with different TTLs (the first ${String(live.ttlSeconds)}), want ${String(wanted.ttlSeconds)} for all`;
    if (wanted.ttlSeconds !== live.ttlSeconds)
        return `ttl ${String(live.ttlSeconds)}, want ${String(wanted.ttlSeconds)}`;
    if (wanted.answersMax !== undefined && wanted.answersMax !== live.answersMax)
        return `answersMax ${String(live.answersMax)}, want ${wanted.answersMax}`;
    const key = (a, withWeight) => `${a.family} ${a.address}${withWeight ? ` w${String(a.weight)}` : ''}`;
    const withWeight = wanted.addresses.some((a) => a.weight !== undefined);
    const want = new Set(wanted.addresses.map((a) => key(a, withWeight)));
    const have = new Set(live.addresses.map((a) => key(a, withWeight)));
    const missing = [...want].filter((k) => !have.has(k));
    const extra = [...have].filter((k) => !want.has(k));
    if (missing.length === 0 && extra.length === 0 && want.size === live.addresses.length)
        return null;
    return `addresses differ (missing [${missing.join(', ')}], unexpected [${extra.join(', ')}])`;
}
/**
 * `servedDifference(materialise(records), live)`, remembered per live address list. Everything
 * compared is immutable: a provider that reads a name whose address records did not change hands
 * back the same address list (the embedded server does, even when the fence moved), and a plan
 * keeps the same endpoint object while the endpoint is unchanged. So the Planner and the Enactors
 * compare only the names that changed, not all 100,000 on every pass. Weakly held: a reading
 * that is no longer kept takes its entry with it.
 */
export class ServedDifferenceCache {
    entries = new WeakMap();
    difference(provider, records, live) {
        const known = this.entries.get(live.addresses);
        if (known !== undefined && known.provider === provider && known.records === records && known.ttlSeconds === live.ttlSeconds &&
            known.answersMax === live.answersMax && known.ttlMixed === live.ttlMixed) {
            return known.difference;
        }
        const difference = servedDifference(provider.materialise(records), live);
        this.entries.set(live.addresses, { provider, records, ttlSeconds: live.ttlSeconds, answersMax: live.answersMax, ttlMixed: live.ttlMixed, difference });
        return difference;
    }
}
/**
 * Capacity served per family, by the fleet's measure: each address counts its load balancer's
 * capacity (`weightOf`), whatever weight the provider serves it with. A routed name's weights are
 * traffic shares (rescaled when a region's health changes), not capacity; an address no load
 * balancer has (a hand-added stray) carries none, so removing it is never capacity leaving.
 */
export function servedCapacity(content, family, weightOf) {
    let sum = 0;
    for (const a of content.addresses)
        if (a.family === family)
            sum += weightOf(a.address);
    return sum;
}
//# sourceMappingURL=served.js.map
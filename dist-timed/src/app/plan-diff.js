export function hasChange(change) {
    return change.added.length + change.removed.length + change.reweighted.length + change.other.length > 0;
}
export function summarize(changes) {
    return {
        endpoints: changes.length,
        endpointsChanged: changes.filter(hasChange).length,
        addressesAdded: changes.reduce((n, c) => n + c.added.length, 0),
        addressesRemoved: changes.reduce((n, c) => n + c.removed.length, 0),
        addressesReweighted: changes.reduce((n, c) => n + c.reweighted.length, 0),
    };
}
/**
 * `planned` against what `provider` serves. `sampledRead`: the live side came over the wire from a
 * server that answers each query with a weighted sample of answersMax addresses (the embedded
 * server read as a resolver reads it); then an address absent from one answer is not a removal
 * in the plan's favour, and only what is served but not planned, or fewer addresses than the plan
 * would serve, counts.
 */
export function diffAgainstServed(planned, provider, live, sampledRead = false) {
    const liveByName = new Map(live.map((l) => [l.name, l]));
    return planned.map((endpoint) => {
        const current = liveByName.get(endpoint.name);
        const wanted = provider.materialise(endpoint);
        const served = current ?? { ttlSeconds: null, addresses: [] };
        return { endpoint: endpoint.name, provider: provider.id, liveGeneration: current?.fence?.generation ?? 0, ...contentDiff(wanted, served, sampledRead) };
    });
}
function contentDiff(wanted, served, sampledRead) {
    const wantedWeights = new Map(wanted.addresses.map((a) => [a.address, a.weight]));
    const servedWeights = new Map(served.addresses.map((a) => [a.address, a.weight]));
    const removed = [...servedWeights.keys()].filter((a) => !wantedWeights.has(a));
    let added = [...wantedWeights.keys()].filter((a) => !servedWeights.has(a));
    if (sampledRead && wanted.answersMax !== undefined) {
        const shown = Math.min(wanted.answersMax, wanted.addresses.length);
        if (servedWeights.size >= shown && removed.length === 0)
            added = [];
    }
    const kept = [...wantedWeights.keys()].filter((a) => servedWeights.has(a));
    const weighsBoth = (a) => wantedWeights.get(a) !== undefined && servedWeights.get(a) !== undefined;
    const reweighted = kept.filter((a) => weighsBoth(a) && wantedWeights.get(a) !== servedWeights.get(a));
    const other = [];
    if (served.addresses.length > 0 && wanted.ttlSeconds !== served.ttlSeconds)
        other.push(`ttl ${String(served.ttlSeconds)} → ${String(wanted.ttlSeconds)}`);
    if (!sampledRead && wanted.answersMax !== undefined && served.answersMax !== undefined && wanted.answersMax !== served.answersMax) {
        other.push(`answers ${served.answersMax} → ${wanted.answersMax}`);
    }
    return { added, removed, reweighted, unchanged: kept.filter((a) => !reweighted.includes(a)), other };
}
/** Generation `from` against generation `to`, as plans (weights included), only the endpoints that differ. */
export function diffPlans(from, to) {
    const before = new Map(from.endpoints.map((e) => [e.name, e]));
    const after = new Map(to.endpoints.map((e) => [e.name, e]));
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    const all = names.map((name) => {
        const asServed = (e) => e === undefined
            ? { ttlSeconds: null, addresses: [] }
            : { ttlSeconds: e.ttlSeconds, answersMax: e.answersMax, addresses: e.addresses.map((a) => ({ family: a.family, address: a.address, weight: a.weight })) };
        return { endpoint: name, ...contentDiff(asServed(after.get(name)), asServed(before.get(name)), false) };
    });
    const summary = summarize(all.map((c) => ({ ...c, provider: '', liveGeneration: 0 })));
    const head = (p) => ({ generation: p.generation, createdAtMs: p.createdAtMs, note: p.note });
    return { from: head(from), to: head(to), changes: all.filter((c) => c.added.length + c.removed.length + c.reweighted.length + c.other.length > 0), summary };
}
//# sourceMappingURL=plan-diff.js.map
export function checkConvergence(seed, live, expected) {
    const found = [];
    for (const provider of expected.providers) {
        for (const endpoint of expected.endpoints) {
            const problem = convergenceProblem(live, expected, provider, endpoint);
            if (problem === null)
                continue;
            found.push({ invariant: 'Convergence', endpoint, atMs: expected.atMs, seed, detail: `${endpoint} on ${provider} ${problem}, ${expected.boundMs} ms after faults stopped` });
        }
    }
    return found;
}
function convergenceProblem(live, expected, provider, endpoint) {
    const o = live.get(provider, endpoint);
    const generation = o?.generation ?? 0;
    if (generation !== expected.newestGeneration || (o?.fence ?? 'ours') !== 'ours' || (o?.addressCount ?? 0) === 0) {
        return `serves generation ${generation} (fence ${o?.fence ?? 'absent'}, ${o?.addressCount ?? 0} addresses), not the newest ${expected.newestGeneration}`;
    }
    const want = expected.content?.get(`${provider}|${endpoint}`);
    if (want === undefined || o?.addresses === undefined)
        return null;
    if (want.addresses.join(',') !== o.addresses.join(','))
        return `serves [${o.addresses.join(', ')}], the newest plan [${want.addresses.join(', ')}]`;
    if (want.ttlSeconds !== (o.ttlSeconds ?? null))
        return `serves TTL ${String(o.ttlSeconds)}, the newest plan ${String(want.ttlSeconds)}`;
    return null;
}
//# sourceMappingURL=convergence.js.map
import { canonicalIPv6, isInZone } from './field-checks.js';
/** The label the fence records live under; an endpoint there would collide with them. */
const FENCE_LABEL = '_dnsplane';
/** `section` names the list in messages: "(first at loadBalancers[0])". */
function reportDuplicates(values, ctx, pathOf, what, section) {
    const firstIndex = new Map();
    values.forEach((value, index) => {
        const first = firstIndex.get(value);
        if (first === undefined) {
            firstIndex.set(value, index);
            return;
        }
        ctx.addIssue({ code: 'custom', path: pathOf(index), message: `duplicate ${what} '${value}' (first at ${section}[${String(pathOf(first)[0])}])` });
    });
}
export function checkUniqueLoadBalancers(lbs, ctx) {
    reportDuplicates(lbs.map((lb) => lb.id), ctx, (i) => [i, 'id'], 'load balancer id', 'loadBalancers');
    // Two load balancers behind one address would merge into one weighted record: almost surely a typo.
    const v4 = lbs.map((lb, i) => ({ address: lb.ipv4, i })).filter((x) => x.address !== undefined);
    reportDuplicates(v4.map((x) => x.address), ctx, (k) => [v4[k].i, 'ipv4'], 'IPv4 address', 'loadBalancers');
    const v6 = lbs.map((lb, i) => ({ address: lb.ipv6, i })).filter((x) => x.address !== undefined);
    reportDuplicates(v6.map((x) => safeCanonicalIPv6(x.address)), ctx, (k) => [v6[k].i, 'ipv6'], 'IPv6 address', 'loadBalancers');
}
function safeCanonicalIPv6(address) {
    // The value may have failed its own check (a continuable issue); compare it as written then.
    try {
        return canonicalIPv6(address);
    }
    catch {
        return address.toLowerCase();
    }
}
export function checkUniqueEndpoints(endpoints, ctx) {
    reportDuplicates(endpoints.map((e) => e.name.toLowerCase()), ctx, (i) => [i, 'name'], 'endpoint name', 'endpoints');
}
export function checkUniqueEnactors(ids, ctx) {
    reportDuplicates(ids, ctx, (i) => [i], 'enactor id', 'enactors');
}
export function checkEndpointsAgainstFleet(config, ctx) {
    const fleet = {
        azOf: new Map(config.loadBalancers.map((lb) => [lb.id, lb.az])),
        azs: new Set(config.loadBalancers.map((lb) => lb.az)),
        empty: config.loadBalancers.length === 0,
    };
    config.endpoints.forEach((endpoint, index) => {
        checkEndpointName(endpoint, index, config.zone, ctx);
        checkEndpointSelection(endpoint, index, fleet, ctx);
    });
}
function checkEndpointName(endpoint, index, zone, ctx) {
    const name = endpoint.name.toLowerCase();
    if (!isInZone(name, zone)) {
        ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'name'], message: `'${endpoint.name}' is outside the zone '${zone}'` });
        return;
    }
    if (name.split('.').includes(FENCE_LABEL)) {
        ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'name'], message: `'${endpoint.name}' uses the label '${FENCE_LABEL}', reserved for fence records` });
    }
}
function checkEndpointSelection(endpoint, index, fleet, ctx) {
    const wanted = endpoint.select.ids ?? [];
    let unknown = false;
    wanted.forEach((id, k) => {
        if (fleet.azOf.has(id))
            return;
        unknown = true;
        ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'select', 'ids', k], message: `no load balancer has id '${id}'` });
    });
    if (unknown)
        return;
    if (selectsAny(endpoint.select, fleet))
        return;
    const why = endpoint.select.az !== undefined && !fleet.azs.has(endpoint.select.az)
        ? ` (no load balancer is in az '${endpoint.select.az}')`
        : '';
    ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'select'], message: `selects no load balancer${why}` });
}
/** Whether the selection (ids and/or az) matches at least one load balancer: O(ids), not O(fleet). */
function selectsAny(select, fleet) {
    if (select.ids !== undefined)
        return select.ids.some((id) => select.az === undefined || fleet.azOf.get(id) === select.az);
    return select.az === undefined ? !fleet.empty : fleet.azs.has(select.az);
}
//# sourceMappingURL=cross-checks.js.map
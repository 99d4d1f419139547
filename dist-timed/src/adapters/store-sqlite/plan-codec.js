/**
 * The stored form of a plan's endpoints ("dnsplane-plan/1"), compact because plans are large
 * (100,000 endpoints × 8 addresses). A fleet has far fewer distinct addresses than endpoints
 * reference, so addresses are written once in a table and endpoints refer to them by index:
 *
 *     { "v": 1,
 *       "a": [["lb-a1","A","192.0.2.11"], ["lb-a1","AAAA","2001:db8::11"], ...],   distinct (lb, family, address)
 *       "e": [["api.example.test.", 5, 8, [0,100, 1,100, ...]], ...] }            name, ttl, answersMax, (index, weight)*
 *
 * The JSON text is then deflated (raw, level 1: fast, and plan text compresses about 10×).
 * Endpoint digests are not stored: loading recomputes them from the content through
 * `canonicalEndpoint`, and the plan digest stored beside the body must match the recomputed one.
 */
import { deflateRawSync, inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { endpointName, loadBalancerId } from '../../core/model/ids.js';
import { canonicalEndpoint, compareNames, planContentDigest } from '../../core/model/plan.js';
import { failure, ok } from '../../core/ports/result.js';
export const PLAN_ENCODING = 'dnsplane-plan/1+deflate';
export function encodePlanBody(plan) {
    const table = new AddressTable();
    const endpoints = plan.endpoints.map((endpoint) => {
        const refs = [];
        for (const a of endpoint.addresses)
            refs.push(table.indexOf(a), a.weight);
        return [endpoint.name, endpoint.ttlSeconds, endpoint.answersMax, refs];
    });
    const body = { v: 1, a: table.rows, e: endpoints };
    return deflateRawSync(JSON.stringify(body), { level: zlibConstants.Z_BEST_SPEED });
}
/**
 * Distinct (load balancer, family, address) tuples, each with its index. Looked up by address,
 * then load balancer and family, without building a composite string key per address: with
 * 800,000 addresses per plan that string building was the largest cost of encoding.
 */
class AddressTable {
    rows = [];
    byAddress = new Map();
    indexOf(a) {
        let byLoadBalancer = this.byAddress.get(a.address);
        if (byLoadBalancer === undefined) {
            byLoadBalancer = new Map();
            this.byAddress.set(a.address, byLoadBalancer);
        }
        let byFamily = byLoadBalancer.get(a.loadBalancer);
        if (byFamily === undefined) {
            byFamily = [undefined, undefined];
            byLoadBalancer.set(a.loadBalancer, byFamily);
        }
        const slot = a.family === 'A' ? 0 : 1;
        const known = byFamily[slot];
        if (known !== undefined)
            return known;
        const index = this.rows.length;
        byFamily[slot] = index;
        this.rows.push([a.loadBalancer, a.family, a.address]);
        return index;
    }
}
/**
 * Rebuilds a plan from its row. Anything that does not decode, or whose recomputed digest differs
 * from the stored one, is a corrupted row: reported as a non-retryable 'corrupt' Failure, never
 * served.
 *
 * `reference` (usually the previous latest plan) makes decoding a new generation cheap: an
 * endpoint whose content equals the reference's endpoint of the same name reuses that object, and
 * its digest, instead of recomputing the digest from text. This stays a full check: the reused
 * digest was computed from content equal to the decoded content, so the plan digest still proves
 * the row's body against its stored digest. (Between consecutive generations most endpoints are
 * unchanged, and hashing their text is most of the cost of a load.)
 */
export function decodePlanRow(row, reference = null) {
    const where = `generation ${row.generation}`;
    if (row.encoding !== PLAN_ENCODING)
        return corrupt(`${where}: unknown encoding '${row.encoding}'`);
    let endpoints;
    try {
        endpoints = decodeEndpoints(JSON.parse(inflateRawSync(row.body).toString('utf8')), reference?.endpoints ?? []);
    }
    catch (error) {
        return corrupt(`${where}: body does not decode (${error instanceof Error ? error.message : String(error)})`);
    }
    for (let i = 1; i < endpoints.length; i++) {
        if (compareNames(endpoints[i - 1], endpoints[i]) >= 0)
            return corrupt(`${where}: endpoints not strictly sorted at ${endpoints[i].name}`);
    }
    const digest = planContentDigest(endpoints);
    if (digest !== row.digest)
        return corrupt(`${where}: stored digest ${row.digest} but content digests to ${digest}`);
    return ok({ generation: row.generation, digest, createdAtMs: row.createdAtMs, endpoints, note: row.note });
}
function corrupt(message) {
    return failure('corrupt', `stored plan is corrupted: ${message}`, false);
}
/** Throws (caught by the caller as "does not decode") on any shape error. */
function decodeEndpoints(value, reference) {
    const body = value;
    if (body === null || typeof body !== 'object' || body.v !== 1 || !Array.isArray(body.a) || !Array.isArray(body.e)) {
        throw new Error('not a dnsplane-plan/1 body');
    }
    const table = body.a.map(decodeAddressRow);
    // Both lists are sorted by name, so one forward cursor finds each endpoint's reference.
    let cursor = 0;
    return body.e.map((row) => {
        const [name, ttlSeconds, answersMax, refs] = checkEndpointRow(row);
        while (cursor < reference.length && reference[cursor].name < name)
            cursor++;
        const candidate = reference[cursor];
        if (candidate !== undefined && candidate.name === name && sameContent(candidate, ttlSeconds, answersMax, refs, table))
            return candidate;
        return buildEndpoint(name, ttlSeconds, answersMax, refs, table);
    });
}
function decodeAddressRow(row) {
    if (!Array.isArray(row) || row.length !== 3)
        throw new Error('address row must be [lb, family, address]');
    const [lb, family, address] = row;
    if (typeof lb !== 'string' || (family !== 'A' && family !== 'AAAA') || typeof address !== 'string')
        throw new Error(`bad address row ${JSON.stringify(row)}`);
    return { loadBalancer: loadBalancerId(lb), family, address };
}
function checkEndpointRow(row) {
    if (!Array.isArray(row) || row.length !== 4)
        throw new Error('endpoint row must be [name, ttl, answers, refs]');
    const [name, ttlSeconds, answersMax, refs] = row;
    if (typeof name !== 'string' || !Number.isSafeInteger(ttlSeconds) || !Number.isSafeInteger(answersMax) || !Array.isArray(refs) || refs.length % 2 !== 0) {
        throw new Error(`bad endpoint row for ${JSON.stringify(name)}`);
    }
    return [name, ttlSeconds, answersMax, refs];
}
/** Whether a decoded row carries exactly the content of `endpoint` (same addresses, same order). */
function sameContent(endpoint, ttlSeconds, answersMax, refs, table) {
    if (endpoint.ttlSeconds !== ttlSeconds || endpoint.answersMax !== answersMax || endpoint.addresses.length * 2 !== refs.length)
        return false;
    for (let i = 0; i < endpoint.addresses.length; i++) {
        const a = endpoint.addresses[i];
        const base = table[refs[2 * i]];
        if (base === undefined || a.weight !== refs[2 * i + 1] || a.address !== base.address || a.family !== base.family || a.loadBalancer !== base.loadBalancer)
            return false;
    }
    return true;
}
function buildEndpoint(name, ttlSeconds, answersMax, refs, table) {
    const addresses = [];
    for (let i = 0; i < refs.length; i += 2) {
        const base = table[refs[i]];
        const weight = refs[i + 1];
        if (base === undefined || typeof weight !== 'number')
            throw new Error(`bad address reference in ${name}`);
        addresses.push({ loadBalancer: base.loadBalancer, family: base.family, address: base.address, weight });
    }
    // canonicalEndpoint asserts positive integer weights and recomputes the digest from content.
    return canonicalEndpoint({ name: endpointName(name), ttlSeconds, answersMax, addresses });
}
//# sourceMappingURL=plan-codec.js.map
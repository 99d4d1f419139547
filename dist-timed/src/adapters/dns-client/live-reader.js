/**
 * What is live for endpoints on a standard DNS server, read two ways that must agree exactly:
 *
 *   readLiveOverWire(names)          queries, as any resolver would: the fence TXT at
 *                                    `_dnsplane.<name>` and the A and AAAA RRsets, a bounded
 *                                    number at a time
 *   liveFromRecords(names, records)  the same from a zone snapshot (an AXFR)
 *
 * Both keep the fence RRset exactly as served — each TXT record's character-strings, never
 * joined or re-rendered — because a write's prerequisite is that RRset byte for byte; and both
 * report the address RRsets' TTL, so reconciliation can compare what is served with what a plan
 * materialises to. Records of an RRset have no order in DNS (BIND rotates them between answers),
 * so the fence records are put in one canonical order: two reads of one RRset are equal.
 */
import { fenceName } from '../../core/model/fence.js';
import { servedTtl } from '../../core/model/served.js';
import { liveEndpoint } from '../../core/ports/dns-provider.js';
import { failure, ok } from '../../core/ports/result.js';
import { RRType, Rcode, canonicalName, rcodeName } from '../../dns-wire/index.js';
import { queryDns } from './dns-client.js';
export const LIVE_READ_CONCURRENCY_MAX = 32;
export async function readLiveOverWire(server, names, options = {}) {
    const results = new Array(names.length);
    let next = 0;
    let firstFailure = null;
    const worker = async () => {
        while (next < names.length && firstFailure === null) {
            const index = next++;
            const read = await readOne(server, names[index], options);
            if (!read.ok)
                firstFailure = read;
            else
                results[index] = read.value;
        }
    };
    await Promise.all(Array.from({ length: Math.min(LIVE_READ_CONCURRENCY_MAX, names.length) }, worker));
    if (firstFailure !== null)
        return firstFailure;
    return ok(results);
}
async function readOne(server, name, options) {
    const fence = fenceName(name);
    const questions = [[fence, RRType.TXT], [name, RRType.A], [name, RRType.AAAA]];
    const responses = await Promise.all(questions.map(([owner, type]) => queryDns(server, owner, type, options)));
    const records = [];
    for (const response of responses) {
        if (!response.ok)
            return response;
        const rcode = response.value.header.rcode;
        if (rcode !== Rcode.NOERROR && rcode !== Rcode.NXDOMAIN)
            return failure('server', `${name}: server answered ${rcodeName(rcode)}`, true);
        records.push(...response.value.answers);
    }
    return ok(liveOf(name, records.filter((rr) => isAt(rr, name)), records.filter((rr) => isAt(rr, fence))));
}
/** What is live for each name, from a zone snapshot; only the names asked about are indexed. */
export function liveFromRecords(names, records) {
    const index = new Map();
    for (const name of names) {
        index.set(canonicalName(name), []);
        index.set(canonicalName(fenceName(name)), []);
    }
    for (const record of records)
        index.get(canonicalName(record.name))?.push(record);
    return names.map((name) => liveOf(name, index.get(canonicalName(name)), index.get(canonicalName(fenceName(name)))));
}
/** One endpoint from the records at its name and at its fence name (other types are ignored). */
function liveOf(name, atName, atFence) {
    return liveEndpoint(name, fenceRawOf(atFence), servedContentOf(atName));
}
function fenceRawOf(records) {
    const raw = records.flatMap((rr) => (rr.type === RRType.TXT && rr.data.kind === 'TXT' ? [rr.data.strings] : []));
    if (raw.length === 0)
        return null;
    const key = (strings) => JSON.stringify(strings);
    return [...raw].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}
/** The A and AAAA RRsets: their addresses, and their TTL (the A RRset's when both exist). */
function servedContentOf(records) {
    const addresses = [];
    const ttls = [];
    for (const type of [RRType.A, RRType.AAAA]) {
        for (const rr of records) {
            if (rr.type !== type || (rr.data.kind !== 'A' && rr.data.kind !== 'AAAA'))
                continue;
            ttls.push(rr.ttl);
            addresses.push({ family: rr.data.kind, address: rr.data.address });
        }
    }
    return { ...servedTtl(ttls), addresses };
}
function isAt(record, owner) {
    return canonicalName(record.name) === canonicalName(owner);
}
//# sourceMappingURL=live-reader.js.map
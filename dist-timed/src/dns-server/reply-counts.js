/**
 * Replies to queries, counted by rcode (for `dnsplane_dns_queries_total{rcode}`): read from the
 * reply's header as it leaves, so every path (cache, template, full chain) is counted alike.
 * The counts of worker processes are reported to the primary and summed there (workers.ts).
 */
const HEADER_BYTES = 12;
const OPCODE_QUERY = 0;
/** RFC 1035 / 2136 rcode names; other values are shown as numbers. */
const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
export class ReplyCounter {
    /** Index: the 4-bit header rcode. */
    counts = new Array(16).fill(0);
    /** Counts a reply to a QUERY (UPDATE and NOTIFY replies are not queries). */
    observe(reply) {
        if (reply.length < HEADER_BYTES || ((reply[2] >> 3) & 0x0f) !== OPCODE_QUERY)
            return;
        this.counts[reply[3] & 0x0f]++;
    }
    /** Non-zero counts by rcode name. */
    snapshot() {
        const out = {};
        this.counts.forEach((count, rcode) => { if (count > 0)
            out[rcodeName(rcode)] = count; });
        return out;
    }
}
export function rcodeName(rcode) {
    return RCODE_NAMES[rcode] ?? String(rcode);
}
/** Sums count records (the primary's and each worker's). */
export function addCounts(...all) {
    const out = {};
    for (const counts of all)
        for (const [name, count] of Object.entries(counts))
            out[name] = (out[name] ?? 0) + count;
    return out;
}
//# sourceMappingURL=reply-counts.js.map
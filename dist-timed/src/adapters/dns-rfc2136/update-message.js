/**
 * One RFC 2136 UPDATE message for a batch of fenced writes. Pure: no I/O, no time.
 *
 * For every endpoint of the batch the message carries (RFC 2136 §2.4, §2.5):
 *
 *   prerequisite  _dnsplane.<name> TXT  "s1" "s2" ...              one record per fence record read,
 *                                                                   its strings exactly as read (class
 *                                                                   IN, TTL 0: "this RRset exists with
 *                                                                   exactly these records", §2.4.2)
 *             or  _dnsplane.<name> TXT  class NONE                  ("no fence yet": RRset does not exist)
 *   update        <name> A     class ANY    (delete the RRset)
 *                 <name> AAAA  class ANY
 *                 <name> A/AAAA class IN    (add each materialised address)
 *                 _dnsplane.<name> TXT class ANY, then the new fence (class IN, one string)
 *
 * The server checks every prerequisite of the message before it changes anything and applies the
 * update section as one transaction, so the whole batch is one compare-and-swap (ARCHITECTURE §2).
 * The prerequisite is the fence RRset as it was read, never rebuilt from the parsed fence: a
 * fence written as `gen=07 …`, or split over two character-strings, parses like ours, but the
 * server compares rdata bytes, and a rebuilt value would never match it.
 *
 * Weights: standard servers return the whole RRset, so an endpoint is materialised as its top
 * `answersMax` addresses per family by weight (topAddressesByWeight, the same choice
 * `materialiseTopByWeight` reports to reconciliation).
 */
import { fenceName, rawOfFence } from '../../core/model/fence.js';
import { topAddressesByWeight } from '../../core/model/served.js';
import { EMPTY_HEADER, Opcode, RRClass, RRType } from '../../dns-wire/index.js';
/** The fence prerequisite of one write: one record per fence record read, or "no fence RRset". */
export function fencePrerequisite(write) {
    const name = fenceName(write.endpoint);
    const expected = write.expectedFence ?? [];
    if (expected.length === 0)
        return [{ name, type: RRType.TXT, class: RRClass.NONE, ttl: 0, data: { kind: 'empty' } }];
    return expected.map((strings) => ({ name, type: RRType.TXT, class: RRClass.IN, ttl: 0, data: { kind: 'TXT', strings } }));
}
export function endpointUpdates(write) {
    const name = write.endpoint;
    const ttl = write.records.ttlSeconds;
    const deleteRRset = (owner, type) => ({ name: owner, type, class: RRClass.ANY, ttl: 0, data: { kind: 'empty' } });
    const adds = ['A', 'AAAA'].flatMap((family) => topAddressesByWeight(write.records, family).map((a) => ({
        name, type: family === 'A' ? RRType.A : RRType.AAAA, class: RRClass.IN, ttl, data: { kind: family, address: a.address },
    })));
    const fence = fenceName(write.endpoint);
    const newFence = rawOfFence(write.newFence).map((strings) => ({ name: fence, type: RRType.TXT, class: RRClass.IN, ttl, data: { kind: 'TXT', strings } }));
    return [deleteRRset(name, RRType.A), deleteRRset(name, RRType.AAAA), ...adds, deleteRRset(fence, RRType.TXT), ...newFence];
}
/** The UPDATE for a whole batch: zone section, the prerequisites of every endpoint, all the updates. */
export function buildFencedUpdate(zone, writes, id) {
    return {
        header: { ...EMPTY_HEADER, id, opcode: Opcode.UPDATE },
        questions: [{ name: zone, type: RRType.SOA, class: RRClass.IN }],
        answers: writes.flatMap(fencePrerequisite),
        authorities: writes.flatMap(endpointUpdates),
        additionals: [],
    };
}
//# sourceMappingURL=update-message.js.map
/**
 * transfer: AXFR (RFC 5936) and IXFR (RFC 1995), for keys allowed by name. A transfer request
 * must be TSIG-signed (the tsig handler ran first) by a key in `allowedKeys`; any other is
 * REFUSED, as is one for another zone. The records go out over TCP in as many messages as they
 * need (packet.ts packs `answerStream`, signing every message):
 *
 *   AXFR:  SOA, every other RRset (plan endpoints whole: no sampling), SOA
 *   IXFR:  SOA new, then per version: SOA old, deleted records, SOA new of that version, added
 *          records; then SOA new again (RFC 1995 §4)
 *
 * IXFR sends differences when the zone history (zone-history.ts) reaches back to the client's
 * serial; otherwise the whole zone as AXFR does, which RFC 1995 §4 allows. An IXFR whose serial is
 * ours or newer, or one over UDP, gets our SOA alone (RFC 1995 §2, §4): the secondary is up to
 * date, or retries over TCP. AXFR over UDP is REFUSED (RFC 5936 §4.2: TCP only).
 *
 * The records are read from the zone as it is when the request arrives: the list of RRsets is
 * taken at once (RRsets are immutable, a commit replaces them), and encoded later.
 */
import { Opcode, RRType, Rcode, canonicalName } from '../../dns-wire/index.js';
import { replyTo, simpleReply } from '../handler.js';
import { soaRecord } from '../zone-history.js';
import { serialGreater } from '../zone.js';
export function transferHandler(source, allowedKeys) {
    const allowed = new Set([...allowedKeys].map(keyName));
    return {
        name: 'transfer',
        handle(request, next) {
            const question = request.message.questions[0];
            const header = request.message.header;
            if (header.opcode !== Opcode.QUERY || question === undefined || (question.type !== RRType.AXFR && question.type !== RRType.IXFR))
                return next(request);
            const reader = source.zone();
            if (canonicalName(question.name) !== reader.origin || request.signedBy === undefined || !allowed.has(keyName(request.signedBy.name))) {
                return simpleReply(request, Rcode.REFUSED);
            }
            const soa = soaRecord(reader);
            if (question.type === RRType.IXFR) {
                const serial = clientSerial(request.message.authorities);
                if (request.transport === 'udp' || (serial !== null && !serialGreater(reader.serial, serial)))
                    return soaOnly(request, soa);
                const differences = serial === null ? null : source.versions().since(serial);
                if (differences !== null && reachesSerial(differences, reader.serial))
                    return streamed(request, incrementalRecords(soa, differences));
            }
            if (request.transport === 'udp')
                return simpleReply(request, Rcode.REFUSED);
            return streamed(request, wholeZoneRecords(reader.origin, soa, rrsetsOf(source.contents())));
        },
    };
}
function soaOnly(request, soa) {
    return { message: replyTo(request.message, Rcode.NOERROR, { aa: true, answers: [soa] }), cacheable: false };
}
function streamed(request, records) {
    return { message: replyTo(request.message, Rcode.NOERROR, { aa: true }), cacheable: false, answerStream: records };
}
/** The zone's RRsets as they are now: references only, so later commits do not show through. */
function rrsetsOf(contents) {
    const rrsets = [];
    for (const [name, byType] of contents) {
        for (const rrset of byType.values())
            rrsets.push([name, rrset]);
    }
    return rrsets;
}
function* wholeZoneRecords(origin, soa, rrsets) {
    yield soa;
    for (const [name, rrset] of rrsets) {
        if (name === origin && rrset.type === RRType.SOA)
            continue;
        for (const data of rrset.rdatas)
            yield { name, type: rrset.type, class: soa.class, ttl: rrset.ttl, data };
    }
    yield soa;
}
function* incrementalRecords(soa, differences) {
    yield soa;
    for (const difference of differences) {
        yield difference.fromSoa;
        yield* difference.deleted;
        yield difference.toSoa;
        yield* difference.added;
    }
    yield soa;
}
/** The differences end at the zone's serial: a history behind the zone would send a wrong one. */
function reachesSerial(differences, serial) {
    const last = differences.at(-1)?.toSoa.data;
    return last?.kind === 'SOA' && last.serial === serial;
}
/** The serial of the SOA an IXFR request carries in its authority section (RFC 1995 §3). */
function clientSerial(authorities) {
    const soa = authorities.find((rr) => rr.type === RRType.SOA);
    return soa?.data.kind === 'SOA' ? soa.data.serial : null;
}
/** Key names compare absolute and lower case: 'xfr-key' is 'xfr-key.'. */
function keyName(name) {
    return canonicalName(name.endsWith('.') ? name : `${name}.`);
}
//# sourceMappingURL=transfer.js.map
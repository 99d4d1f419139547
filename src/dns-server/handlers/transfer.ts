/**
 * transfer: AXFR (RFC 5936) and IXFR (RFC 1995), for keys allowed by name. A transfer request
 * must be TSIG-signed (the tsig handler ran first) by a key in `allowedKeys`; any other is
 * REFUSED, as is one for another zone. The zone goes out in one TCP message:
 *
 *   SOA, every other RRset (plan endpoints whole: no sampling), SOA
 *
 * IXFR is answered the same way, which RFC 1995 §4 allows ("the server may send the entire zone
 * as in AXFR") — a secondary then replaces its copy. An IXFR over UDP, or one whose serial is
 * already ours, gets our SOA alone (RFC 1995 §2, §4): the secondary is up to date, or retries over TCP.
 * AXFR over UDP is FORMERR-free but REFUSED (RFC 5936 §4.2: TCP only).
 */
import { Opcode, RRClass, RRType, Rcode, canonicalName, type ResourceRecord } from '../../dns-wire/index.js';
import { replyTo, simpleReply, type Handler } from '../handler.js';
import type { RRset, ZoneReader } from '../zone.js';

export type ZoneContents = () => Iterable<[string, ReadonlyMap<number, RRset>]>;

export function transferHandler(zone: () => ZoneReader, contents: ZoneContents, allowedKeys: ReadonlySet<string>): Handler {
  const allowed = new Set([...allowedKeys].map(keyName));
  return {
    name: 'transfer',
    handle(request, next) {
      const question = request.message.questions[0];
      const header = request.message.header;
      if (header.opcode !== Opcode.QUERY || question === undefined || (question.type !== RRType.AXFR && question.type !== RRType.IXFR)) return next(request);
      const reader = zone();
      if (canonicalName(question.name) !== reader.origin || request.signedBy === undefined || !allowed.has(keyName(request.signedBy.name))) {
        return simpleReply(request, Rcode.REFUSED);
      }
      const soa = soaRecord(reader);
      if (question.type === RRType.IXFR && (request.transport === 'udp' || clientSerial(request.message.authorities) === (soa.data.kind === 'SOA' ? soa.data.serial : -1))) {
        return { message: replyTo(request.message, Rcode.NOERROR, { aa: true, answers: [soa] }), cacheable: false };
      }
      if (request.transport === 'udp') return simpleReply(request, Rcode.REFUSED);
      const answers: ResourceRecord[] = [soa];
      for (const [name, rrsets] of contents()) {
        for (const rrset of rrsets.values()) {
          if (name === reader.origin && rrset.type === RRType.SOA) continue;
          for (const data of rrset.rdatas) answers.push({ name, type: rrset.type, class: RRClass.IN, ttl: rrset.ttl, data });
        }
      }
      answers.push(soa);
      return { message: replyTo(request.message, Rcode.NOERROR, { aa: true, answers }), cacheable: false };
    },
  };
}

function soaRecord(zone: ZoneReader): ResourceRecord {
  const soa = zone.rrset(zone.origin, RRType.SOA)!;
  return { name: zone.origin, type: RRType.SOA, class: RRClass.IN, ttl: soa.ttl, data: soa.rdatas[0]! };
}

/** The serial of the SOA an IXFR request carries in its authority section (RFC 1995 §3). */
function clientSerial(authorities: readonly ResourceRecord[]): number | null {
  const soa = authorities.find((rr) => rr.type === RRType.SOA);
  return soa?.data.kind === 'SOA' ? soa.data.serial : null;
}

/** Key names compare absolute and lower case: 'xfr-key' is 'xfr-key.'. */
function keyName(name: string): string {
  return canonicalName(name.endsWith('.') ? name : `${name}.`);
}

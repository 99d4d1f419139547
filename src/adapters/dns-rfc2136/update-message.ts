/**
 * One RFC 2136 UPDATE message for a batch of fenced writes. Pure: no I/O, no time.
 *
 * For every endpoint of the batch the message carries (RFC 2136 §2.4, §2.5):
 *
 *   prerequisite  _dnsplane.<name> TXT  "gen=.. digest=.. by=.."   (class IN, TTL 0: "this RRset
 *                                                                   exists with exactly this value")
 *             or  _dnsplane.<name> TXT  class NONE                  ("no fence yet": RRset does not exist)
 *   update        <name> A     class ANY    (delete the RRset)
 *                 <name> AAAA  class ANY
 *                 <name> A/AAAA class IN    (add each materialised address)
 *                 _dnsplane.<name> TXT class ANY, then the new fence (class IN)
 *
 * The server checks every prerequisite of the message before it changes anything and applies the
 * update section as one transaction, so the whole batch is one compare-and-swap (ARCHITECTURE §2).
 *
 * Weights: standard servers return the whole RRset, so an endpoint is materialised as its top
 * `answersMax` addresses per family by weight (ties broken by address, so the choice is stable).
 */
import { fenceName, formatFence } from '../../core/model/fence.js';
import type { EndpointRecords, FencedWrite } from '../../core/ports/dns-provider.js';
import type { WeightedAddress } from '../../core/model/plan.js';
import { EMPTY_HEADER, Opcode, RRClass, RRType, type DnsMessage, type ResourceRecord } from '../../dns-wire/index.js';

/** The addresses a standard server will serve for one family: the top answersMax by weight. */
export function materialisedAddresses(records: EndpointRecords, family: 'A' | 'AAAA'): WeightedAddress[] {
  return records.addresses
    .filter((a) => a.family === family)
    .sort((x, y) => (y.weight - x.weight) || (x.address < y.address ? -1 : x.address > y.address ? 1 : 0))
    .slice(0, records.answersMax);
}

export function fencePrerequisite(write: FencedWrite): ResourceRecord {
  const name = fenceName(write.endpoint);
  if (write.expectedFence === null) return { name, type: RRType.TXT, class: RRClass.NONE, ttl: 0, data: { kind: 'empty' } };
  return { name, type: RRType.TXT, class: RRClass.IN, ttl: 0, data: { kind: 'TXT', strings: [formatFence(write.expectedFence)] } };
}

export function endpointUpdates(write: FencedWrite): ResourceRecord[] {
  const name = write.endpoint;
  const ttl = write.records.ttlSeconds;
  const deleteRRset = (owner: string, type: number): ResourceRecord => ({ name: owner, type, class: RRClass.ANY, ttl: 0, data: { kind: 'empty' } });
  const adds = (['A', 'AAAA'] as const).flatMap((family) => materialisedAddresses(write.records, family).map((a): ResourceRecord => ({
    name, type: family === 'A' ? RRType.A : RRType.AAAA, class: RRClass.IN, ttl, data: { kind: family, address: a.address },
  })));
  const fence = fenceName(write.endpoint);
  return [
    deleteRRset(name, RRType.A),
    deleteRRset(name, RRType.AAAA),
    ...adds,
    deleteRRset(fence, RRType.TXT),
    { name: fence, type: RRType.TXT, class: RRClass.IN, ttl, data: { kind: 'TXT', strings: [formatFence(write.newFence)] } },
  ];
}

/** The UPDATE for a whole batch: zone section, one prerequisite per endpoint, all the updates. */
export function buildFencedUpdate(zone: string, writes: readonly FencedWrite[], id: number): DnsMessage {
  return {
    header: { ...EMPTY_HEADER, id, opcode: Opcode.UPDATE },
    questions: [{ name: zone, type: RRType.SOA, class: RRClass.IN }],
    answers: writes.map(fencePrerequisite),
    authorities: writes.flatMap(endpointUpdates),
    additionals: [],
  };
}

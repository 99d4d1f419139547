/**
 * Which response answers which request. A message id alone is 16 bits chosen at random: after a
 * timeout, a late answer to an earlier request can carry the id a new request drew. A response
 * is taken as the answer only when it has the request's id, opcode and question — for an UPDATE
 * the zone section, which sits where a query's question does (RFC 2136 §2.3) — as RFC 5452 §9.1
 * asks of resolvers. Pure: bytes in, a verdict out.
 */
import { Rcode, canonicalName, readHeader, readName } from '../../dns-wire/index.js';
const HEADER_BYTES = 12;
/** The request's key, read from its wire form; null when the bytes are not a DNS message. */
export function requestKeyOf(wire) {
    const header = readHeader(wire);
    if (header === null)
        return null;
    return { id: header.id, opcode: header.opcode, question: firstQuestion(wire) };
}
/**
 * True when `response` answers the request `key`. A FORMERR without a question is accepted: a
 * server that cannot parse a request cannot repeat its question (BIND answers garbage that way).
 */
export function responseMatches(key, response) {
    const header = readHeader(response);
    if (header === null || !header.qr || header.id !== key.id || header.opcode !== key.opcode)
        return false;
    const questions = questionCount(response);
    if (questions === 0)
        return header.rcode === Rcode.FORMERR;
    if (questions !== 1 || key.question === null)
        return false;
    const question = firstQuestion(response);
    return question !== null && sameQuestion(question, key.question);
}
export function describeRequestKey(key) {
    if (key.question === null)
        return `id ${key.id}`;
    return `id ${key.id} ${key.question.name} type ${key.question.type} class ${key.question.class}`;
}
function questionCount(wire) {
    return (wire[4] << 8) | wire[5];
}
function firstQuestion(wire) {
    if (wire.length < HEADER_BYTES || questionCount(wire) === 0)
        return null;
    const name = readName(wire, HEADER_BYTES);
    if (!name.ok || name.next + 4 > wire.length)
        return null;
    const type = (wire[name.next] << 8) | wire[name.next + 1];
    const rrClass = (wire[name.next + 2] << 8) | wire[name.next + 3];
    return { name: name.name, type, class: rrClass };
}
function sameQuestion(a, b) {
    return a.type === b.type && a.class === b.class && canonicalName(a.name) === canonicalName(b.name);
}
//# sourceMappingURL=response-match.js.map
import { RRType, Rcode, canonicalName, readName } from '../dns-wire/index.js';
const HEADER = 12;
const CLASSIC_UDP_MAX = 512;
const TCP_MESSAGE_MAX = 65535;
const UDP_PAYLOAD_MIN = 512;
/** Our OPT record: root name, type, class, TTL, empty rdata (we send no options). */
const OPT_RECORD_LENGTH = 11;
const LABEL_LENGTH_MAX = 63;
const NAME_WIRE_LENGTH_MAX = 255;
const ENTRIES_MAX_DEFAULT = 50_000;
const RD_BIT = 0x01; // in byte 2
const TC_BIT = 0x02; // in byte 2
const CD_BIT = 0x10; // in byte 3
export class AnswerCache {
    udpPayloadMax;
    entriesMax;
    buckets = new Map();
    byName = new Map();
    volatile = [];
    count = 0;
    shape = { questionEnd: 0, variant: 0, limit: 0, hash: 0 };
    /** `udpPayloadMax`: our EDNS payload size, which caps the client's. */
    constructor(udpPayloadMax, entriesMax = ENTRIES_MAX_DEFAULT) {
        this.udpPayloadMax = udpPayloadMax;
        this.entriesMax = entriesMax;
    }
    get size() {
        return this.count;
    }
    /** The reply to `raw` from a precomputed answer, or null: not kept, or not a plain query. */
    answer(raw, transport, random) {
        const shape = this.shape;
        if (!readShape(raw, transport, this.udpPayloadMax, shape))
            return null;
        const entry = this.find(raw, shape);
        if (entry === null)
            return null;
        if (entry.fixed !== null)
            return patchFixed(entry.fixed, raw, shape);
        return drawSampled(entry.sampled, random, shape.limit, { raw, questionEnd: shape.questionEnd });
    }
    /** Keeps the slow path's cacheable, untruncated, unsigned reply to `raw`. */
    remember(raw, transport, reply) {
        const shape = this.shape;
        if (!readShape(raw, transport, this.udpPayloadMax, shape) || this.find(raw, shape) !== null)
            return;
        if (this.count >= this.entriesMax)
            this.invalidate();
        const key = foldedQuestion(raw, shape.questionEnd);
        const fixed = reply instanceof Uint8Array ? fixedAnswer(reply, shape) : null;
        const sampled = reply instanceof Uint8Array ? null : normalisedSampled(reply);
        const header = fixed?.full ?? sampled.prefix;
        const name = dependsOnOwnNameOnly(header, fixed?.full ?? null, shape.questionEnd, shape.variant) ? ownerName(raw) : null;
        const entry = { hash: shape.hash, key, variant: shape.variant, fixed, sampled, name, next: this.buckets.get(shape.hash) ?? null };
        this.buckets.set(shape.hash, entry);
        this.count++;
        if (name === null) {
            this.volatile.push(entry);
            return;
        }
        const named = this.byName.get(name);
        if (named === undefined)
            this.byName.set(name, [entry]);
        else
            named.push(entry);
    }
    /**
     * After a commit: drops every answer that may have changed. `names`: the names the commit
     * changed (canonical); without them, everything is dropped.
     */
    invalidate(names) {
        if (names === undefined) {
            this.buckets.clear();
            this.byName.clear();
            this.volatile = [];
            this.count = 0;
            return;
        }
        for (const entry of this.volatile)
            this.unlink(entry);
        this.volatile = [];
        for (const name of names) {
            const entries = this.byName.get(name);
            if (entries === undefined)
                continue;
            for (const entry of entries)
                this.unlink(entry);
            this.byName.delete(name);
        }
    }
    find(raw, shape) {
        for (let entry = this.buckets.get(shape.hash) ?? null; entry !== null; entry = entry.next) {
            if (entry.variant === shape.variant && sameQuestion(entry.key, raw, shape.questionEnd))
                return entry;
        }
        return null;
    }
    unlink(entry) {
        let previous = null;
        for (let at = this.buckets.get(entry.hash) ?? null; at !== null; previous = at, at = at.next) {
            if (at !== entry)
                continue;
            if (previous !== null)
                previous.next = at.next;
            else if (at.next !== null)
                this.buckets.set(entry.hash, at.next);
            else
                this.buckets.delete(entry.hash);
            this.count--;
            return;
        }
    }
}
/**
 * Reads the request as far as the cache needs, and says whether it is of the plain shape the
 * cache answers. The checks mirror what the parser and the guard/edns handlers would accept, and
 * are stricter wherever that is simpler (a compressed question name, a second additional, trailing
 * bytes: all go the slow way).
 */
function readShape(raw, transport, udpPayloadMax, shape) {
    const length = raw.length;
    // QR=0 and opcode QUERY; exactly one question, no answers or authorities, at most one additional.
    if (length < HEADER + 5 || (raw[2] & 0xf8) !== 0)
        return false;
    if (raw[4] !== 0 || raw[5] !== 1 || raw[6] !== 0 || raw[7] !== 0 || raw[8] !== 0 || raw[9] !== 0 || raw[10] !== 0 || raw[11] > 1)
        return false;
    let hash = 0x811c9dc5;
    let at = HEADER;
    let wireLength = 1;
    for (;;) {
        if (at >= length)
            return false;
        const labelLength = raw[at];
        if (labelLength === 0)
            break;
        if (labelLength > LABEL_LENGTH_MAX || at + 1 + labelLength > length)
            return false;
        wireLength += labelLength + 1;
        if (wireLength > NAME_WIRE_LENGTH_MAX)
            return false;
        hash = Math.imul(hash ^ labelLength, 0x01000193);
        for (let i = at + 1; i <= at + labelLength; i++)
            hash = Math.imul(hash ^ foldAscii(raw[i]), 0x01000193);
        at += labelLength + 1;
    }
    const questionEnd = at + 1 + 4;
    if (questionEnd > length)
        return false;
    for (let i = at + 1; i < questionEnd; i++)
        hash = Math.imul(hash ^ raw[i], 0x01000193);
    let variant = 0;
    let limit = transport === 'tcp' ? TCP_MESSAGE_MAX : CLASSIC_UDP_MAX;
    if (raw[11] === 1) {
        const opt = readOpt(raw, questionEnd);
        if (opt < 0)
            return false;
        variant = 1 + (opt >> 16);
        if (transport === 'udp')
            limit = Math.max(UDP_PAYLOAD_MIN, Math.min(opt & 0xffff, udpPayloadMax));
    }
    else if (questionEnd !== length) {
        return false;
    }
    shape.questionEnd = questionEnd;
    shape.variant = variant;
    shape.limit = limit;
    shape.hash = (hash ^ variant) >>> 0;
    return true;
}
/**
 * The OPT record at `at`, which must end the message: its payload size | DO << 16, or -1 when it
 * is not a root-owned OPT of version 0 whose options are well-formed.
 */
function readOpt(raw, at) {
    if (at + OPT_RECORD_LENGTH > raw.length || raw[at] !== 0 || raw[at + 1] !== 0 || raw[at + 2] !== RRType.OPT)
        return -1;
    if (raw[at + 6] !== 0)
        return -1; // EDNS version: anything else is BADVERS, answered by the chain
    const payload = (raw[at + 3] << 8) | raw[at + 4];
    const dnssecOk = (raw[at + 7] & 0x80) !== 0 ? 1 : 0;
    const end = at + OPT_RECORD_LENGTH + ((raw[at + 9] << 8) | raw[at + 10]);
    if (end !== raw.length)
        return -1;
    for (let option = at + OPT_RECORD_LENGTH; option < end;) {
        if (option + 4 > end)
            return -1;
        option += 4 + ((raw[option + 2] << 8) | raw[option + 3]);
        if (option > end)
            return -1;
    }
    return payload | (dnssecOk << 16);
}
function foldAscii(byte) {
    return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}
function foldedQuestion(raw, questionEnd) {
    const key = raw.slice(HEADER, questionEnd);
    // Label lengths are at most 63, below 'A': folding them is harmless; type and class are not folded.
    for (let i = 0; i < key.length - 4; i++)
        key[i] = foldAscii(key[i]);
    return key;
}
function sameQuestion(key, raw, questionEnd) {
    if (key.length !== questionEnd - HEADER)
        return false;
    const nameEnd = key.length - 4;
    for (let i = 0; i < nameEnd; i++)
        if (key[i] !== foldAscii(raw[HEADER + i]))
            return false;
    for (let i = nameEnd; i < key.length; i++)
        if (key[i] !== raw[HEADER + i])
            return false;
    return true;
}
function ownerName(raw) {
    const read = readName(raw, HEADER);
    return read.ok ? canonicalName(read.name) : null;
}
/** The reply with id, RD and CD cleared (they are patched per request), and its truncated form. */
function fixedAnswer(reply, shape) {
    const full = normalisedHeader(reply);
    const truncated = new Uint8Array(shape.questionEnd + (shape.variant > 0 ? OPT_RECORD_LENGTH : 0));
    truncated.set(full.subarray(0, shape.questionEnd));
    // RFC 2181 §9, as packet.ts does it: no partial RRsets; only the OPT stays, the client retries over TCP.
    truncated[2] |= TC_BIT;
    truncated.fill(0, 6, 10);
    truncated[10] = 0;
    truncated[11] = shape.variant > 0 ? 1 : 0;
    if (shape.variant > 0)
        truncated.set(full.subarray(full.length - OPT_RECORD_LENGTH), shape.questionEnd);
    return { full, truncated };
}
function normalisedSampled(answer) {
    return { ...answer, prefix: normalisedHeader(answer.prefix) };
}
function normalisedHeader(bytes) {
    const copy = bytes.slice();
    copy[0] = 0;
    copy[1] = 0;
    copy[2] &= ~RD_BIT;
    copy[3] &= ~CD_BIT;
    return copy;
}
/**
 * True when the answer was read from its own name's RRsets alone, so only a change of that name
 * can change it: a REFUSED, or a positive answer with no authority, no additional but our OPT,
 * and every answer record of the asked type (a CNAME chain starts with a CNAME). SOA and ANY are
 * excluded because the apex SOA's serial moves with every commit without being a change.
 */
function dependsOnOwnNameOnly(header, full, questionEnd, variant) {
    const rcode = header[3] & 0xf;
    const answers = (header[6] << 8) | header[7];
    const authorities = (header[8] << 8) | header[9];
    const additionals = (header[10] << 8) | header[11];
    if (authorities !== 0 || additionals !== (variant > 0 ? 1 : 0))
        return false;
    if (rcode === Rcode.REFUSED)
        return answers === 0;
    const qtype = (header[questionEnd - 4] << 8) | header[questionEnd - 3];
    if (rcode !== Rcode.NOERROR || answers === 0 || qtype === RRType.SOA || qtype === RRType.ANY)
        return false;
    // A sampled answer holds the records of the asked RRset only (answer.ts defers sampling for no other).
    if (full === null)
        return true;
    let at = questionEnd;
    for (let i = 0; i < answers; i++) {
        at = skipName(full, at);
        if (((full[at] << 8) | full[at + 1]) !== qtype)
            return false;
        at += 10 + ((full[at + 8] << 8) | full[at + 9]);
    }
    return true;
}
export function skipName(buf, offset) {
    let at = offset;
    for (;;) {
        const length = buf[at];
        if (length === 0)
            return at + 1;
        if ((length & 0xc0) === 0xc0)
            return at + 2;
        at += length + 1;
    }
}
function patchFixed(answer, raw, shape) {
    const template = answer.full.length <= shape.limit ? answer.full : answer.truncated;
    const out = Buffer.allocUnsafe(template.length);
    out.set(template);
    patchRequestFields(out, raw, shape.questionEnd);
    return out;
}
/**
 * Records drawn by weight, joined: [header, ANCOUNT patched][question][record]...[OPT], truncated
 * when over `limit`. `request`: the request whose id, RD, CD and question name to patch in; null
 * when the prefix already holds them (the slow path's own first answer).
 */
export function drawSampled(answer, random, limit, request) {
    const picked = answer.table.draw(answer.answersMax, random);
    let size = answer.prefix.length + answer.suffix.length;
    for (const index of picked)
        size += answer.records[index].length;
    const fits = size <= limit;
    const out = Buffer.allocUnsafe(fits ? size : answer.prefix.length + answer.suffix.length);
    out.set(answer.prefix, 0);
    let at = answer.prefix.length;
    if (fits) {
        for (const index of picked) {
            out.set(answer.records[index], at);
            at += answer.records[index].length;
        }
    }
    out.set(answer.suffix, at);
    if (request !== null)
        patchRequestFields(out, request.raw, request.questionEnd);
    if (!fits)
        out[2] |= TC_BIT; // the client retries over TCP
    out[6] = fits ? picked.length >> 8 : 0;
    out[7] = fits ? picked.length & 0xff : 0;
    return out;
}
/** The id, RD and CD of the request, and its question name (the client's case). */
function patchRequestFields(out, raw, questionEnd) {
    out[0] = raw[0];
    out[1] = raw[1];
    out[2] |= raw[2] & RD_BIT;
    out[3] |= raw[3] & CD_BIT;
    out.set(raw.subarray(HEADER, questionEnd - 4), HEADER);
}
//# sourceMappingURL=answer-cache.js.map
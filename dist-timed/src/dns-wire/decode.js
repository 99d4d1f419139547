/**
 * Parsing a DNS message. Every length is checked against the buffer before it is used; a
 * malformed message is a typed ParseError, never an exception. When at least the 12-byte header
 * could be read, the error carries it so that a server can answer FORMERR with the right id.
 */
import { HEADER_LENGTH, RRType } from './constants.js';
import { nameToLabels, readName } from './name.js';
/** Sections of a message that can hold more records than this are refused: no real message needs it. */
const SECTION_RECORDS_MAX = 4096;
class Malformed {
    reason;
    constructor(reason) {
        this.reason = reason;
    }
}
export function readHeader(buf) {
    if (buf.length < HEADER_LENGTH)
        return null;
    const flags = (buf[2] << 8) | buf[3];
    return {
        id: (buf[0] << 8) | buf[1],
        qr: (flags & 0x8000) !== 0,
        opcode: (flags >> 11) & 0xf,
        aa: (flags & 0x0400) !== 0,
        tc: (flags & 0x0200) !== 0,
        rd: (flags & 0x0100) !== 0,
        ra: (flags & 0x0080) !== 0,
        ad: (flags & 0x0020) !== 0,
        cd: (flags & 0x0010) !== 0,
        rcode: flags & 0xf,
    };
}
export function parseMessage(buf) {
    const header = readHeader(buf);
    if (header === null)
        return { ok: false, error: { reason: `message of ${buf.length} bytes is shorter than a header` } };
    try {
        return { ok: true, value: parseBody(buf, header) };
    }
    catch (error) {
        // Only our own Malformed marker is expected here; anything else is a bug and must surface.
        if (error instanceof Malformed)
            return { ok: false, error: { reason: error.reason, header } };
        throw error;
    }
}
function parseBody(buf, header) {
    const counts = [u16(buf, 4), u16(buf, 6), u16(buf, 8), u16(buf, 10)];
    for (const count of counts)
        if (count > SECTION_RECORDS_MAX)
            throw new Malformed(`section count ${count} too large`);
    const cursor = { offset: HEADER_LENGTH };
    const questions = [];
    for (let i = 0; i < counts[0]; i++)
        questions.push(readQuestion(buf, cursor));
    const answers = readSection(buf, cursor, counts[1]);
    const authorities = readSection(buf, cursor, counts[2]);
    const additionals = [];
    let tsigOffset;
    for (let i = 0; i < counts[3]; i++) {
        const start = cursor.offset;
        const record = readRecord(buf, cursor);
        if (record.type === RRType.TSIG) {
            if (i !== counts[3] - 1)
                throw new Malformed('TSIG record is not the last additional');
            tsigOffset = start;
        }
        additionals.push(record);
    }
    if (cursor.offset !== buf.length)
        throw new Malformed(`${buf.length - cursor.offset} trailing bytes`);
    const message = { header, questions, answers, authorities, additionals };
    return tsigOffset === undefined ? { message } : { message, tsigOffset };
}
function readSection(buf, cursor, count) {
    const records = [];
    for (let i = 0; i < count; i++)
        records.push(readRecord(buf, cursor));
    return records;
}
function readQuestion(buf, cursor) {
    const name = nameAt(buf, cursor);
    need(buf, cursor.offset, 4);
    const question = { name, type: u16(buf, cursor.offset), class: u16(buf, cursor.offset + 2) };
    cursor.offset += 4;
    return question;
}
function readRecord(buf, cursor) {
    const name = nameAt(buf, cursor);
    need(buf, cursor.offset, 10);
    const type = u16(buf, cursor.offset);
    const rrClass = u16(buf, cursor.offset + 2);
    const ttl = u32(buf, cursor.offset + 4);
    const rdLength = u16(buf, cursor.offset + 8);
    cursor.offset += 10;
    need(buf, cursor.offset, rdLength);
    const data = readRData(buf, cursor.offset, rdLength, type);
    cursor.offset += rdLength;
    return { name, type, class: rrClass, ttl, data };
}
/**
 * Decodes rdata of `type` occupying exactly buf[offset, offset+length). Names inside may point
 * to earlier parts of the message. Exported for the zone journal, which stores rdata as wire bytes.
 */
export function readRData(buf, offset, length, type) {
    if (length === 0 && type !== RRType.OPT)
        return { kind: 'empty' };
    const end = offset + length;
    switch (type) {
        case RRType.A:
            exactLength(length, 4, 'A');
            return { kind: 'A', address: `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}` };
        case RRType.AAAA:
            exactLength(length, 16, 'AAAA');
            return { kind: 'AAAA', address: ipv6ToText(buf.subarray(offset, end)) };
        case RRType.TXT:
            return { kind: 'TXT', strings: readCharacterStrings(buf, offset, end) };
        case RRType.NS:
        case RRType.CNAME: {
            const cursor = { offset };
            const host = nameAt(buf, cursor);
            if (cursor.offset !== end)
                throw new Malformed(`${type === RRType.NS ? 'NS' : 'CNAME'} rdata length mismatch`);
            return { kind: type === RRType.NS ? 'NS' : 'CNAME', host };
        }
        case RRType.SOA:
            return readSoa(buf, offset, end);
        case RRType.TSIG:
            return readTsig(buf, offset, end);
        case RRType.OPT:
            return { kind: 'OPT', options: readOptions(buf, offset, end) };
        default: {
            const layout = NAMED_RDATA_LAYOUTS.get(type);
            return { kind: 'raw', bytes: layout === undefined ? buf.slice(offset, end) : decompressRData(buf, offset, end, layout) };
        }
    }
}
const NAMED_RDATA_LAYOUTS = new Map([
    [3, ['name']], [4, ['name']], [7, ['name']], [8, ['name']], [9, ['name']], [12, ['name']], // MD MF MB MG MR PTR
    [14, ['name', 'name']], [17, ['name', 'name']], // MINFO RP
    [15, [2, 'name']], [18, [2, 'name']], [21, [2, 'name']], // MX AFSDB RT
    [26, [2, 'name', 'name']], // PX
    [33, [6, 'name']], // SRV
    [35, [4, 'string', 'string', 'string', 'name']], // NAPTR
]);
/**
 * These types are kept as raw bytes, but with every name written out in full: a pointer into the
 * sender's message means nothing once the rdata is stored and sent in another message.
 */
function decompressRData(buf, offset, end, layout) {
    const out = [];
    const cursor = { offset };
    for (const field of layout) {
        if (field === 'name') {
            for (const label of nameToLabels(nameAt(buf, cursor)))
                out.push(label.length, ...label);
            out.push(0);
        }
        else {
            const length = field === 'string' ? 1 + (cursor.offset < end ? buf[cursor.offset] : 0) : field;
            if (cursor.offset + length > end)
                throw new Malformed(`type rdata field runs past its rdata`);
            for (let i = 0; i < length; i++)
                out.push(buf[cursor.offset + i]);
            cursor.offset += length;
        }
        if (cursor.offset > end)
            throw new Malformed('rdata name runs past its rdata');
    }
    if (cursor.offset !== end)
        throw new Malformed('rdata length mismatch');
    return Uint8Array.from(out);
}
function readCharacterStrings(buf, offset, end) {
    const strings = [];
    let at = offset;
    while (at < end) {
        const length = buf[at];
        if (at + 1 + length > end)
            throw new Malformed('TXT character-string runs past its rdata');
        strings.push(latin1(buf, at + 1, at + 1 + length));
        at += 1 + length;
    }
    return strings;
}
function readSoa(buf, offset, end) {
    const cursor = { offset };
    const mname = nameAt(buf, cursor);
    const rname = nameAt(buf, cursor);
    if (cursor.offset + 20 !== end)
        throw new Malformed('SOA rdata length mismatch');
    const at = cursor.offset;
    return {
        kind: 'SOA', mname, rname,
        serial: u32(buf, at), refresh: u32(buf, at + 4), retry: u32(buf, at + 8), expire: u32(buf, at + 12), minimum: u32(buf, at + 16),
    };
}
function readTsig(buf, offset, end) {
    const cursor = { offset };
    const algorithm = nameAt(buf, cursor);
    let at = cursor.offset;
    if (at + 10 > end)
        throw new Malformed('TSIG rdata too short');
    const timeSigned = u16(buf, at) * 0x100000000 + u32(buf, at + 2);
    const fudge = u16(buf, at + 6);
    const macLength = u16(buf, at + 8);
    at += 10;
    if (at + macLength + 6 > end)
        throw new Malformed('TSIG MAC runs past its rdata');
    const mac = buf.slice(at, at + macLength);
    at += macLength;
    const originalId = u16(buf, at);
    const error = u16(buf, at + 2);
    const otherLength = u16(buf, at + 4);
    at += 6;
    if (at + otherLength !== end)
        throw new Malformed('TSIG other data length mismatch');
    return { kind: 'TSIG', algorithm, timeSigned, fudge, mac, originalId, error, otherData: buf.slice(at, end) };
}
function readOptions(buf, offset, end) {
    const options = [];
    let at = offset;
    while (at < end) {
        if (at + 4 > end)
            throw new Malformed('EDNS option header runs past its rdata');
        const code = u16(buf, at);
        const length = u16(buf, at + 2);
        if (at + 4 + length > end)
            throw new Malformed('EDNS option runs past its rdata');
        options.push({ code, data: buf.slice(at + 4, at + 4 + length) });
        at += 4 + length;
    }
    return options;
}
function nameAt(buf, cursor) {
    const read = readName(buf, cursor.offset);
    if (!read.ok)
        throw new Malformed(read.reason);
    cursor.offset = read.next;
    return read.name;
}
function need(buf, offset, length) {
    if (offset + length > buf.length)
        throw new Malformed(`need ${length} bytes at ${offset}, message has ${buf.length}`);
}
function exactLength(actual, expected, what) {
    if (actual !== expected)
        throw new Malformed(`${what} rdata must be ${expected} bytes, got ${actual}`);
}
function u16(buf, at) {
    return (buf[at] << 8) | buf[at + 1];
}
function u32(buf, at) {
    return ((buf[at] << 24) >>> 0) + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]);
}
function latin1(buf, start, end) {
    let text = '';
    for (let i = start; i < end; i++)
        text += String.fromCharCode(buf[i]);
    return text;
}
function ipv6ToText(bytes) {
    const groups = [];
    for (let i = 0; i < 16; i += 2)
        groups.push((bytes[i] << 8) | bytes[i + 1]);
    // RFC 5952: compress the longest run (length ≥ 2) of zero groups, the first one on a tie.
    let bestStart = -1;
    let bestLength = 0;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0)
        return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
//# sourceMappingURL=decode.js.map
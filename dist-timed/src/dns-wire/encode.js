/**
 * Serializing a DNS message, with name compression (RFC 1035 §4.1.4) for owner names and the
 * names inside the well-known rdata types (NS, CNAME, SOA). TSIG's algorithm name is never
 * compressed (RFC 8945 §4.2). Encoding a name that cannot exist (label > 63 bytes, name > 255)
 * throws NameError: that is a bug in the caller, not bad input from the network.
 */
import { RRType } from './constants.js';
import { LABEL_LENGTH_MAX, NAME_WIRE_LENGTH_MAX } from './constants.js';
import { NameError, nameToLabels } from './name.js';
const INITIAL_CAPACITY = 512;
/** Compression pointers carry 14 bits of offset. */
const POINTER_OFFSET_MAX = 0x3fff;
export class WireWriter {
    buf = new Uint8Array(INITIAL_CAPACITY);
    view = new DataView(this.buf.buffer);
    length = 0;
    suffixes = new Map();
    /** Empties the writer for reuse, keeping its buffer. */
    reset() {
        this.length = 0;
        this.suffixes.clear();
    }
    /**
     * Cuts the output back to `offset`, forgetting the names written after it (a compression
     * pointer must never point past the end): a record that did not fit a message is taken back.
     */
    rewind(offset) {
        if (offset >= this.length)
            return;
        this.length = offset;
        for (const [suffix, at] of this.suffixes)
            if (at >= offset)
                this.suffixes.delete(suffix);
    }
    get offset() {
        return this.length;
    }
    bytes() {
        return this.buf.slice(0, this.length);
    }
    u8(value) {
        this.reserve(1);
        this.buf[this.length++] = value & 0xff;
    }
    u16(value) {
        this.reserve(2);
        this.view.setUint16(this.length, value & 0xffff);
        this.length += 2;
    }
    u32(value) {
        this.reserve(4);
        this.view.setUint32(this.length, value >>> 0);
        this.length += 4;
    }
    u48(value) {
        this.u16(Math.floor(value / 0x100000000));
        this.u32(value % 0x100000000);
    }
    raw(bytes) {
        this.reserve(bytes.length);
        this.buf.set(bytes, this.length);
        this.length += bytes.length;
    }
    patchU16(at, value) {
        this.view.setUint16(at, value & 0xffff);
    }
    /** Writes a name, reusing an earlier occurrence of any of its suffixes when `compress`. */
    name(name, compress) {
        if (name.includes('\\')) {
            this.escapedName(name, compress);
            return;
        }
        // The common case, no escapes: labels are the text between dots, suffix keys are slices.
        const end = name.endsWith('.') ? name.length - 1 : name.length;
        if (end + 2 > NAME_WIRE_LENGTH_MAX)
            throw new NameError(`name '${name}' is longer than 255 bytes`);
        const lower = asciiLowerCase(name);
        let start = 0;
        while (start < end) {
            const key = lower.slice(start, end);
            const earlier = compress ? this.suffixes.get(key) : undefined;
            if (earlier !== undefined) {
                this.u16(0xc000 | earlier);
                return;
            }
            if (this.length <= POINTER_OFFSET_MAX && !this.suffixes.has(key))
                this.suffixes.set(key, this.length);
            let dot = name.indexOf('.', start);
            if (dot < 0 || dot > end)
                dot = end;
            const labelLength = dot - start;
            if (labelLength === 0 || labelLength > LABEL_LENGTH_MAX)
                throw new NameError(`name '${name}' has an empty or too long label`);
            this.reserve(labelLength + 1);
            this.buf[this.length++] = labelLength;
            for (let i = start; i < dot; i++) {
                const code = name.charCodeAt(i);
                if (code > 0xff)
                    throw new NameError(`name '${name}' has a character outside latin1`);
                this.buf[this.length++] = code;
            }
            start = dot + 1;
        }
        this.u8(0);
    }
    escapedName(name, compress) {
        const labels = nameToLabels(name);
        for (let i = 0; i < labels.length; i++) {
            const key = suffixKey(labels, i);
            const earlier = compress ? this.suffixes.get(key) : undefined;
            if (earlier !== undefined) {
                this.u16(0xc000 | earlier);
                return;
            }
            if (this.length <= POINTER_OFFSET_MAX && !this.suffixes.has(key))
                this.suffixes.set(key, this.length);
            this.u8(labels[i].length);
            this.raw(labels[i]);
        }
        this.u8(0);
    }
    reserve(extra) {
        if (this.length + extra <= this.buf.length)
            return;
        let capacity = this.buf.length * 2;
        while (capacity < this.length + extra)
            capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(this.buf.subarray(0, this.length));
        this.buf = grown;
        this.view = new DataView(grown.buffer);
    }
}
/**
 * Only ASCII letters compare case-insensitively (RFC 4343): String.toLowerCase would also fold
 * latin1 letters ('À' → 'à') and compress a name into a different one.
 */
function asciiLowerCase(name) {
    return NON_ASCII.test(name) ? name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : name.toLowerCase();
}
const NON_ASCII = /[^\x00-\x7f]/;
/** Keys of escaped names end in U+0100, which no unescaped key can contain: no false matches. */
function suffixKey(labels, from) {
    let key = '';
    for (let i = from; i < labels.length; i++) {
        for (const byte of labels[i])
            key += String.fromCharCode(byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);
        key += '\u0100'; // a separator no label byte can equal
    }
    return key;
}
export function headerFlags(header) {
    return (header.qr ? 0x8000 : 0)
        | ((header.opcode & 0xf) << 11)
        | (header.aa ? 0x0400 : 0)
        | (header.tc ? 0x0200 : 0)
        | (header.rd ? 0x0100 : 0)
        | (header.ra ? 0x0080 : 0)
        | (header.ad ? 0x0020 : 0)
        | (header.cd ? 0x0010 : 0)
        | (header.rcode & 0xf);
}
/** Reused by encodeMessage, which is synchronous and never re-entered: no buffer per message. */
const scratch = new WireWriter();
export function encodeMessage(message) {
    const writer = scratch;
    writer.reset();
    writer.u16(message.header.id);
    writer.u16(headerFlags(message.header));
    writer.u16(message.questions.length);
    writer.u16(message.answers.length);
    writer.u16(message.authorities.length);
    writer.u16(message.additionals.length);
    for (const question of message.questions)
        writeQuestion(writer, question);
    for (const record of message.answers)
        writeRecord(writer, record);
    for (const record of message.authorities)
        writeRecord(writer, record);
    for (const record of message.additionals)
        writeRecord(writer, record);
    return writer.bytes();
}
function writeQuestion(writer, question) {
    writer.name(question.name, true);
    writer.u16(question.type);
    writer.u16(question.class);
}
export function writeRecord(writer, record) {
    writer.name(record.name, record.type !== RRType.TSIG);
    writer.u16(record.type);
    writer.u16(record.class);
    writer.u32(record.ttl);
    const lengthAt = writer.offset;
    writer.u16(0);
    writeRData(writer, record.data, true);
    const rdLength = writer.offset - lengthAt - 2;
    // A 16-bit field: a longer rdata would be written with a wrapped length and corrupt the message.
    if (rdLength > 0xffff)
        throw new RangeError(`rdata of ${rdLength} bytes does not fit in a record (65535 at most)`);
    writer.patchU16(lengthAt, rdLength);
}
export function writeRData(writer, data, compress) {
    switch (data.kind) {
        case 'A':
            writer.raw(ipv4ToBytes(data.address));
            return;
        case 'AAAA':
            writer.raw(ipv6ToBytes(data.address));
            return;
        case 'TXT':
            for (const text of data.strings)
                writeCharacterString(writer, text);
            return;
        case 'NS':
        case 'CNAME':
            writer.name(data.host, compress);
            return;
        case 'SOA':
            writer.name(data.mname, compress);
            writer.name(data.rname, compress);
            for (const value of [data.serial, data.refresh, data.retry, data.expire, data.minimum])
                writer.u32(value);
            return;
        case 'TSIG':
            writer.name(data.algorithm, false);
            writer.u48(data.timeSigned);
            writer.u16(data.fudge);
            writer.u16(data.mac.length);
            writer.raw(data.mac);
            writer.u16(data.originalId);
            writer.u16(data.error);
            writer.u16(data.otherData.length);
            writer.raw(data.otherData);
            return;
        case 'OPT':
            for (const option of data.options) {
                writer.u16(option.code);
                writer.u16(option.data.length);
                writer.raw(option.data);
            }
            return;
        case 'empty':
            return;
        case 'raw':
            writer.raw(data.bytes);
            return;
    }
}
/** Rdata as uncompressed wire bytes: the canonical form used for comparisons and the journal. */
/**
 * One writer reused for every call: the journal encodes one rdata per record of every write, and
 * a fresh writer (buffer, view, map) each time dominated the cost of a 10,000-endpoint generation.
 * Safe because `bytes()` returns a copy and encoding is synchronous.
 */
const RDATA_WRITER = new WireWriter();
export function rdataBytes(data) {
    RDATA_WRITER.reset();
    writeRData(RDATA_WRITER, data, false);
    return RDATA_WRITER.bytes();
}
function writeCharacterString(writer, text) {
    if (text.length > 255)
        throw new RangeError(`TXT character-string longer than 255 bytes (${text.length})`);
    writer.u8(text.length);
    for (let i = 0; i < text.length; i++)
        writer.u8(text.charCodeAt(i));
}
export function ipv4ToBytes(address) {
    const bytes = new Uint8Array(4);
    let part = 0;
    let value = 0;
    let digits = 0;
    for (let i = 0; i <= address.length; i++) {
        const code = i === address.length ? 0x2e : address.charCodeAt(i);
        if (code === 0x2e) {
            if (digits === 0 || part > 3)
                throw new RangeError(`invalid IPv4 address '${address}'`);
            bytes[part++] = value;
            value = 0;
            digits = 0;
            continue;
        }
        if (code < 0x30 || code > 0x39 || ++digits > 3)
            throw new RangeError(`invalid IPv4 address '${address}'`);
        value = value * 10 + code - 0x30;
        if (value > 255)
            throw new RangeError(`invalid IPv4 address '${address}'`);
    }
    if (part !== 4)
        throw new RangeError(`invalid IPv4 address '${address}'`);
    return bytes;
}
export function ipv6ToBytes(address) {
    const halves = address.split('::');
    if (halves.length > 2)
        throw new RangeError(`invalid IPv6 address '${address}'`);
    const head = halves[0] ? halves[0].split(':') : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
    const groups = [...head, ...tail];
    const missing = 8 - groups.length;
    if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1))
        throw new RangeError(`invalid IPv6 address '${address}'`);
    if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)))
        throw new RangeError(`invalid IPv6 address '${address}'`);
    const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
    const bytes = new Uint8Array(16);
    all.forEach((group, i) => {
        const value = parseInt(group, 16);
        bytes[i * 2] = value >> 8;
        bytes[i * 2 + 1] = value & 0xff;
    });
    return bytes;
}
//# sourceMappingURL=encode.js.map
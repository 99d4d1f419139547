/**
 * Domain names between presentation text and wire labels. Reading follows compression pointers
 * with two limits: a pointer must point strictly before the label that holds it (so no loop is
 * possible), and the hops are bounded anyway; the assembled name must fit in 255 bytes.
 */
import { LABEL_LENGTH_MAX, NAME_POINTER_HOPS_MAX, NAME_WIRE_LENGTH_MAX } from './constants.js';
export function readName(buf, offset) {
    const parts = [];
    let cursor = offset;
    let next = -1;
    let wireLength = 1;
    let hops = 0;
    let lowestSeen = offset;
    for (;;) {
        if (cursor >= buf.length)
            return { ok: false, reason: `name at ${offset} runs past the end` };
        const length = buf[cursor];
        if (length === 0) {
            if (next < 0)
                next = cursor + 1;
            break;
        }
        const tag = length & 0xc0;
        if (tag === 0xc0) {
            if (cursor + 1 >= buf.length)
                return { ok: false, reason: `pointer at ${cursor} runs past the end` };
            const target = ((length & 0x3f) << 8) | buf[cursor + 1];
            if (target >= lowestSeen)
                return { ok: false, reason: `pointer at ${cursor} does not point backwards` };
            if (++hops > NAME_POINTER_HOPS_MAX)
                return { ok: false, reason: 'too many compression pointers' };
            if (next < 0)
                next = cursor + 2;
            lowestSeen = target;
            cursor = target;
            continue;
        }
        if (tag !== 0)
            return { ok: false, reason: `unknown label type 0x${tag.toString(16)} at ${cursor}` };
        if (cursor + 1 + length > buf.length)
            return { ok: false, reason: `label at ${cursor} runs past the end` };
        wireLength += length + 1;
        if (wireLength > NAME_WIRE_LENGTH_MAX)
            return { ok: false, reason: 'name longer than 255 bytes' };
        parts.push(labelToText(buf, cursor + 1, length));
        cursor += 1 + length;
    }
    return { ok: true, name: parts.length === 0 ? '.' : `${parts.join('.')}.`, next };
}
function labelToText(buf, start, length) {
    let plain = '';
    for (let i = start; i < start + length; i++) {
        const byte = buf[i];
        if (byte <= 0x20 || byte >= 0x7f || byte === 0x2e || byte === 0x5c)
            return escapedLabelText(buf, start, length);
        plain += String.fromCharCode(byte);
    }
    return plain;
}
function escapedLabelText(buf, start, length) {
    let text = '';
    for (let i = start; i < start + length; i++) {
        const byte = buf[i];
        if (byte === 0x2e || byte === 0x5c)
            text += `\\${String.fromCharCode(byte)}`;
        else if (byte > 0x20 && byte < 0x7f)
            text += String.fromCharCode(byte);
        else
            text += `\\${byte.toString().padStart(3, '0')}`;
    }
    return text;
}
/** The wire labels of a presentation name (escapes resolved). Throws on a name that cannot be encoded. */
export function nameToLabels(name) {
    if (name === '.' || name === '')
        return [];
    const labels = [];
    let current = [];
    let total = 1;
    for (let i = 0; i < name.length; i++) {
        const ch = name.charCodeAt(i);
        if (ch === 0x5c) {
            const escaped = readEscape(name, i);
            current.push(escaped.byte);
            i = escaped.last;
            continue;
        }
        if (ch === 0x2e) {
            pushLabel(labels, current, name);
            total += current.length + 1;
            current = [];
            continue;
        }
        if (ch > 0xff)
            throw new NameError(`name '${name}' has a character outside latin1`);
        current.push(ch);
    }
    // A name written without its trailing dot still means the absolute name.
    if (current.length > 0) {
        pushLabel(labels, current, name);
        total += current.length + 1;
    }
    if (total > NAME_WIRE_LENGTH_MAX)
        throw new NameError(`name '${name}' is longer than 255 bytes`);
    return labels;
}
function pushLabel(labels, bytes, name) {
    if (bytes.length === 0)
        throw new NameError(`name '${name}' has an empty label`);
    if (bytes.length > LABEL_LENGTH_MAX)
        throw new NameError(`name '${name}' has a label longer than 63 bytes`);
    labels.push(Uint8Array.from(bytes));
}
function readEscape(text, at) {
    const digits = text.slice(at + 1, at + 4);
    if (/^\d{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255)
            throw new NameError(`escape \\${digits} out of range`);
        return { byte: value, last: at + 3 };
    }
    if (at + 1 >= text.length)
        throw new NameError('dangling backslash');
    return { byte: text.charCodeAt(at + 1) & 0xff, last: at + 1 };
}
export class NameError extends Error {
    name = 'NameError';
}
/** Parent of an absolute name ("a.b.test." → "b.test."), or null for the root. */
export function parentName(name) {
    if (name === '.')
        return null;
    for (let i = 0; i < name.length - 1; i++) {
        if (name[i] === '\\') {
            i++;
            continue;
        }
        if (name[i] === '.')
            return name.slice(i + 1);
    }
    return '.';
}
//# sourceMappingURL=name.js.map
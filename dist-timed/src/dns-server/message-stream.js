/**
 * A reply of several TCP messages: a zone transfer (RFC 5936 §2.2). The records are packed in
 * order into messages of at most 65,535 bytes, TSIG included; every message repeats the header
 * and the question, and carries the OPT when the reply has one. When the reply is signed, every
 * message is, each MAC chained to the one before (RFC 8945 §5.3.1):
 *
 *   message 1:  MAC over  request MAC ‖ message ‖ all TSIG variables
 *   message n:  MAC over  MAC of n-1  ‖ message ‖ timers only (time signed, fudge)
 *
 * The messages are produced one at a time, as the connection drains, so a large zone is never
 * held encoded in memory at once.
 */
import { assert } from '../core/model/assert.js';
import { WireWriter, headerFlags, signMessage, writeRecord } from '../dns-wire/index.js';
/** What the transport writes as one length-prefixed frame after another. */
export class MessageStream {
    messages;
    constructor(messages) {
        this.messages = messages;
    }
}
const TCP_MESSAGE_MAX = 65535;
/** Fixed part of a TSIG record beyond its two names: type..rdlength, times, sizes, a 64-byte MAC, 6 bytes of other data. */
const TSIG_RECORD_FIXED_MAX = 10 + 16 + 64 + 6;
export function* packedMessages(reply, records, nowSeconds) {
    assert(reply.message.answers.length === 0, 'a streamed reply carries its answers in the stream only');
    const signing = reply.signing?.kind === 'sign' ? reply.signing : undefined;
    assert(reply.signing === undefined || signing !== undefined, 'a streamed reply is signed with a key or not at all');
    const opt = optBytes(reply);
    const room = TCP_MESSAGE_MAX - opt.length - (signing === undefined ? 0 : tsigRecordMax(signing));
    const writer = new WireWriter(); // its own: encodeMessage's shared writer is used between our messages
    const iterator = records[Symbol.iterator]();
    let pending = iterator.next();
    let priorMac = null;
    do {
        const answers = startMessage(writer, reply);
        let count = 0;
        while (pending.done !== true) {
            const at = writer.offset;
            writeRecord(writer, pending.value);
            if (writer.offset > room && count > 0) {
                writer.rewind(at); // the record opens the next message
                break;
            }
            count++;
            pending = iterator.next();
        }
        writer.patchU16(answers, count);
        if (opt.length > 0)
            writer.raw(opt);
        const unsigned = writer.bytes();
        if (signing === undefined) {
            yield checkedSize(unsigned);
            continue;
        }
        const signed = signMessage(unsigned, signing.key, {
            timeSignedSeconds: nowSeconds(), requestMac: priorMac ?? signing.requestMac, timersOnly: priorMac !== null,
        });
        priorMac = signed.mac;
        yield checkedSize(signed.wire);
    } while (pending.done !== true);
}
/** Writes header and question; returns the offset of ANCOUNT, patched once the message is full. */
function startMessage(writer, reply) {
    const message = reply.message;
    writer.reset();
    writer.u16(message.header.id);
    writer.u16(headerFlags(message.header));
    writer.u16(message.questions.length);
    const answers = writer.offset;
    writer.u16(0);
    writer.u16(0);
    writer.u16(reply.opt === undefined ? 0 : 1);
    for (const question of message.questions) {
        writer.name(question.name, true);
        writer.u16(question.type);
        writer.u16(question.class);
    }
    return answers;
}
function optBytes(reply) {
    if (reply.opt === undefined)
        return new Uint8Array(0);
    const writer = new WireWriter();
    writeRecord(writer, reply.opt);
    return writer.bytes();
}
/** The TSIG record's size at most: names as long as their text (plus the root label), a 512-bit MAC. */
function tsigRecordMax(signing) {
    return signing.key.name.length + 2 + signing.key.algorithm.length + 3 + TSIG_RECORD_FIXED_MAX;
}
function checkedSize(message) {
    // Only a single record larger than a whole message could get here: the zone cannot hold one.
    if (message.length > TCP_MESSAGE_MAX)
        throw new RangeError(`a transfer message of ${message.length} bytes does not fit TCP framing`);
    return message;
}
//# sourceMappingURL=message-stream.js.map
/**
 * AXFR (RFC 5936) over its own TCP connection: the whole zone as one consistent snapshot, for
 * reading the live state of many endpoints at once. With a TSIG key the request is signed and the
 * response stream verified (RFC 8945 §5.3.1): the first message against our request MAC, every
 * later signed message against the previous MAC over the messages since, with "timers only"
 * variables; intermediate unsigned messages are allowed (at most 99 in a row) but the last message
 * must be signed.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { connect } from 'node:net';
import { failure, ok } from '../../core/ports/result.js';
import { RRClass, RRType, Rcode, WireWriter, encodeMessage, makeQuery, parseMessage, rcodeName, signMessage, verifyTsig, } from '../../dns-wire/index.js';
export const AXFR_RECORDS_MAX_DEFAULT = 5_000_000;
const UNSIGNED_MESSAGES_IN_A_ROW_MAX = 99;
const HASH_OF = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512', 'hmac-sha1': 'sha1' };
/** The zone's records in transfer order (the closing SOA removed). */
export async function transferZone(server, zone, options) {
    const id = randomInt(0x10000);
    const unsigned = encodeMessage(makeQuery(id, zone, RRType.AXFR));
    const request = options.key === null ? { wire: unsigned, mac: null } : signMessage(unsigned, options.key, { timeSignedSeconds: nowSeconds() });
    const stream = new AxfrStream(zone, id, options);
    stream.requestMac = request.mac;
    return runTransfer(server, request.wire, stream, options.timeoutMs);
}
function nowSeconds() {
    return Math.floor(Date.now() / 1000);
}
class AxfrStream {
    zone;
    id;
    options;
    records = [];
    requestMac = null;
    previousMac = null;
    unsignedSince = [];
    soaSeen = 0;
    lastSigned = true;
    constructor(zone, id, options) {
        this.zone = zone;
        this.id = id;
        this.options = options;
    }
    /** Consumes one response message: 'more', 'done', or a failure. */
    accept(raw) {
        const parsed = parseMessage(raw);
        if (!parsed.ok)
            return failure('malformed', `AXFR of ${this.zone}: ${parsed.error.reason}`, true);
        const message = parsed.value.message;
        if (message.header.id !== this.id)
            return failure('malformed', `AXFR of ${this.zone}: response id ${message.header.id} does not match`, true);
        const verified = this.verify(raw, parsed.value);
        if (!verified.ok)
            return verified;
        if (message.header.rcode !== Rcode.NOERROR) {
            const rcode = message.header.rcode;
            const refused = rcode === Rcode.REFUSED || rcode === Rcode.NOTAUTH || rcode === Rcode.NOTIMP;
            return failure(refused ? 'refused' : 'server', `AXFR of ${this.zone} answered ${rcodeName(rcode)}`, !refused);
        }
        for (const record of message.answers) {
            if (record.type === RRType.SOA)
                this.soaSeen++;
            if (this.soaSeen === 2 && record.type === RRType.SOA)
                return this.finish();
            this.records.push(record);
            if (this.records.length > (this.options.recordsMax ?? AXFR_RECORDS_MAX_DEFAULT)) {
                return failure('too-large', `AXFR of ${this.zone} exceeds ${this.options.recordsMax ?? AXFR_RECORDS_MAX_DEFAULT} records`, false);
            }
        }
        if (this.soaSeen === 0)
            return failure('malformed', `AXFR of ${this.zone} does not start with the SOA`, true);
        return ok('more');
    }
    finish() {
        if (this.options.key !== null && !this.lastSigned)
            return failure('tsig', `AXFR of ${this.zone}: the last message is not signed`, false);
        return ok('done');
    }
    verify(raw, parsed) {
        const key = this.options.key;
        if (key === null)
            return ok(true);
        if (parsed.tsigOffset === undefined) {
            if (this.previousMac === null)
                return failure('tsig', `AXFR of ${this.zone}: the first response is not signed`, false);
            this.unsignedSince.push(raw);
            this.lastSigned = false;
            if (this.unsignedSince.length > UNSIGNED_MESSAGES_IN_A_ROW_MAX)
                return failure('tsig', `AXFR of ${this.zone}: more than ${UNSIGNED_MESSAGES_IN_A_ROW_MAX} unsigned messages in a row`, false);
            return ok(true);
        }
        if (this.previousMac === null) {
            const verdict = verifyTsig(raw, parsed, new Map([[key.name, key]]), nowSeconds(), this.requestMac ?? undefined);
            if (verdict === null || !verdict.ok)
                return failure('tsig', `AXFR of ${this.zone}: ${verdict === null ? 'unsigned' : verdict.reason}`, false);
            this.previousMac = verdict.mac;
        }
        else {
            const mac = subsequentMac(raw, parsed.tsigOffset, key, this.previousMac, this.unsignedSince);
            if (!mac.ok)
                return mac;
            this.previousMac = mac.value;
        }
        this.unsignedSince = [];
        this.lastSigned = true;
        return ok(true);
    }
}
/** RFC 8945 §5.3.1: prior MAC ‖ unsigned messages since ‖ this message without TSIG ‖ timers. */
function subsequentMac(raw, tsigOffset, key, previousMac, unsignedSince) {
    const parsed = parseMessage(raw);
    if (!parsed.ok)
        return failure('malformed', parsed.error.reason, true);
    const tsigRecord = parsed.value.message.additionals[parsed.value.message.additionals.length - 1];
    if (tsigRecord === undefined || tsigRecord.data.kind !== 'TSIG' || tsigRecord.class !== RRClass.ANY)
        return failure('tsig', 'AXFR: malformed TSIG record', false);
    const tsig = tsigRecord.data;
    const hmac = createHmac(HASH_OF[key.algorithm], key.secret);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(previousMac.length);
    hmac.update(prefix);
    hmac.update(previousMac);
    for (const message of unsignedSince)
        hmac.update(message);
    const body = raw.slice(0, tsigOffset);
    const arCount = ((body[10] << 8) | body[11]) - 1;
    body[10] = arCount >> 8;
    body[11] = arCount & 0xff;
    body[0] = tsig.originalId >> 8;
    body[1] = tsig.originalId & 0xff;
    hmac.update(body);
    const timers = new WireWriter();
    timers.u48(tsig.timeSigned);
    timers.u16(tsig.fudge);
    hmac.update(timers.bytes());
    const expected = new Uint8Array(hmac.digest());
    if (expected.length !== tsig.mac.length || !timingSafeEqual(expected, tsig.mac))
        return failure('tsig', 'AXFR: a later message fails TSIG verification', false);
    return ok(tsig.mac);
}
function runTransfer(server, wire, stream, timeoutMs) {
    return new Promise((resolve) => {
        const socket = connect({ host: server.host, port: server.port });
        let received = Buffer.alloc(0);
        let done = false;
        const finish = (result) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(result);
        };
        const timer = setTimeout(() => finish(failure('timeout', `AXFR from ${server.host}:${server.port} not complete within ${timeoutMs} ms`, true)), timeoutMs);
        socket.on('connect', () => {
            const length = Buffer.alloc(2);
            length.writeUInt16BE(wire.length);
            socket.write(Buffer.concat([length, wire]));
        });
        socket.on('data', (chunk) => {
            received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
            while (!done && received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
                const length = received.readUInt16BE(0);
                const message = new Uint8Array(received.subarray(2, 2 + length));
                received = received.subarray(2 + length);
                const step = stream.accept(message);
                if (!step.ok)
                    finish(step);
                else if (step.value === 'done')
                    finish(ok(stream.records));
            }
        });
        socket.on('error', (error) => finish(failure('unavailable', `AXFR tcp ${server.host}:${server.port}: ${error.message}`, true)));
        socket.on('close', () => finish(failure('unavailable', `AXFR tcp ${server.host}:${server.port}: closed before the transfer ended`, true)));
    });
}
//# sourceMappingURL=axfr.js.map
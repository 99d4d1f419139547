/**
 * TSIG (RFC 8945): HMAC signatures over a whole message. The MAC covers
 *
 *   [request MAC, length-prefixed — responses only] ‖ message without its TSIG record, with the
 *   original id and ARCOUNT minus one ‖ TSIG variables (key name, class ANY, TTL 0, algorithm,
 *   time signed, fudge, error, other data; names in canonical uncompressed lower-case form)
 *
 * Verification reports the outcome as data: BADKEY (unknown key or algorithm), BADSIG (MAC
 * mismatch), BADTIME (outside the fudge window). The server answers those with NOTAUTH.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExtendedRcode, RRClass, RRType } from './constants.js';
import { WireWriter, writeRecord } from './encode.js';
const HASH_OF = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512', 'hmac-sha1': 'sha1' };
export const TSIG_FUDGE_DEFAULT_SECONDS = 300;
/**
 * The signer chooses the fudge (up to 65,535 s on the wire), so a verifier that honoured it could
 * be handed a message signed most of a day ago. We honour at most this window.
 */
export const TSIG_FUDGE_HONOURED_MAX_SECONDS = 300;
export function algorithmFromName(name) {
    const bare = name.toLowerCase().replace(/\.$/, '');
    return bare === 'hmac-sha256' || bare === 'hmac-sha512' || bare === 'hmac-sha1' ? bare : null;
}
export function tsigKey(name, algorithm, secretBase64) {
    const absolute = name.endsWith('.') ? name : `${name}.`;
    return { name: absolute.toLowerCase(), algorithm, secret: Buffer.from(secretBase64, 'base64') };
}
/** Appends a TSIG record to an encoded message (which must not already carry one). */
export function signMessage(wire, key, options) {
    const fields = {
        algorithm: `${key.algorithm}.`,
        timeSigned: options.timeSignedSeconds,
        fudge: options.fudgeSeconds ?? TSIG_FUDGE_DEFAULT_SECONDS,
        error: options.error ?? 0,
        otherData: options.otherData ?? new Uint8Array(0),
    };
    const mac = computeMac(key, wire, key.name, fields, options.requestMac, options.timersOnly === true);
    return { wire: appendTsig(wire, key.name, { kind: 'TSIG', ...fields, mac, originalId: (wire[0] << 8) | wire[1] }), mac };
}
/** An unsigned TSIG record that only reports an error (BADKEY, BADSIG: RFC 8945 §5.3.2). */
export function appendTsigError(wire, keyName, algorithm, timeSigned, error) {
    const data = {
        kind: 'TSIG', algorithm, timeSigned, fudge: TSIG_FUDGE_DEFAULT_SECONDS, mac: new Uint8Array(0),
        originalId: (wire[0] << 8) | wire[1], error, otherData: new Uint8Array(0),
    };
    return appendTsig(wire, keyName, data);
}
function appendTsig(wire, keyName, data) {
    const writer = new WireWriter();
    writer.raw(wire);
    writeRecord(writer, { name: keyName, type: RRType.TSIG, class: RRClass.ANY, ttl: 0, data });
    const out = writer.bytes();
    const arCount = ((out[10] << 8) | out[11]) + 1;
    out[10] = arCount >> 8;
    out[11] = arCount & 0xff;
    return out;
}
function computeMac(key, message, keyName, fields, requestMac, timersOnly = false) {
    const hmac = createHmac(HASH_OF[key.algorithm], key.secret);
    if (requestMac !== undefined) {
        const prefix = new Uint8Array(2);
        prefix[0] = requestMac.length >> 8;
        prefix[1] = requestMac.length & 0xff;
        hmac.update(prefix);
        hmac.update(requestMac);
    }
    hmac.update(message);
    const vars = new WireWriter();
    if (timersOnly) {
        vars.u48(fields.timeSigned);
        vars.u16(fields.fudge);
        hmac.update(vars.bytes());
        return new Uint8Array(hmac.digest());
    }
    vars.name(keyName.toLowerCase(), false);
    vars.u16(RRClass.ANY);
    vars.u32(0);
    vars.name(fields.algorithm.toLowerCase(), false);
    vars.u48(fields.timeSigned);
    vars.u16(fields.fudge);
    vars.u16(fields.error);
    vars.u16(fields.otherData.length);
    vars.raw(fields.otherData);
    hmac.update(vars.bytes());
    return new Uint8Array(hmac.digest());
}
/**
 * Verifies the TSIG record of a parsed message. `keys` is looked up by lower-case absolute name.
 * `requestMac` is given when verifying a response to our own signed request; with `timersOnly`,
 * it is the prior message's MAC of a multi-message response (RFC 8945 §5.3.1).
 */
export function verifyTsig(raw, parsed, keys, nowSeconds, requestMac, timersOnly = false) {
    if (parsed.tsigOffset === undefined)
        return null;
    const record = parsed.message.additionals[parsed.message.additionals.length - 1];
    if (record.data.kind !== 'TSIG')
        return null;
    const tsig = record.data;
    const keyName = record.name.toLowerCase();
    const base = { keyName: record.name, algorithm: tsig.algorithm, timeSigned: tsig.timeSigned };
    const key = keys.get(keyName);
    const algorithm = algorithmFromName(tsig.algorithm);
    if (key === undefined || algorithm === null || algorithm !== key.algorithm) {
        return { ok: false, error: ExtendedRcode.BADKEY, reason: `unknown key ${record.name} (${tsig.algorithm})`, ...base };
    }
    const unsigned = raw.slice(0, parsed.tsigOffset);
    const arCount = ((unsigned[10] << 8) | unsigned[11]) - 1;
    unsigned[10] = arCount >> 8;
    unsigned[11] = arCount & 0xff;
    unsigned[0] = tsig.originalId >> 8;
    unsigned[1] = tsig.originalId & 0xff;
    const expected = computeMac(key, unsigned, keyName, tsig, requestMac, timersOnly);
    if (expected.length !== tsig.mac.length || !timingSafeEqual(expected, tsig.mac)) {
        return { ok: false, error: ExtendedRcode.BADSIG, reason: `bad signature with key ${record.name}`, ...base };
    }
    const fudge = Math.min(tsig.fudge, TSIG_FUDGE_HONOURED_MAX_SECONDS);
    if (Math.abs(nowSeconds - tsig.timeSigned) > fudge) {
        return { ok: false, error: ExtendedRcode.BADTIME, reason: `time signed ${tsig.timeSigned} is outside ${nowSeconds}±${fudge}`, ...base, key, mac: tsig.mac };
    }
    return { ok: true, key, mac: tsig.mac, timeSigned: tsig.timeSigned, validUntilSeconds: tsig.timeSigned + fudge };
}
/** The 48-bit "other data" of a BADTIME response: the server's current time. */
export function timeOtherData(nowSeconds) {
    const writer = new WireWriter();
    writer.u48(nowSeconds);
    return writer.bytes();
}
//# sourceMappingURL=tsig.js.map
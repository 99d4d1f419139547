/**
 * tsig: verifies a request's TSIG record (RFC 8945). A request that fails verification is
 * answered NOTAUTH with the TSIG error (BADKEY, BADSIG unsigned; BADTIME signed, with the client's Time Signed and our time in other data) and goes no
 * further. A verified request continues with `signedBy` set, and its reply is signed.
 * Unsigned requests pass through unchanged: the update handler decides they are not enough.
 *
 * A signed UPDATE is accepted once: its MAC is remembered until its time window (at most
 * TSIG_FUDGE_HONOURED_MAX_SECONDS either side) has passed, and the same MAC again is answered
 * NOTAUTH/BADTIME, signed, like a message outside its window. Queries are not checked: answering
 * a replayed query changes nothing.
 */
import { ExtendedRcode, Opcode, Rcode, timeOtherData, verifyTsig } from '../../dns-wire/index.js';
import { replyTo } from '../handler.js';
export function tsigHandler(keys, nowSeconds) {
    const replays = new ReplayCache(REPLAY_CACHE_ENTRIES_MAX);
    return {
        name: 'tsig',
        handle(request, next) {
            const now = nowSeconds();
            const verdict = verifyTsig(request.raw, request.parsed, keys, now);
            if (verdict === null)
                return next(request);
            const withoutTsig = { ...request.message, additionals: request.message.additionals.slice(0, -1) };
            if (!verdict.ok) {
                const message = replyTo(withoutTsig, Rcode.NOTAUTH);
                if (verdict.error === ExtendedRcode.BADTIME && verdict.key !== undefined && verdict.mac !== undefined) {
                    return { message, cacheable: false, signing: { kind: 'sign', key: verdict.key, requestMac: verdict.mac, error: verdict.error, otherData: timeOtherData(now), timeSigned: verdict.timeSigned } };
                }
                return { message, cacheable: false, signing: { kind: 'error-only', keyName: verdict.keyName, algorithm: verdict.algorithm, timeSigned: verdict.timeSigned, error: verdict.error } };
            }
            if (request.message.header.opcode === Opcode.UPDATE && !replays.firstUse(verdict.mac, verdict.validUntilSeconds, now)) {
                const message = replyTo(withoutTsig, Rcode.NOTAUTH);
                return { message, cacheable: false, signing: { kind: 'sign', key: verdict.key, requestMac: verdict.mac, error: ExtendedRcode.BADTIME, otherData: timeOtherData(now), timeSigned: verdict.timeSigned } };
            }
            const reply = next({ ...request, message: withoutTsig, signedBy: verdict.key });
            if (reply === null)
                return null;
            return { ...reply, cacheable: false, signing: { kind: 'sign', key: verdict.key, requestMac: verdict.mac } };
        },
    };
}
/** Remembered MACs at most: past it the oldest are forgotten (only ever a few per second are accepted). */
const REPLAY_CACHE_ENTRIES_MAX = 100_000;
/** MACs of accepted UPDATEs, until each one's time window has passed. */
class ReplayCache {
    entriesMax;
    validUntilByMac = new Map();
    constructor(entriesMax) {
        this.entriesMax = entriesMax;
    }
    /** True the first time a MAC is seen within its window; remembers it. */
    firstUse(mac, validUntilSeconds, nowSeconds) {
        const key = Buffer.from(mac).toString('base64');
        const seen = this.validUntilByMac.get(key);
        if (seen !== undefined && seen >= nowSeconds)
            return false;
        this.forgetExpired(nowSeconds);
        this.validUntilByMac.set(key, validUntilSeconds);
        return true;
    }
    forgetExpired(nowSeconds) {
        // Insertion order is close to expiry order (one honoured window for all): stop at the first live one.
        for (const [key, until] of this.validUntilByMac) {
            if (until >= nowSeconds && this.validUntilByMac.size < this.entriesMax)
                break;
            this.validUntilByMac.delete(key);
        }
    }
}
//# sourceMappingURL=tsig.js.map
/**
 * tsig: verifies a request's TSIG record (RFC 8945). A request that fails verification is
 * answered NOTAUTH with the TSIG error (BADKEY, BADSIG unsigned; BADTIME signed, with the client's Time Signed and our time in other data) and goes no
 * further. A verified request continues with `signedBy` set, and its reply is signed.
 * Unsigned requests pass through unchanged: the update handler decides they are not enough.
 */
import { ExtendedRcode, Rcode, timeOtherData, verifyTsig, type TsigKey } from '../../dns-wire/index.js';
import { replyTo, type Handler } from '../handler.js';

export function tsigHandler(keys: ReadonlyMap<string, TsigKey>, nowSeconds: () => number): Handler {
  return {
    name: 'tsig',
    handle(request, next) {
      const now = nowSeconds();
      const verdict = verifyTsig(request.raw, request.parsed, keys, now);
      if (verdict === null) return next(request);
      const withoutTsig = { ...request.message, additionals: request.message.additionals.slice(0, -1) };
      if (!verdict.ok) {
        const message = replyTo(withoutTsig, Rcode.NOTAUTH);
        if (verdict.error === ExtendedRcode.BADTIME && verdict.key !== undefined && verdict.mac !== undefined) {
          return { message, cacheable: false, signing: { kind: 'sign', key: verdict.key, requestMac: verdict.mac, error: verdict.error, otherData: timeOtherData(now), timeSigned: verdict.timeSigned } };
        }
        return { message, cacheable: false, signing: { kind: 'error-only', keyName: verdict.keyName, algorithm: verdict.algorithm, timeSigned: verdict.timeSigned, error: verdict.error } };
      }
      const reply = next({ ...request, message: withoutTsig, signedBy: verdict.key });
      if (reply === null) return null;
      return { ...reply, cacheable: false, signing: { kind: 'sign', key: verdict.key, requestMac: verdict.mac } };
    },
  };
}

/**
 * update: RFC 2136 dynamic updates. Only TSIG-signed updates with a configured key reach the
 * zone (the tsig handler has already answered NOTAUTH to a bad signature); an unsigned update is
 * REFUSED and changes nothing. With an update policy (update-policy.ts), a key may change only the
 * names its grant covers: anything else is REFUSED as a whole, logged and counted. An UPDATE
 * listing more records than `recordsMax` is REFUSED before any of it is looked at: the work one
 * message can cost the (single) writer is bounded.
 */
import { Opcode, Rcode } from '../../dns-wire/index.js';
import { replyTo } from '../handler.js';
import {} from '../update.js';
export function updateHandler(options) {
    return {
        name: 'update',
        handle(request, next) {
            if (request.message.header.opcode !== Opcode.UPDATE)
                return next(request);
            const key = request.signedBy;
            if (key === undefined)
                return refuse(request, options, null, 'update is not TSIG-signed');
            const records = request.message.answers.length + request.message.authorities.length;
            if (records > options.recordsMax)
                return refuse(request, options, key.name, `update lists ${records} records; at most ${options.recordsMax} per message`);
            const refusal = options.policy?.refusal(key.name, request.message.authorities) ?? null;
            if (refusal !== null)
                return refuse(request, options, key.name, refusal);
            const result = options.apply(request.message);
            options.onResult?.(result);
            return { message: replyTo(echoOf(request), result.rcode), cacheable: false };
        },
    };
}
function refuse(request, options, keyName, detail) {
    options.onResult?.({ rcode: Rcode.REFUSED, detail });
    if (keyName !== null)
        options.onRefused?.(keyName, detail);
    return { message: replyTo(echoOf(request), Rcode.REFUSED), cacheable: false };
}
/** RFC 2136 §3.8: the response echoes the header and zone section only. */
function echoOf(request) {
    return { ...request.message, answers: [], authorities: [], additionals: [] };
}
//# sourceMappingURL=update.js.map
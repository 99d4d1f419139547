/**
 * edns: EDNS(0) (RFC 6891). With an OPT record in the request, the reply carries our own OPT
 * (our payload size, version 0) and may use up to the client's advertised UDP size (at least
 * 512, at most our own limit) and copies the DO bit. More than one OPT is FORMERR; a version above 0 is BADVERS.
 */
import { ExtendedRcode, RRType, Rcode } from '../../dns-wire/index.js';
import { replyTo } from '../handler.js';
const UDP_PAYLOAD_MIN = 512;
/** DNSSEC OK, the top bit of the OPT flags (the low 16 bits of its TTL field). */
const DO_BIT = 0x8000;
export function ednsHandler(serverUdpPayloadMax) {
    return {
        name: 'edns',
        handle(request, next) {
            const opts = request.message.additionals.filter((r) => r.type === RRType.OPT);
            if (opts.length === 0)
                return next(request);
            // RFC 3225 §3: the DO bit of the request is copied into the reply's OPT.
            const doBit = (opts[0].ttl & DO_BIT) >>> 0;
            const ourOpt = (extendedRcode) => ({
                name: '.', type: RRType.OPT, class: serverUdpPayloadMax, ttl: (((extendedRcode >> 4) << 24) | doBit) >>> 0, data: { kind: 'OPT', options: [] },
            });
            if (opts.length > 1 || opts[0].name !== '.')
                return { message: replyTo(request.message, Rcode.FORMERR), cacheable: false };
            const version = (opts[0].ttl >>> 16) & 0xff;
            if (version !== 0) {
                return { message: replyTo(request.message, ExtendedRcode.BADVERS & 0xf), opt: ourOpt(ExtendedRcode.BADVERS), cacheable: false };
            }
            const reply = next(request);
            if (reply === null)
                return null;
            const udpPayloadMax = Math.max(UDP_PAYLOAD_MIN, Math.min(opts[0].class, serverUdpPayloadMax));
            const withOpt = { ...reply, opt: reply.opt ?? ourOpt(0), udpPayloadMax };
            return withOpt;
        },
    };
}
//# sourceMappingURL=edns.js.map
/**
 * guard: drops what must never be answered (responses, to avoid reflection loops) and refuses
 * shapes no later handler understands: unknown opcodes (NOTIMP), a QUERY without exactly one
 * question (FORMERR).
 */
import { Opcode, Rcode } from '../../dns-wire/index.js';
import { simpleReply } from '../handler.js';
export const guardHandler = {
    name: 'guard',
    handle(request, next) {
        const header = request.message.header;
        if (header.qr)
            return null;
        if (header.opcode !== Opcode.QUERY && header.opcode !== Opcode.UPDATE)
            return simpleReply(request, Rcode.NOTIMP);
        if (header.opcode === Opcode.QUERY && request.message.questions.length !== 1)
            return simpleReply(request, Rcode.FORMERR);
        return next(request);
    },
};
//# sourceMappingURL=guard.js.map
import { Opcode, Rcode } from '../../dns-wire/index.js';
import { answerQuestion } from '../answer.js';
import { replyTo, simpleReply } from '../handler.js';
export function queryHandler(zone, random) {
    return {
        name: 'query',
        handle(request, next) {
            if (request.message.header.opcode !== Opcode.QUERY)
                return next(request);
            const question = request.message.questions[0];
            if (question === undefined)
                return simpleReply(request, Rcode.FORMERR);
            // Sampling is left to packet.ts, which draws from precompiled record bytes.
            const answer = answerQuestion(zone(), question, random, { deferSampling: true });
            const message = replyTo(request.message, answer.rcode, {
                aa: answer.authoritative, answers: answer.answers, authorities: answer.authorities, additionals: answer.additionals,
            });
            return answer.sampling === undefined ? { message, cacheable: answer.cacheable } : { message, cacheable: answer.cacheable, sampling: answer.sampling };
        },
    };
}
//# sourceMappingURL=query.js.map
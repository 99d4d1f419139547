/**
 * The server is a chain of small handlers, coredns-style: each one either answers or passes the
 * request to `next`, and may adjust the reply on its way back. The order lives in chain.ts.
 */
import { AssertionFailure } from '../core/model/assert.js';
/**
 * An ordinary exception thrown by a handler, labelled with the handler that threw it. The packet
 * processor answers it SERVFAIL, logs and counts it. An AssertionFailure is never wrapped: a
 * broken invariant is a bug and must crash the process.
 */
export class HandlerError extends Error {
    handler;
    cause;
    name = 'HandlerError';
    constructor(handler, cause) {
        super(`handler ${handler}: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.handler = handler;
        this.cause = cause;
    }
}
/** Runs the chain; throws HandlerError (or AssertionFailure, unwrapped) when a handler throws. */
export function runChain(handlers, request) {
    const at = (index) => (req) => {
        const handler = handlers[index];
        if (handler === undefined)
            return null;
        try {
            return handler.handle(req, at(index + 1));
        }
        catch (error) {
            // An error from further down the chain passes through every earlier handler's frame: it
            // keeps the name of the handler that threw it first.
            if (error instanceof AssertionFailure || error instanceof HandlerError)
                throw error;
            throw new HandlerError(handler.name, error);
        }
    };
    return at(0)(request);
}
/** A reply skeleton for `request`: same id, opcode, question, RD and CD; QR set. */
export function replyTo(request, rcode, sections = {}) {
    const h = request.header;
    return {
        header: { id: h.id, qr: true, opcode: h.opcode, aa: sections.aa ?? false, tc: false, rd: h.rd, ra: false, ad: false, cd: h.cd, rcode: rcode & 0xf },
        questions: request.questions,
        answers: sections.answers ?? [],
        authorities: sections.authorities ?? [],
        additionals: sections.additionals ?? [],
    };
}
export function simpleReply(request, rcode) {
    return { message: replyTo(request.message, rcode), cacheable: false };
}
//# sourceMappingURL=handler.js.map
/**
 * From request bytes to reply bytes: parse (FORMERR when only the header is readable, drop when
 * not even that), run the handler chain, encode, fit the reply to the transport (TC=1 when a UDP
 * answer does not fit), sign.
 *
 * The lean path: a plain query whose question was answered before is answered from the
 * precomputed answer for (question, EDNS variant) with the id, RD, CD and the question's case
 * patched in (answer-cache.ts). A plan endpoint larger than its answersMax is kept as a template
 * instead — the reply prefix (header, question), every answer record's bytes, the suffix (OPT) —
 * and each request draws records from the RRset's weight table and joins their bytes:
 *
 *   [header, ANCOUNT patched][question][record i][record j]...[OPT]
 *
 * `invalidate(names)` after a commit drops what the commit may have changed.
 */
import { Rcode, appendTsigError, encodeMessage, parseMessage, signMessage, } from '../dns-wire/index.js';
import { assert } from '../core/model/assert.js';
import { AnswerCache, drawSampled, skipName } from './answer-cache.js';
import { HandlerError, replyTo, runChain } from './handler.js';
import { logLine } from './log.js';
import { MessageStream, packedMessages } from './message-stream.js';
import { WeightedTable, sampleWeighted } from './weighted.js';
const TCP_MESSAGE_MAX = 65535;
const CLASSIC_UDP_MAX = 512;
/** Room kept for the TSIG record when a signed reply must be truncated. */
const TSIG_RECORD_ROOM = 200;
/** Our EDNS payload size when the options do not say (EMBEDDED_DNS_DEFAULTS.udpPayloadMax). */
const UDP_PAYLOAD_MAX_DEFAULT = 1232;
export class PacketProcessor {
    options;
    cache;
    handlerErrorCount = 0;
    cacheHitCount = 0;
    constructor(options) {
        this.options = options;
        this.cache = options.answerCache === false ? null : new AnswerCache(options.udpPayloadMax ?? UDP_PAYLOAD_MAX_DEFAULT);
    }
    /** After a commit: `names` are the names it changed; without them every answer is dropped. */
    invalidate(names) {
        this.cache?.invalidate(names);
    }
    get cachedAnswers() {
        return this.cache?.size ?? 0;
    }
    /** Requests answered from a precomputed answer, since this processor was created. */
    get cacheHits() {
        return this.cacheHitCount;
    }
    /** Requests answered SERVFAIL because a handler threw, since this processor was created. */
    get handlerErrors() {
        return this.handlerErrorCount;
    }
    /**
     * One reply message, for callers that send one (tests, fuzzing): a reply of several messages
     * (a zone transfer over TCP) gives its first.
     */
    process(raw, transport) {
        const reply = this.respond(raw, transport);
        if (!(reply instanceof MessageStream))
            return reply;
        for (const first of reply.messages)
            return first;
        return null;
    }
    /** The reply: one message, several (a zone transfer over TCP, sent in order), or none. */
    respond(raw, transport) {
        const cache = this.cache;
        const precomputed = cache === null ? null : cache.answer(raw, transport, this.options.random);
        if (precomputed !== null) {
            this.cacheHitCount++;
            return precomputed;
        }
        const reply = this.reply(raw, transport);
        if (reply === null)
            return null;
        if (cache !== null && reply.cached !== null)
            cache.remember(raw, transport, reply.cached);
        return reply.bytes;
    }
    reply(raw, transport) {
        const parsed = parseMessage(raw);
        if (!parsed.ok) {
            const header = parsed.error.header;
            if (header === undefined || header.qr)
                return null;
            const formerr = {
                header: { ...header, qr: true, aa: false, tc: false, ra: false, ad: false, rcode: Rcode.FORMERR },
                questions: [], answers: [], authorities: [], additionals: [],
            };
            return { bytes: encodeMessage(formerr), cached: null };
        }
        const request = { raw, parsed: parsed.value, message: parsed.value.message, transport };
        let reply;
        try {
            reply = runChain(this.options.handlers, request);
        }
        catch (error) {
            // Only a handler's ordinary exception is answered; an AssertionFailure goes on up and crashes.
            if (!(error instanceof HandlerError))
                throw error;
            return this.handlerFailed(request, error);
        }
        if (reply === null)
            return null;
        return this.finish(reply, transport);
    }
    /** SERVFAIL for the request whose handler threw: the client learns to try elsewhere, not to wait. */
    handlerFailed(request, error) {
        this.handlerErrorCount++;
        const question = request.message.questions[0];
        this.options.log(logLine('error', {
            msg: 'handler threw: answered SERVFAIL',
            handler: error.handler,
            error: error.cause instanceof Error ? error.cause.message : String(error.cause),
            id: request.message.header.id,
            ...(question === undefined ? {} : { qname: question.name, qtype: question.type }),
        }));
        // One question at most, so the reply is never larger than a classic UDP message allows.
        const echo = { ...request.message, questions: request.message.questions.slice(0, 1) };
        return { bytes: encodeMessage(replyTo(echo, Rcode.SERVFAIL)), cached: null };
    }
    finish(reply, transport) {
        if (reply.answerStream !== undefined) {
            assert(transport === 'tcp', 'only a TCP reply may be several messages');
            return { bytes: new MessageStream(packedMessages(reply, reply.answerStream, this.options.nowSeconds)), cached: null };
        }
        const limit = transport === 'tcp' ? TCP_MESSAGE_MAX : reply.udpPayloadMax ?? CLASSIC_UDP_MAX;
        const sampling = reply.sampling;
        if (sampling !== undefined && reply.signing === undefined && reply.message.authorities.length === 0 && reply.message.additionals.length === 0) {
            const full = encodeMessage({ ...reply.message, additionals: reply.opt === undefined ? [] : [reply.opt] });
            const template = splitAnswer(full, reply.message.answers.length, sampling.weights, sampling.answersMax);
            return { bytes: drawSampled(template, this.options.random, limit, null), cached: reply.cacheable ? template : null };
        }
        // A signed reply (or an unusual shape) is sampled as records, then encoded as usual.
        const sampled = sampling === undefined ? reply : { ...reply, message: { ...reply.message, answers: sampleWeighted(reply.message.answers, sampling.weights, sampling.answersMax, this.options.random) } };
        const room = sampled.signing === undefined ? limit : limit - TSIG_RECORD_ROOM;
        const additionals = sampled.opt === undefined ? sampled.message.additionals : [...sampled.message.additionals, sampled.opt];
        let bytes = encodeMessage({ ...sampled.message, additionals });
        let truncated = false;
        if (bytes.length > room) {
            // RFC 2181 §9: drop whole sections rather than send partial RRsets; the client retries over TCP.
            truncated = true;
            const header = { ...sampled.message.header, tc: true };
            bytes = encodeMessage({ ...sampled.message, header, answers: [], authorities: [], additionals: sampled.opt === undefined ? [] : [sampled.opt] });
        }
        const signed = this.sign(bytes, sampled);
        return { bytes: signed, cached: sampled.cacheable && !truncated && sampling === undefined ? signed : null };
    }
    sign(bytes, reply) {
        const signing = reply.signing;
        if (signing === undefined)
            return bytes;
        if (signing.kind === 'error-only')
            return appendTsigError(bytes, signing.keyName, signing.algorithm, signing.timeSigned, signing.error);
        return signMessage(bytes, signing.key, {
            timeSignedSeconds: signing.timeSigned ?? this.options.nowSeconds(),
            requestMac: signing.requestMac,
            ...(signing.error === undefined ? {} : { error: signing.error }),
            ...(signing.otherData === undefined ? {} : { otherData: signing.otherData }),
        }).wire;
    }
}
/**
 * Cuts an encoded reply into header+question, one slice per answer record, and the rest. The
 * question's name is the first name of the message, so it is written without compression, and
 * every answer record is self-contained (its owner is a pointer to the question at offset 12).
 */
function splitAnswer(full, answerCount, weights, answersMax) {
    let at = skipName(full, 12) + 4;
    const prefix = full.slice(0, at);
    const records = [];
    for (let i = 0; i < answerCount; i++) {
        const start = at;
        at = skipName(full, at);
        at += 10 + ((full[at + 8] << 8) | full[at + 9]);
        records.push(full.slice(start, at));
    }
    return { prefix, records, suffix: full.slice(at), table: new WeightedTable(weights), answersMax };
}
export { TCP_MESSAGE_MAX };
//# sourceMappingURL=packet.js.map
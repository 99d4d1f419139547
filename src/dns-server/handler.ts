/**
 * The server is a chain of small handlers, coredns-style: each one either answers or passes the
 * request to `next`, and may adjust the reply on its way back. The order lives in chain.ts.
 */
import { AssertionFailure } from '../core/model/assert.js';
import type { ParsedMessage, DnsMessage, ResourceRecord, TsigKey } from '../dns-wire/index.js';
import type { AnswerSampling } from './answer.js';

export interface DnsRequest {
  readonly raw: Uint8Array;
  readonly parsed: ParsedMessage;
  readonly message: DnsMessage;
  readonly transport: 'udp' | 'tcp';
  /** Set by the tsig handler once the request's signature verified. */
  readonly signedBy?: TsigKey;
}

export type ReplySigning =
  /** Sign the reply with the request's key, chaining the request MAC (RFC 8945 §5.3). */
  | {
    readonly kind: 'sign'; readonly key: TsigKey; readonly requestMac: Uint8Array; readonly error?: number; readonly otherData?: Uint8Array;
    /** BADTIME: the request's Time Signed (RFC 8945 §5.2.3); otherwise our own time is used. */
    readonly timeSigned?: number;
  }
  /** An unsigned TSIG record that only carries the error (BADKEY, BADSIG). */
  | { readonly kind: 'error-only'; readonly keyName: string; readonly algorithm: string; readonly timeSigned: number; readonly error: number };

export interface DnsReply {
  readonly message: DnsMessage;
  /** The OPT record to echo (EDNS), appended last before any TSIG. */
  readonly opt?: ResourceRecord;
  /** The largest UDP payload the client accepts. */
  readonly udpPayloadMax?: number;
  readonly signing?: ReplySigning;
  /** True when the same request bytes always deserve these reply bytes (apart from the id). */
  readonly cacheable: boolean;
  /** The answer section holds a whole plan endpoint RRset; send `answersMax` of it, by weight. */
  readonly sampling?: AnswerSampling;
  /**
   * A zone transfer over TCP: the answer records of a reply of several messages, in order (the
   * message's own answer section is empty). packet.ts packs them into as many messages of at
   * most 64 KiB as they need, each signed when the reply is (RFC 5936 §2.2, RFC 8945 §5.3.1).
   * Read lazily, as the connection drains: it must not depend on the zone's later changes.
   */
  readonly answerStream?: Iterable<ResourceRecord>;
}

export type Next = (request: DnsRequest) => DnsReply | null;

export interface Handler {
  readonly name: string;
  /** A reply, or null to drop the request without an answer. */
  handle(request: DnsRequest, next: Next): DnsReply | null;
}

/**
 * An ordinary exception thrown by a handler, labelled with the handler that threw it. The packet
 * processor answers it SERVFAIL, logs and counts it. An AssertionFailure is never wrapped: a
 * broken invariant is a bug and must crash the process.
 */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';

  constructor(readonly handler: string, override readonly cause: unknown) {
    super(`handler ${handler}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Runs the chain; throws HandlerError (or AssertionFailure, unwrapped) when a handler throws. */
export function runChain(handlers: readonly Handler[], request: DnsRequest): DnsReply | null {
  const at = (index: number): Next => (req) => {
    const handler = handlers[index];
    if (handler === undefined) return null;
    try {
      return handler.handle(req, at(index + 1));
    } catch (error) {
      // An error from further down the chain passes through every earlier handler's frame: it
      // keeps the name of the handler that threw it first.
      if (error instanceof AssertionFailure || error instanceof HandlerError) throw error;
      throw new HandlerError(handler.name, error);
    }
  };
  return at(0)(request);
}

/** A reply skeleton for `request`: same id, opcode, question, RD and CD; QR set. */
export function replyTo(request: DnsMessage, rcode: number, sections: Partial<Pick<DnsMessage, 'answers' | 'authorities' | 'additionals'>> & { aa?: boolean } = {}): DnsMessage {
  const h = request.header;
  return {
    header: { id: h.id, qr: true, opcode: h.opcode, aa: sections.aa ?? false, tc: false, rd: h.rd, ra: false, ad: false, cd: h.cd, rcode: rcode & 0xf },
    questions: request.questions,
    answers: sections.answers ?? [],
    authorities: sections.authorities ?? [],
    additionals: sections.additionals ?? [],
  };
}

export function simpleReply(request: DnsRequest, rcode: number): DnsReply {
  return { message: replyTo(request.message, rcode), cacheable: false };
}

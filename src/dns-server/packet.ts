/**
 * From request bytes to reply bytes: parse (FORMERR when only the header is readable, drop when
 * not even that), run the handler chain, encode, fit the reply to the transport (TC=1 when a UDP
 * answer does not fit), sign.
 *
 * The lean path: a reply marked cacheable is stored by the exact request bytes after the id;
 * the next identical request is answered by copying those bytes and patching the id, without
 * parsing. The cache is emptied on every zone change, and sampled answers are never cached.
 */
import {
  Rcode, appendTsigError, encodeMessage, parseMessage, signMessage, type DnsMessage,
} from '../dns-wire/index.js';
import { runChain, type DnsReply, type DnsRequest, type Handler } from './handler.js';

export type Transport = 'udp' | 'tcp';

const TCP_MESSAGE_MAX = 65535;
const CLASSIC_UDP_MAX = 512;
/** Room kept for the TSIG record when a signed reply must be truncated. */
const TSIG_RECORD_ROOM = 200;
const ANSWER_CACHE_ENTRIES_MAX = 50_000;

export interface PacketProcessorOptions {
  readonly handlers: readonly Handler[];
  readonly nowSeconds: () => number;
  /** Called for a bug inside a handler (the packet is dropped; the server keeps running). */
  readonly onError?: (error: unknown) => void;
}

export class PacketProcessor {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly options: PacketProcessorOptions) {}

  invalidate(): void {
    this.cache.clear();
  }

  get cachedAnswers(): number {
    return this.cache.size;
  }

  process(raw: Uint8Array, transport: Transport): Uint8Array | null {
    const key = transport === 'udp' && raw.length >= 12 && raw.length <= 512 ? cacheKey(raw) : null;
    if (key !== null) {
      const cached = this.cache.get(key);
      if (cached !== undefined) return withId(cached, raw);
    }
    const reply = this.reply(raw, transport);
    if (reply === null) return null;
    if (key !== null && reply.cacheable && !reply.truncated) {
      if (this.cache.size >= ANSWER_CACHE_ENTRIES_MAX) this.cache.clear();
      this.cache.set(key, reply.bytes);
    }
    return reply.bytes;
  }

  private reply(raw: Uint8Array, transport: Transport): { bytes: Uint8Array; cacheable: boolean; truncated: boolean } | null {
    const parsed = parseMessage(raw);
    if (!parsed.ok) {
      const header = parsed.error.header;
      if (header === undefined || header.qr) return null;
      const formerr: DnsMessage = {
        header: { ...header, qr: true, aa: false, tc: false, ra: false, ad: false, rcode: Rcode.FORMERR },
        questions: [], answers: [], authorities: [], additionals: [],
      };
      return { bytes: encodeMessage(formerr), cacheable: false, truncated: false };
    }
    const request: DnsRequest = { raw, parsed: parsed.value, message: parsed.value.message, transport };
    let reply: DnsReply | null;
    try {
      reply = runChain(this.options.handlers, request);
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
    if (reply === null) return null;
    return this.finish(reply, transport);
  }

  private finish(reply: DnsReply, transport: Transport): { bytes: Uint8Array; cacheable: boolean; truncated: boolean } {
    const limit = transport === 'tcp' ? TCP_MESSAGE_MAX : reply.udpPayloadMax ?? CLASSIC_UDP_MAX;
    const room = reply.signing === undefined ? limit : limit - TSIG_RECORD_ROOM;
    const additionals = reply.opt === undefined ? reply.message.additionals : [...reply.message.additionals, reply.opt];
    let bytes = encodeMessage({ ...reply.message, additionals });
    let truncated = false;
    if (bytes.length > room) {
      // RFC 2181 §9: drop whole sections rather than send partial RRsets; the client retries over TCP.
      truncated = true;
      const header = { ...reply.message.header, tc: true };
      bytes = encodeMessage({ ...reply.message, header, answers: [], authorities: [], additionals: reply.opt === undefined ? [] : [reply.opt] });
    }
    return { bytes: this.sign(bytes, reply), cacheable: reply.cacheable, truncated };
  }

  private sign(bytes: Uint8Array, reply: DnsReply): Uint8Array {
    const signing = reply.signing;
    if (signing === undefined) return bytes;
    if (signing.kind === 'error-only') return appendTsigError(bytes, signing.keyName, signing.algorithm, signing.timeSigned, signing.error);
    return signMessage(bytes, signing.key, {
      timeSignedSeconds: this.options.nowSeconds(),
      requestMac: signing.requestMac,
      ...(signing.error === undefined ? {} : { error: signing.error }),
      ...(signing.otherData === undefined ? {} : { otherData: signing.otherData }),
    }).wire;
  }
}

function cacheKey(raw: Uint8Array): string {
  // Everything after the id: flags (RD, CD), counts, question and EDNS options.
  return Buffer.from(raw.buffer, raw.byteOffset + 2, raw.length - 2).toString('latin1');
}

function withId(cached: Uint8Array, request: Uint8Array): Uint8Array {
  const copy = Buffer.allocUnsafe(cached.length);
  copy.set(cached);
  copy[0] = request[0]!;
  copy[1] = request[1]!;
  return copy;
}

export { TCP_MESSAGE_MAX };

/**
 * A content digest for plans and endpoint record sets: 64-bit FNV-1a over the canonical text
 * (UTF-16 code units, low byte then high byte), printed as 16 hex digits. It identifies content
 * (two plans with the same digest carry the same records); it is not a security boundary, so a
 * fast pure function is the right tool and keeps core/ free of node:crypto.
 */
const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
/** The 64-bit FNV prime is 2^40 + 0x1b3; multiplying splits into the two terms below. */
const FNV_PRIME_LOW_TERM = 0x1b3;

interface State64 { hi: number; lo: number }

function mixByte(state: State64, byte: number): void {
  const lo = (state.lo ^ byte) >>> 0;
  const product = lo * FNV_PRIME_LOW_TERM; // < 2^41: exact in a double
  const carry = Math.floor(product / 0x100000000);
  // hi' = hi*0x1b3 + carry + (lo << 8)   (the lo * 2^40 term lands in the high word as lo << 8)
  state.hi = (state.hi * FNV_PRIME_LOW_TERM + carry + ((lo << 8) >>> 0)) >>> 0;
  state.lo = product >>> 0;
}

export function digestText(text: string): string {
  const state: State64 = { hi: FNV_OFFSET_HI, lo: FNV_OFFSET_LO };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    mixByte(state, unit & 0xff);
    mixByte(state, unit >>> 8);
  }
  return hex32(state.hi) + hex32(state.lo);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A running sum of 64-bit digests, kept as two 32-bit words. */
export interface DigestSum { readonly hi: number; readonly lo: number }

export const DIGEST_SUM_ZERO: DigestSum = { hi: 0, lo: 0 };

export function addDigest(sum: DigestSum, digestHex: string): DigestSum {
  return addWords(sum, parseInt(digestHex.slice(0, 8), 16), parseInt(digestHex.slice(8, 16), 16));
}

export function subtractDigest(sum: DigestSum, digestHex: string): DigestSum {
  const hi = parseInt(digestHex.slice(0, 8), 16);
  const lo = parseInt(digestHex.slice(8, 16), 16);
  // Two's complement of the 64-bit value: invert both words and add one.
  return addWords(addWords(sum, ~hi >>> 0, ~lo >>> 0), 0, 1);
}

function addWords(sum: DigestSum, hi: number, lo: number): DigestSum {
  const loSum = sum.lo + lo;
  const carry = loSum >= 0x100000000 ? 1 : 0;
  return { hi: (sum.hi + hi + carry) >>> 0, lo: loSum >>> 0 };
}

export function formatDigestSum(sum: DigestSum): string {
  return hex32(sum.hi) + hex32(sum.lo);
}

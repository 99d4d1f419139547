/**
 * A content digest for plans and endpoint record sets: a 64-bit hash of the canonical text
 * (two 32-bit multiply-xorshift lanes over UTF-16 code units, cyrb53-style, with full 32-bit
 * finalisation of each lane), printed as 16 hex digits. It identifies content (two plans with
 * the same digest carry the same records); it is not a security boundary, so a fast pure function
 * is the right tool — it runs for every endpoint of every plan — and keeps core/ free of node:crypto.
 */
const LANE_ONE_SEED = 0xdeadbeef;
const LANE_TWO_SEED = 0x41c6ce57;
export function digestText(text) {
    let h1 = LANE_ONE_SEED;
    let h2 = LANE_TWO_SEED;
    for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ unit, 2654435761);
        h2 = Math.imul(h2 ^ unit, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    h1 ^= text.length;
    return hex32(h2) + hex32(h1);
}
function hex32(value) {
    return (value >>> 0).toString(16).padStart(8, '0');
}
export const DIGEST_SUM_ZERO = { hi: 0, lo: 0 };
export function addDigest(sum, digestHex) {
    return addWords(sum, parseInt(digestHex.slice(0, 8), 16), parseInt(digestHex.slice(8, 16), 16));
}
export function subtractDigest(sum, digestHex) {
    const hi = parseInt(digestHex.slice(0, 8), 16);
    const lo = parseInt(digestHex.slice(8, 16), 16);
    // Two's complement of the 64-bit value: invert both words and add one.
    return addWords(addWords(sum, ~hi >>> 0, ~lo >>> 0), 0, 1);
}
function addWords(sum, hi, lo) {
    const loSum = sum.lo + lo;
    const carry = loSum >= 0x100000000 ? 1 : 0;
    return { hi: (sum.hi + hi + carry) >>> 0, lo: loSum >>> 0 };
}
export function formatDigestSum(sum) {
    return hex32(sum.hi) + hex32(sum.lo);
}
//# sourceMappingURL=digest.js.map
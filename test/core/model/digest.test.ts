import { describe, expect, it } from 'vitest';
import { DIGEST_SUM_ZERO, addDigest, digestText, formatDigestSum, subtractDigest } from '../../../src/core/model/digest.js';

describe('digestText', () => {
  it('is 16 hex digits, stable, and differs for different texts', () => {
    expect(digestText('api.example.test. ttl=5')).toMatch(/^[0-9a-f]{16}$/);
    expect(digestText('a')).toBe(digestText('a'));
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(digestText(`e${i}.example.test. [A 10.0.0.${i % 250} 1]`));
    expect(seen.size).toBe(20_000);
  });

  it('sees one changed character anywhere, and length', () => {
    const base = 'x'.repeat(100);
    const digests = new Set([digestText(base), digestText(`${base}x`)]);
    for (let i = 0; i < 100; i++) digests.add(digestText(`${base.slice(0, i)}y${base.slice(i + 1)}`));
    expect(digests.size).toBe(102);
  });
});

describe('digest sums', () => {
  it('add and subtract are inverse, and order does not matter', () => {
    const a = digestText('a');
    const b = digestText('b');
    const ab = addDigest(addDigest(DIGEST_SUM_ZERO, a), b);
    const ba = addDigest(addDigest(DIGEST_SUM_ZERO, b), a);
    expect(formatDigestSum(ab)).toBe(formatDigestSum(ba));
    expect(formatDigestSum(subtractDigest(ab, b))).toBe(formatDigestSum(addDigest(DIGEST_SUM_ZERO, a)));
    expect(formatDigestSum(subtractDigest(subtractDigest(ab, a), b))).toBe('0000000000000000');
  });
});

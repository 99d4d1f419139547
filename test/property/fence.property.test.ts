/**
 * Properties of the fence text: every fence we can write parses back to itself, and no string,
 * however malformed, makes the parser throw (a fence is read from DNS, where anyone can write).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFence, parseFence, type Fence } from '../../src/core/model/fence.js';
import { generation } from '../../src/core/model/ids.js';
import { configureProperties } from './fc-settings.js';

configureProperties();

const GENERATION_MAX = Number.MAX_SAFE_INTEGER;

/** Generations over the whole range, with the edges (and the old 15-digit limit) drawn often. */
const generationArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 1, max: GENERATION_MAX }),
  fc.constantFrom(1, 999_999_999_999_999, 1_000_000_000_000_000, GENERATION_MAX - 1, GENERATION_MAX),
);

const fenceArb: fc.Arbitrary<Fence> = fc.record({
  generation: generationArb.map(generation),
  digest: fc.stringMatching(/^[0-9a-f]{16}$/),
  by: fc.stringMatching(/^[A-Za-z0-9._-]{1,63}$/),
});

/** Strings near the grammar: valid fences with one edit, odd numbers, extra spaces, unicode digits. */
const nearFenceArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fenceArb.map(formatFence), fc.nat(), fc.string({ maxLength: 3 })).map(([text, at, insert]) => {
    const position = at % (text.length + 1);
    return text.slice(0, position) + insert + text.slice(position + 1);
  }),
  fc.tuple(fc.stringMatching(/^[0-9]{0,25}$/), fc.string({ maxLength: 70 }), fc.string({ maxLength: 70 }))
    .map(([digits, digest, by]) => `gen=${digits} digest=${digest} by=${by}`),
  fc.tuple(fc.stringMatching(/^[0-9]{0,25}$/), fc.stringMatching(/^[0-9a-f]{1,64}$/), fc.stringMatching(/^[A-Za-z0-9._-]{1,63}$/))
    .map(([digits, digest, by]) => `gen=${digits} digest=${digest} by=${by}`),
  fc.constantFrom('', 'gen=', 'gen=0 digest=0 by=x', 'gen=-1 digest=0 by=x', 'gen=1e3 digest=0 by=x', 'gen=\u0661 digest=0 by=x',
    'gen=9007199254740992 digest=0 by=x', 'gen=99999999999999999999 digest=0 by=x', 'gen=1 digest=0 by=x\n', ' gen=1 digest=0 by=x'),
);

describe('fence text', () => {
  it('formatFence then parseFence gives the fence back, for generations in [1, 2^53 - 1]', () => {
    fc.assert(fc.property(fenceArb, (fence) => {
      expect(parseFence(formatFence(fence))).toEqual({ ok: true, fence });
    }), { numRuns: 2000 });
  });

  it('parseFence never throws, and what it accepts is a valid fence that formats back to a fixed point', () => {
    const check = (text: string): void => {
      const parsed = parseFence(text);
      if (!parsed.ok) {
        expect(typeof parsed.reason).toBe('string');
        return;
      }
      const { fence } = parsed;
      expect(Number.isSafeInteger(fence.generation) && fence.generation >= 1).toBe(true);
      expect(fence.digest).toMatch(/^[0-9a-f]{1,64}$/);
      expect(fence.by).toMatch(/^[A-Za-z0-9._-]{1,63}$/);
      // Leading zeros parse to the same number; the canonical text is a fixed point.
      expect(parseFence(formatFence(fence))).toEqual({ ok: true, fence });
    };
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.fullUnicodeString({ maxLength: 100 })), check), { numRuns: 3000 });
    fc.assert(fc.property(nearFenceArb, check), { numRuns: 3000 });
  });
});

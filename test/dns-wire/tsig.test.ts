import { describe, expect, it } from 'vitest';
import {
  ExtendedRcode, RRType, encodeMessage, makeQuery, parseMessage, signMessage, tsigKey, verifyTsig, type TsigAlgorithm,
} from '../../src/dns-wire/index.js';

const SECRET = Buffer.from('a shared secret of enough length!!').toString('base64');
const NOW = 1_800_000_000;

function signedQuery(algorithm: TsigAlgorithm, timeSigned = NOW) {
  const key = tsigKey('dnsplane-key', algorithm, SECRET);
  const { wire, mac } = signMessage(encodeMessage(makeQuery(4242, 'api.example.test.', RRType.A)), key, { timeSignedSeconds: timeSigned });
  return { key, wire, mac };
}

function verify(wire: Uint8Array, keys: Parameters<typeof verifyTsig>[2], now = NOW, requestMac?: Uint8Array) {
  const parsed = parseMessage(wire);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return verifyTsig(wire, parsed.value, keys, now, requestMac);
}

describe('TSIG', () => {
  for (const algorithm of ['hmac-sha256', 'hmac-sha512', 'hmac-sha1'] as const) {
    it(`signs and verifies with ${algorithm}`, () => {
      const { key, wire } = signedQuery(algorithm);
      const verdict = verify(wire, new Map([[key.name, key]]));
      expect(verdict?.ok).toBe(true);
    });
  }

  const failures: { name: string; mutate: (wire: Uint8Array) => void; keys: 'right' | 'other-name' | 'other-secret'; now?: number; error: number }[] = [
    { name: 'unknown key name', mutate: () => undefined, keys: 'other-name', error: ExtendedRcode.BADKEY },
    { name: 'wrong secret', mutate: () => undefined, keys: 'other-secret', error: ExtendedRcode.BADSIG },
    { name: 'a flipped bit in the question', mutate: (w) => { w[14]! ^= 0x01; }, keys: 'right', error: ExtendedRcode.BADSIG },
    { name: 'time outside the fudge', mutate: () => undefined, keys: 'right', now: NOW + 301, error: ExtendedRcode.BADTIME },
  ];
  for (const testCase of failures) {
    it(`reports ${testCase.name}`, () => {
      const { key, wire } = signedQuery('hmac-sha256');
      testCase.mutate(wire);
      const keys = new Map([[testCase.keys === 'other-name' ? 'other-key.' : key.name,
        testCase.keys === 'other-secret' ? tsigKey('dnsplane-key', 'hmac-sha256', Buffer.from('another secret').toString('base64')) : key]]);
      const verdict = verify(wire, keys, testCase.now);
      expect(verdict?.ok).toBe(false);
      if (verdict && !verdict.ok) expect(verdict.error).toBe(testCase.error);
    });
  }

  it('chains the request MAC into the response signature', () => {
    const { key, mac } = signedQuery('hmac-sha256');
    const response = encodeMessage({ ...makeQuery(4242, 'api.example.test.', RRType.A), header: { ...makeQuery(4242, 'x.', 1).header, qr: true } });
    const signed = signMessage(response, key, { timeSignedSeconds: NOW, requestMac: mac }).wire;
    const keys = new Map([[key.name, key]]);
    expect(verify(signed, keys, NOW, mac)?.ok).toBe(true);
    expect(verify(signed, keys, NOW)?.ok).toBe(false);
  });

  it('returns null for an unsigned message', () => {
    expect(verify(encodeMessage(makeQuery(1, 'a.example.test.', RRType.A)), new Map())).toBeNull();
  });
});

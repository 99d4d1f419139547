import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { sampleWeighted } from '../../src/dns-server/weighted.js';
import { RRType } from '../../src/dns-wire/index.js';
import { TSIG_SECRET, a, dig, put, queryAddresses, startTestServer } from './helpers.js';

describe('weighted sampling without replacement', () => {
  const cases: { name: string; weights: number[]; count: number; draws: number; expectedShare: number[] }[] = [
    // One pick: each item's share is its weight over the total.
    { name: 'one of four, weights 1:2:3:4', weights: [1, 2, 3, 4], count: 1, draws: 40_000, expectedShare: [0.1, 0.2, 0.3, 0.4] },
    { name: 'one of two, weights 9:1', weights: [9, 1], count: 1, draws: 40_000, expectedShare: [0.9, 0.1] },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const random = new SeededRandom(42);
      const counts = testCase.weights.map(() => 0);
      for (let i = 0; i < testCase.draws; i++) {
        for (const index of sampleWeighted(testCase.weights.map((_, j) => j), testCase.weights, testCase.count, random)) counts[index]!++;
      }
      counts.forEach((count, i) => expect(Math.abs(count / testCase.draws - testCase.expectedShare[i]!)).toBeLessThan(0.01));
    });
  }

  it('two of three with weights 1:1:2 includes the heavy one with probability 5/6', () => {
    // P(heavy first) = 1/2; P(light first) = 1/2, then heavy with 2/3: 1/2 + 1/2 * 2/3 = 5/6.
    const random = new SeededRandom(3);
    let heavy = 0;
    const draws = 30_000;
    for (let i = 0; i < draws; i++) {
      const chosen = sampleWeighted(['x', 'y', 'heavy'], [1, 1, 2], 2, random);
      expect(new Set(chosen).size).toBe(2);
      if (chosen.includes('heavy')) heavy++;
    }
    expect(Math.abs(heavy / draws - 5 / 6)).toBeLessThan(0.01);
  });

  it('returns every item when there are no more than asked', () => {
    expect(sampleWeighted(['a', 'b'], [1, 5], 2, new SeededRandom(1))).toEqual(['a', 'b']);
    expect(sampleWeighted(['a'], [1], 8, new SeededRandom(1))).toEqual(['a']);
  });
});

describe('weighted answers over the wire', () => {
  it('never answers more than answersMax and follows the weights over many queries', async () => {
    const dns = await startTestServer({ random: new SeededRandom(11) });
    try {
      // Six addresses, two of them heavy (weight 5) and four light (weight 1); answersMax 1.
      const addresses = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'];
      const weights = [5, 5, 1, 1, 1, 1];
      put(dns, 'api.example.test.', RRType.A, 5, addresses.map(a), { weights, answersMax: 1 });
      const counts = new Map<string, number>();
      const queries = 1400;
      for (let i = 0; i < queries; i++) {
        const answer = await queryAddresses(dns.port, 'api.example.test.', 'A');
        expect(answer.length).toBe(1);
        counts.set(answer[0]!, (counts.get(answer[0]!) ?? 0) + 1);
      }
      const heavyShare = ((counts.get('192.0.2.1') ?? 0) + (counts.get('192.0.2.2') ?? 0)) / queries;
      expect(Math.abs(heavyShare - 10 / 14)).toBeLessThan(0.05);
      for (const light of addresses.slice(2)) expect(counts.get(light) ?? 0).toBeGreaterThan(0);

      // The same sampled answers reach dig over UDP with EDNS and over TCP, well-formed.
      for (const transport of ['+notcp', '+tcp']) {
        const out = await dig(dns.port, ['api.example.test', 'A', transport, '+bufsize=1232']);
        expect(out).toContain('status: NOERROR');
        expect(out.match(/IN\s+A\s+192\.0\.2\.\d/g)?.length).toBe(1);
      }
      expect(dns.processor.cachedAnswers).toBeGreaterThan(0);
      // A signed query is sampled as records and the reply signed: dig verifies the signature.
      const signed = await dig(dns.port, ['-y', `hmac-sha256:dnsplane-key:${TSIG_SECRET}`, 'api.example.test', 'A']);
      expect(signed.match(/IN\s+A\s+192\.0\.2\.\d/g)?.length).toBe(1);
      expect(signed).toMatch(/ANY\s+TSIG\s+hmac-sha256\./);
      expect(signed).not.toMatch(/tsig verify failure|BADSIG/i);

      // A set no larger than answersMax is answered whole (and may come from the answer cache).
      put(dns, 'small.example.test.', RRType.A, 5, addresses.slice(0, 3).map(a), { weights: [1, 2, 3], answersMax: 8 });
      for (let i = 0; i < 5; i++) expect((await queryAddresses(dns.port, 'small.example.test.', 'A')).sort()).toEqual(addresses.slice(0, 3));
    } finally {
      await dns.close();
    }
  });
});

/**
 * JSON configs (the fast path for large generated fleets), configs built in code, and a seeded
 * fuzz of the loader: whatever the text, it returns a result and never throws.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfigText, validateConfigValue } from '../../../src/app/config/index.js';
import { SeededRandom } from '../../../src/adapters/random-seeded/seeded-random.js';

const FLEET = {
  zone: 'example.test.',
  region: 'us-east-1',
  loadBalancers: [{ id: 'lb-1', az: 'az1', ipv4: '192.0.2.1' }, { id: 'lb-2', az: 'az2', ipv4: '192.0.2.2' }],
  endpoints: [{ name: 'api.example.test.' }, { name: 'api.az1.example.test.', select: { az: 'az1' } }],
  enactors: ['az1', 'az2'],
};

describe('JSON and in-code configs', () => {
  it('loads a JSON file the same as the equivalent YAML', () => {
    const json = parseConfigText(JSON.stringify(FLEET, null, 2), 'fleet.json', { dataDir: '/d' });
    const yaml = parseConfigText(
      'zone: example.test.\nregion: us-east-1\nloadBalancers:\n  - { id: lb-1, az: az1, ipv4: 192.0.2.1 }\n  - { id: lb-2, az: az2, ipv4: 192.0.2.2 }\n'
      + 'endpoints:\n  - name: api.example.test.\n  - { name: api.az1.example.test., select: { az: az1 } }\nenactors: [az1, az2]\n',
      'fleet.json', { dataDir: '/d' });
    expect(json).toEqual(yaml);
    expect(json.ok).toBe(true);
  });

  it('still gives line and column for a problem in a JSON file', () => {
    const broken = { ...FLEET, loadBalancers: [FLEET.loadBalancers[0], { id: 'lb-2', az: 'az2', ipv4: '300.0.0.1' }] };
    const result = parseConfigText(JSON.stringify(broken, null, 2), 'fleet.json');
    expect(formatConfigIssues(result.ok ? [] : result.errors)).toBe("fleet.json:13:15: loadBalancers[1].ipv4: '300.0.0.1' is not a valid IPv4 address");
  });

  it('validates a config built in code, with field paths but no positions', () => {
    const result = validateConfigValue({ ...FLEET, enactors: ['az1', 'az1'] }, '(bench)');
    expect(result.ok).toBe(false);
    expect(formatConfigIssues(result.ok ? [] : result.errors)).toBe("(bench): enactors[1]: duplicate enactor id 'az1' (first at enactors[0])");
    expect(validateConfigValue(FLEET, '(bench)').ok).toBe(true);
  });

  it('loads a 20,000-endpoint JSON config (measured, not timed)', () => {
    const endpoints = Array.from({ length: 20_000 }, (_, i) => ({ name: `ep-${i}.example.test.`, select: { az: i % 2 === 0 ? 'az1' : 'az2' } }));
    const text = JSON.stringify({ ...FLEET, endpoints });
    const startedAt = performance.now();
    const result = parseConfigText(text, 'big.json');
    const elapsedMs = performance.now() - startedAt;
    expect(result.ok).toBe(true);
    expect(result.ok && result.config.fleet.endpoints.length).toBe(20_000);
    console.log(`config load: 20,000 endpoints (JSON, ${(text.length / 1e6).toFixed(1)} MB) in ${elapsedMs.toFixed(0)} ms`);
  });
});

describe('loader fuzz (seeded)', () => {
  const example = readFileSync('examples/regional.yaml', 'utf8');
  const ALPHABET = ['', ' ', '\n', ':', '-', '{', '}', '[', ']', '"', "'", '&a', '*a', '#', '0', '.', 'x', '\t', '!!str', '%', '@', '|', '>'];

  function mutate(text: string, random: SeededRandom): string {
    let out = text;
    const edits = 1 + Math.floor(random.nextFloat() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random.nextFloat() * out.length);
      const span = Math.floor(random.nextFloat() * 12);
      const insert = ALPHABET[Math.floor(random.nextFloat() * ALPHABET.length)]!;
      out = out.slice(0, at) + insert + out.slice(at + span);
    }
    return out;
  }

  it('never throws, and every issue has a position inside the file', () => {
    const seed = 20251020;
    const random = new SeededRandom(seed);
    let rejected = 0;
    for (let round = 0; round < 400; round++) {
      const text = mutate(example, random);
      const lineCount = text.split('\n').length;
      let result;
      try {
        result = parseConfigText(text, 'fuzz.yaml');
      } catch (error) {
        throw new Error(`seed ${seed} round ${round}: threw ${String(error)} for:\n${text}`);
      }
      if (result.ok) continue;
      rejected += 1;
      for (const issue of result.errors) {
        expect(issue.line, `seed ${seed} round ${round}`).toBeGreaterThanOrEqual(1);
        expect(issue.line!, `seed ${seed} round ${round}`).toBeLessThanOrEqual(lineCount);
        expect(issue.message.length).toBeGreaterThan(0);
      }
    }
    expect(rejected).toBeGreaterThan(50);
  });
});

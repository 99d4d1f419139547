/** The embedded server's TSIG key in the config: too short a secret is refused, and no error prints a secret back. */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { formatConfigIssues, parseConfigText } from '../../src/app/config/index.js';

const BASE = [
  'zone: example.test.',
  'region: us-east-1',
  'loadBalancers:',
  '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11 }',
  'endpoints:',
  '  - name: api.example.test.',
  'enactors: [use1-az1]',
];

function problems(dnsLines: string[]): string {
  const result = parseConfigText([...BASE, ...dnsLines].join('\n') + '\n', 'dnsplane.yaml');
  return result.ok ? '' : formatConfigIssues(result.errors);
}

describe('TSIG key material in the config', () => {
  const cases: { algorithm: string; bytes: number; ok: boolean }[] = [
    { algorithm: 'hmac-sha256', bytes: 1, ok: false },
    { algorithm: 'hmac-sha256', bytes: 31, ok: false },
    { algorithm: 'hmac-sha256', bytes: 32, ok: true },
    { algorithm: 'hmac-sha512', bytes: 32, ok: false },
    { algorithm: 'hmac-sha512', bytes: 64, ok: true },
    { algorithm: 'hmac-sha1', bytes: 20, ok: true },
  ];
  for (const testCase of cases) {
    it(`${testCase.algorithm} with a ${testCase.bytes}-byte secret is ${testCase.ok ? 'accepted' : 'refused'}`, () => {
      const secret = randomBytes(testCase.bytes).toString('base64');
      const out = problems(['dns:', '  tsig:', '    name: dnsplane-key', `    algorithm: ${testCase.algorithm}`, `    secret: "${secret}"`]);
      if (testCase.ok) expect(out).toBe('');
      else expect(out).toMatch(new RegExp(`dns\\.tsig\\.secret: secret is ${testCase.bytes} bytes; ${testCase.algorithm} needs at least`));
      expect(out).not.toContain(secret);
    });
  }

  it('never prints a secret put in the wrong field', () => {
    const secret = 'Kq3nq3D8n0mJk9xXl0gq7JQ2r5pL7VvQhS1u9yFzP4w=';
    const out = problems(['dns:', `  workers: "${secret}"`, '  tsig:', `    name: "${secret}"`, '    algorithm: hmac-sha256', `    secret: "${secret}"`, `    secrt: "${secret}"`]);
    expect(out).toContain('dns.workers');
    expect(out).not.toContain(secret);
    expect(out).not.toContain(secret.slice(0, 20));
  });
});

/** `providers:`: the default, the three types, and what is refused (secrets never inline). */
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfigText } from '../../../src/app/config/index.js';

const BASE = `zone: example.test.
region: us-east-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 192.0.2.1 }
endpoints:
  - { name: api.example.test. }
enactors: [az1]
`;

describe('config providers', () => {
  it('defaults to the embedded server alone', () => {
    const result = parseConfigText(BASE, 'base.yaml');
    expect(result.ok && result.config.providers).toEqual([{ id: 'embedded', type: 'embedded' }]);
  });

  it('builds the example of issue 4 with defaults filled in', () => {
    const result = parseConfigText(`${BASE}providers:
  - { id: embedded, type: embedded }
  - { id: bind-primary, type: rfc2136, server: "127.0.0.1:15301", zone: Example.Test.,
      tsig: { name: dnsplane-key, algorithm: hmac-sha256, secretFile: /etc/dnsplane/tsig.key } }
  - { id: knot, type: rfc2136, server: "127.0.0.1:15302", tsig: { name: k, algorithm: hmac-sha512, secretEnv: KNOT_TSIG }, reads: query, batchSize: 50 }
  - { id: r53, type: route53, hostedZoneId: Z123, region: us-east-1 }
`, 'providers.yaml');
    expect(result.ok ? '' : formatConfigIssues(result.errors)).toBe('');
    if (!result.ok) return;
    expect(result.config.providers).toEqual([
      { id: 'embedded', type: 'embedded' },
      { id: 'bind-primary', type: 'rfc2136', server: { host: '127.0.0.1', port: 15301 }, zone: 'example.test.', batchSize: 100, timeoutMs: 5000, reads: 'auto', inFlight: 4,
        tsig: { name: 'dnsplane-key.', algorithm: 'hmac-sha256', secretFile: '/etc/dnsplane/tsig.key' } },
      { id: 'knot', type: 'rfc2136', server: { host: '127.0.0.1', port: 15302 }, zone: 'example.test.', batchSize: 50, timeoutMs: 5000, reads: 'query', inFlight: 4,
        tsig: { name: 'k.', algorithm: 'hmac-sha512', secretEnv: 'KNOT_TSIG' } },
      { id: 'r53', type: 'route53', hostedZoneId: 'Z123', region: 'us-east-1', batchSize: 100, waitForInsync: false, zone: 'example.test.' },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['an inline secret', `{ id: b, type: rfc2136, server: "127.0.0.1:53", tsig: { name: k, algorithm: hmac-sha256, secret: c2VjcmV0 } }`, /unknown key 'secret'/],
    ['no secret source', `{ id: b, type: rfc2136, server: "127.0.0.1:53", tsig: { name: k, algorithm: hmac-sha256 } }`, /exactly one of secretFile or secretEnv/],
    ['both secret sources', `{ id: b, type: rfc2136, server: "127.0.0.1:53", tsig: { name: k, algorithm: hmac-sha256, secretFile: /k, secretEnv: K } }`, /exactly one of secretFile or secretEnv/],
    ['a server without a port', `{ id: b, type: rfc2136, server: "127.0.0.1", tsig: { name: k, algorithm: hmac-sha256, secretEnv: K } }`, /providers\[0\]\.server/],
    ['an unknown type', `{ id: x, type: nsd }`, /providers\[0\]/],
    ['a bad hosted zone id', `{ id: r, type: route53, hostedZoneId: "z-1" }`, /hosted zone id/],
  ];
  for (const [label, entry, message] of bad) {
    it(`refuses ${label}`, () => {
      const result = parseConfigText(`${BASE}providers:\n  - ${entry}\n`, 'bad.yaml');
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : formatConfigIssues(result.errors)).toMatch(message);
    });
  }

  it('refuses duplicate ids and two embedded targets', () => {
    const result = parseConfigText(`${BASE}providers:\n  - { id: a, type: embedded }\n  - { id: a, type: embedded }\n`, 'dup.yaml');
    const text = result.ok ? '' : formatConfigIssues(result.errors);
    expect(text).toMatch(/duplicate provider id 'a'/);
    expect(text).toMatch(/at most one provider of type embedded/);
  });
});

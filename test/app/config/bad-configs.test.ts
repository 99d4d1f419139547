/**
 * A table of bad configurations. Each is a small YAML text; each must be rejected with the exact
 * field path and line (and, where it matters, column) of the problem, and a message saying what
 * is wrong. The base below is valid; most cases change one line of it.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfigText, type ConfigIssue } from '../../../src/app/config/index.js';

const BASE = [
  'zone: example.test.', //                                     1
  'region: us-east-1', //                                       2
  'loadBalancers:', //                                          3
  '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11 }', //       4
  '  - { id: lb-a2, az: use1-az2, ipv4: 192.0.2.12 }', //       5
  'endpoints:', //                                              6
  '  - name: api.example.test.', //                             7
  'enactors: [use1-az1, use1-az2]', //                          8
];

/** BASE with line `line` (1-based) replaced; extra lines are appended. */
function base(replacements: Record<number, string> = {}, extra: string[] = []): string {
  return [...BASE.map((text, i) => replacements[i + 1] ?? text), ...extra].join('\n') + '\n';
}

interface BadCase {
  readonly name: string;
  readonly yaml: string;
  readonly path: string;
  readonly line: number;
  readonly column?: number;
  readonly message: string | RegExp;
}

const CASES: readonly BadCase[] = [
  { name: 'unknown top-level key', yaml: base({}, ['colour: red']), path: 'colour', line: 9, column: 1, message: "unknown key 'colour'" },
  { name: 'unknown key in a load balancer', yaml: base({ 5: '  - { id: lb-a2, az: use1-az2, ipv4: 192.0.2.12, weight: 3 }' }), path: 'loadBalancers[1].weight', line: 5, column: 50, message: "unknown key 'weight'" },
  { name: 'misspelt key gets a suggestion', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, capactiy: 5 }' }), path: 'loadBalancers[0].capactiy', line: 4, column: 50, message: "unknown key 'capactiy' (did you mean 'capacity'?)" },
  { name: 'snake_case key gets the camelCase suggestion', yaml: base({}, ['health: { interval_ms: 1000 }']), path: 'health.interval_ms', line: 9, column: 11, message: "unknown key 'interval_ms' (did you mean 'intervalMs'?)" },
  { name: 'wrong type: capacity is text', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, capacity: lots }' }), path: 'loadBalancers[0].capacity', line: 4, column: 60, message: "expected a number, got 'lots'" },
  { name: 'wrong type: fractional capacity', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, capacity: 1.5 }' }), path: 'loadBalancers[0].capacity', line: 4, message: 'expected an integer, got the fraction 1.5' },
  { name: 'wrong type: az is a number', yaml: base({ 5: '  - { id: lb-a2, az: 7, ipv4: 192.0.2.12 }' }), path: 'loadBalancers[1].az', line: 5, column: 22, message: 'expected a string, got number 7' },
  { name: 'missing field in a load balancer', yaml: base({ 4: '  - { id: lb-a1, ipv4: 192.0.2.11 }' }), path: 'loadBalancers[0].az', line: 4, column: 5, message: 'required field is missing' },
  { name: 'missing zone', yaml: base({ 1: '# no zone' }), path: 'zone', line: 2, column: 1, message: 'required field is missing' },
  { name: 'empty value', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: }' }), path: 'loadBalancers[0].ipv4', line: 4, message: 'expected a string, got null (an empty value)' },
  { name: 'duplicate load balancer id', yaml: base({ 5: '  - { id: lb-a1, az: use1-az2, ipv4: 192.0.2.12 }' }), path: 'loadBalancers[1].id', line: 5, column: 11, message: "duplicate load balancer id 'lb-a1' (first at loadBalancers[0])" },
  { name: 'duplicate address', yaml: base({ 5: '  - { id: lb-a2, az: use1-az2, ipv4: 192.0.2.11 }' }), path: 'loadBalancers[1].ipv4', line: 5, message: "duplicate IPv4 address '192.0.2.11' (first at loadBalancers[0])" },
  { name: 'duplicate endpoint name (case-insensitive)', yaml: base({}, ['  - name: API.example.test.']).replace('enactors: [use1-az1, use1-az2]\n', '').concat('enactors: [use1-az1]\n'), path: 'endpoints[1].name', line: 8, message: "duplicate endpoint name 'api.example.test.' (first at endpoints[0])" },
  { name: 'endpoint selecting no load balancer', yaml: base({ 7: '  - { name: api.example.test., select: { az: use1-az9 } }' }), path: 'endpoints[0].select', line: 7, column: 40, message: "selects no load balancer (no load balancer is in az 'use1-az9')" },
  { name: 'endpoint selecting an unknown id', yaml: base({ 7: '  - { name: api.example.test., select: { ids: [lb-a1, lb-zz] } }' }), path: 'endpoints[0].select.ids[1]', line: 7, column: 55, message: "no load balancer has id 'lb-zz'" },
  { name: 'endpoint outside the zone', yaml: base({ 7: '  - name: api.example.org.' }), path: 'endpoints[0].name', line: 7, column: 11, message: "'api.example.org.' is outside the zone 'example.test.'" },
  { name: 'endpoint on the reserved fence label', yaml: base({ 7: '  - name: _dnsplane.api.example.test.' }), path: 'endpoints[0].name', line: 7, message: /reserved for fence records/ },
  { name: 'invalid IPv4 address', yaml: base({ 5: '  - { id: lb-a2, az: use1-az2, ipv4: 300.1.1.1 }' }), path: 'loadBalancers[1].ipv4', line: 5, column: 38, message: "'300.1.1.1' is not a valid IPv4 address" },
  { name: 'invalid IPv6 address', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, ipv6: "2001:db8::zz" }' }), path: 'loadBalancers[0].ipv6', line: 4, message: "'2001:db8::zz' is not a valid IPv6 address" },
  { name: 'load balancer with no address', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1 }' }), path: 'loadBalancers[0]', line: 4, column: 5, message: 'needs at least one of ipv4, ipv6' },
  { name: 'non-absolute endpoint name', yaml: base({ 7: '  - name: api.example.test' }), path: 'endpoints[0].name', line: 7, message: "'api.example.test' is not absolute: it must end with '.'" },
  { name: 'invalid DNS name (empty label)', yaml: base({ 7: '  - name: api..example.test.' }), path: 'endpoints[0].name', line: 7, message: "'api..example.test.' has an empty label" },
  { name: 'invalid DNS name (bad character)', yaml: base({ 1: 'zone: exa$mple.test.' }), path: 'zone', line: 1, column: 7, message: /invalid label 'exa\$mple'/ },
  { name: 'bad listen address (no port)', yaml: base({}, ['dns: { listen: localhost }']), path: 'dns.listen', line: 9, column: 16, message: "'localhost' is not host:port (IPv6 in brackets: [::1]:53)" },
  { name: 'bad listen address (port out of range)', yaml: base({}, ['http:', '  listen: "127.0.0.1:99999"']), path: 'http.listen', line: 10, column: 11, message: "port 99999 in '127.0.0.1:99999' is outside 0-65535" },
  { name: 'unknown TSIG algorithm', yaml: base({}, ['dns: { tsig: { name: k, algorithm: hmac-md4, secret: "c2VjcmV0" } }']), path: 'dns.tsig.algorithm', line: 9, message: /'hmac-md4' is not one of: hmac-sha256/ },
  { name: 'NOTIFY signed with a key the server does not have', yaml: base({}, ['dns:', '  tsig: { name: k, algorithm: hmac-sha256, secret: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }', '  transfer: { notify: ["[::1]:5300", { address: "192.0.2.1:53", key: other }] }']), path: 'dns.transfer.notify[1].key', line: 11, message: "'other' is not a configured key (dns.tsig or dns.operatorKeys)" },
  { name: 'non-base64 TSIG secret', yaml: base({}, ['dns: { tsig: { name: k, algorithm: hmac-sha256, secret: "not base64!" } }']), path: 'dns.tsig.secret', line: 9, message: 'secret is not valid base64 (RFC 4648, padded)' },
  { name: 'enactor ids not unique', yaml: base({ 8: 'enactors: [use1-az1, use1-az2, use1-az1]' }), path: 'enactors[2]', line: 8, column: 32, message: "duplicate enactor id 'use1-az1' (first at enactors[0])" },
  { name: 'enactor id with a space', yaml: base({ 8: 'enactors: ["use1 az1"]' }), path: 'enactors[0]', line: 8, message: /enactor id "use1 az1" must be 1-63 characters/ },
  { name: 'no enactors', yaml: base({ 8: 'enactors: []' }), path: 'enactors', line: 8, message: 'must have at least 1 item' },
  { name: 'health timeout not below interval', yaml: base({}, ['health: { intervalMs: 500, timeoutMs: 500 }']), path: 'health.timeoutMs', line: 9, column: 39, message: 'timeoutMs (500) must be less than intervalMs (500)' },
  { name: 'health threshold below 1', yaml: base({}, ['health:', '  healthyThreshold: 0']), path: 'health.healthyThreshold', line: 10, message: 'must be at least 1' },
  { name: 'health check with both http and tcp', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, check: { http: "http://127.0.0.1:1/", tcp: "127.0.0.1:1" } }' }), path: 'loadBalancers[0].check', line: 4, message: "needs exactly one of 'http' or 'tcp', got 2" },
  { name: 'health check URL not http', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, check: { http: "ftp://127.0.0.1/" } }' }), path: 'loadBalancers[0].check.http', line: 4, message: "'ftp://127.0.0.1/' must use http:// or https://" },
  { name: 'health check TCP port 0', yaml: base({ 4: '  - { id: lb-a1, az: use1-az1, ipv4: 192.0.2.11, check: { tcp: "127.0.0.1:0" } }' }), path: 'loadBalancers[0].check.tcp', line: 4, message: "port 0 in '127.0.0.1:0' is outside 1-65535" },
  { name: 'ttl negative', yaml: base({ 7: '  - { name: api.example.test., ttl: -1 }' }), path: 'endpoints[0].ttl', line: 7, message: 'must be at least 0' },
  { name: 'answers zero', yaml: base({ 7: '  - { name: api.example.test., answers: 0 }' }), path: 'endpoints[0].answers', line: 7, message: 'must be at least 1' },
  { name: 'capacity share above 1', yaml: base({}, ['guards: { minCapacityShare: 1.5 }']), path: 'guards.minCapacityShare', line: 9, message: 'must be at most 1' },
  { name: 'backoff base above its maximum', yaml: base({}, ['enactor: { backoffBaseMs: 5000, backoffMaxMs: 100 }']), path: 'enactor.backoffBaseMs', line: 9, message: 'backoffBaseMs (5000) must not exceed backoffMaxMs (100)' },
  { name: 'YAML syntax error', yaml: base({ 5: '  - { id: lb-a2, az: use1-az2, ipv4: 192.0.2.12' }), path: '', line: 6, message: /^YAML syntax: / },
  { name: 'duplicate YAML key', yaml: base({}, ['region: eu-west-1']), path: '', line: 9, column: 1, message: 'YAML syntax: duplicate key (each key may appear once per mapping)' },
  { name: 'document is a list', yaml: '- zone: example.test.\n', path: '', line: 1, column: 1, message: 'expected an object, got a list' },
];

describe('bad configurations are rejected with path, line and what is wrong', () => {
  it('has a table of at least 16 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(16);
  });

  it.each(CASES)('$name', (testCase) => {
    const result = parseConfigText(testCase.yaml, 'bad.yaml');
    if (result.ok) throw new Error(`accepted:\n${testCase.yaml}`);
    const issue = result.errors.find((e) => e.path === testCase.path);
    if (issue === undefined) throw new Error(`no issue at '${testCase.path}'; got:\n${formatConfigIssues(result.errors)}`);
    expect(issue.line, formatConfigIssues(result.errors)).toBe(testCase.line);
    if (testCase.column !== undefined) expect(issue.column, formatConfigIssues(result.errors)).toBe(testCase.column);
    if (typeof testCase.message === 'string') expect(issue.message).toBe(testCase.message);
    else expect(issue.message).toMatch(testCase.message);
    const printed = formatConfigIssues([issue]);
    expect(printed.startsWith(`bad.yaml:${testCase.line}:`)).toBe(true);
    if (testCase.path !== '') expect(printed).toContain(`: ${testCase.path}: `);
  });
});

describe('issue reporting', () => {
  it('collects every problem, not just the first, in file order', () => {
    const yaml = base({
      4: '  - { id: lb-a1, az: use1-az1, ipv4: 300.1.1.1, colour: red }',
      5: '  - { id: lb-a2, az: 7, ipv4: 192.0.2.12 }',
      8: 'enactors: [use1-az1, use1-az1]',
    }, ['health: { intervalMs: 100, timeoutMs: 100 }']);
    const result = parseConfigText(yaml, 'many.yaml');
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => `${e.line}:${e.path}`)).toEqual([
      '4:loadBalancers[0].ipv4',
      '4:loadBalancers[0].colour',
      '5:loadBalancers[1].az',
      '8:enactors[1]',
      '9:health.timeoutMs',
    ]);
  });

  it('prints one line per issue as file:line:column: path: message', () => {
    const yaml = base({ 5: '  - { id: lb-a2, az: use1-az2, ipv4: 300.1.1.1 }' });
    const result = parseConfigText(yaml, 'examples/bad.yaml');
    expect(result.ok).toBe(false);
    expect(formatConfigIssues(result.ok ? [] : result.errors)).toBe(
      "examples/bad.yaml:5:38: loadBalancers[1].ipv4: '300.1.1.1' is not a valid IPv4 address",
    );
  });

  it('prints an issue without a position as file: message', () => {
    const issue: ConfigIssue = { file: 'gone.yaml', path: '', message: 'cannot read the config: ENOENT' };
    expect(formatConfigIssues([issue])).toBe('gone.yaml: cannot read the config: ENOENT');
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const result = parseConfigText(`${lines.join('\n')}\n`, 'bomb.yaml');
    expect(result.ok).toBe(false);
    expect(formatConfigIssues(result.ok ? [] : result.errors)).toMatch(/^bomb\.yaml:1:1: YAML: /);
  });
});

/**
 * The Route 53 provider through the real SDK (middleware, signing, XML) against a fake hosted zone
 * and canned error responses. Never run against the live service (no network here).
 */
import { describe, expect, it } from 'vitest';
import {
  ROUTE53_LIMITS, changeCost, endpointChanges, endpointWriteCostMax, parseTxtValue, txtValue, writesPerTransactionMaxFor,
} from '../../../src/adapters/dns-route53/change-batch.js';
import { Route53Provider, createRoute53Client, type Route53ProviderOptions } from '../../../src/adapters/dns-route53/route53-provider.js';
import { formatFence, parseFence, rawOfFence } from '../../../src/core/model/fence.js';
import { endpointName, loadBalancerId, providerId, type EndpointName } from '../../../src/core/model/ids.js';
import type { EndpointRecords, FencedWrite } from '../../../src/core/ports/dns-provider.js';
import { describeDnsProviderContract, fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';
import { FakeRoute53, errorXml, invalidChangeBatchXml } from './fake-route53.js';

const ZONE_ID = 'Z0123456789TEST';

function setup(overrides: Partial<Route53ProviderOptions> = {}): { fake: FakeRoute53; provider: Route53Provider; sleeps: number[] } {
  const fake = new FakeRoute53(ZONE_ID);
  const sleeps: number[] = [];
  const client = createRoute53Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake-secret-for-tests' },
    requestHandler: fake.requestHandler,
  });
  const provider = new Route53Provider({
    id: providerId('r53'), client, hostedZoneId: ZONE_ID, zone: 'example.test.',
    sleepMs: async (ms) => { sleeps.push(ms); }, random: () => 0.5, ...overrides,
  });
  return { fake, provider, sleeps };
}

function write(endpoint: EndpointName, expected: number | null, next: number, ipv4: string[]): FencedWrite {
  return { endpoint, expectedFence: expected === null ? null : rawOfFence(fenceAt(expected)), newFence: fenceAt(next), records: recordsOf(ipv4) };
}

describeDnsProviderContract('route53 (real SDK, fake hosted zone)', async () => {
  const { fake, provider } = setup();
  return {
    provider,
    setFenceByHand: async (endpoint, text) => {
      fake.put({ name: `_dnsplane.${endpoint}`, type: 'TXT', ttl: 300, values: [`"${text}"`] });
    },
    // One Value per TXT record, in Route 53's syntax: `"gen=7 digest=…" " by=x"` for a split value.
    setFenceRaw: async (endpoint, raw) => {
      fake.put({ name: `_dnsplane.${endpoint}`, type: 'TXT', ttl: 300, values: raw.map(txtValue) });
    },
    close: async () => undefined,
  };
});

describe('Route 53 change batches', () => {
  const name = endpointName('api.example.test.');
  const address = (family: 'A' | 'AAAA', value: string, weight: number, lb: string) => ({ loadBalancer: loadBalancerId(lb), family, address: value, weight });

  it('DELETEs the fence exactly as read and CREATEs the new one (never UPSERT); replaces A and AAAA with one simple set each, top answersMax by weight', async () => {
    const { fake, provider } = setup();
    expect(await provider.applyFenced([write(name, null, 1, ['192.0.2.1', '192.0.2.2'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    const records: EndpointRecords = { ttlSeconds: 5, answersMax: 2, addresses: [
      address('A', '192.0.2.1', 10, 'lb-a'), address('A', '192.0.2.3', 1, 'lb-c'), address('A', '192.0.2.4', 7, 'lb-d'), address('AAAA', '2001:db8::1', 5, 'lb-b'),
    ] };
    await provider.readEndpoints([name]);
    expect(await provider.applyFenced([{ endpoint: name, expectedFence: rawOfFence(fenceAt(1)), newFence: fenceAt(2), records }])).toEqual({ ok: true, value: { kind: 'applied' } });
    const [first, second] = fake.changeRequests();
    expect(first!.map((c) => `${c.action} ${c.type}`)).toEqual(['CREATE TXT', 'CREATE A']);
    expect(second).toEqual([
      { action: 'DELETE', name: '_dnsplane.api.example.test.', type: 'TXT', values: [`"${formatFence(fenceAt(1))}"`] },
      { action: 'CREATE', name: '_dnsplane.api.example.test.', type: 'TXT', values: [`"${formatFence(fenceAt(2))}"`] },
      { action: 'DELETE', name: 'api.example.test.', type: 'A', values: ['192.0.2.1', '192.0.2.2'] },
      { action: 'CREATE', name: 'api.example.test.', type: 'A', values: ['192.0.2.1', '192.0.2.4'] },
      { action: 'CREATE', name: 'api.example.test.', type: 'AAAA', values: ['2001:db8::1'] },
    ]);
    const live = await provider.readEndpoints([name]);
    expect(live.ok && live.value[0]).toMatchObject({ ttlSeconds: 5, addresses: [{ family: 'A', address: '192.0.2.1' }, { family: 'A', address: '192.0.2.4' }, { family: 'AAAA', address: '2001:db8::1' }] });
    expect(live.ok && live.value[0]!.addresses.every((a) => a.weight === undefined)).toBe(true);
  });

  it('DELETEs address sets found at the name exactly as listed, weighted ones included, and serves one simple set after', async () => {
    const { fake, provider } = setup();
    fake.put({ name: `_dnsplane.${name}`, type: 'TXT', ttl: 60, values: [txtValue([formatFence(fenceAt(1))])] });
    fake.put({ name, type: 'A', setIdentifier: 'lb-0', weight: 200, ttl: 30, values: ['192.0.2.1'] });
    fake.put({ name, type: 'A', setIdentifier: 'lb-1', weight: 55, ttl: 30, values: ['192.0.2.2'] });
    await provider.readEndpoints([name]);
    expect(await provider.applyFenced([write(name, 1, 2, ['192.0.2.9'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(fake.changeRequests()[0]!.filter((c) => c.type === 'A')).toEqual([
      { action: 'DELETE', name, type: 'A', setIdentifier: 'lb-0', weight: 200, values: ['192.0.2.1'] },
      { action: 'DELETE', name, type: 'A', setIdentifier: 'lb-1', weight: 55, values: ['192.0.2.2'] },
      { action: 'CREATE', name, type: 'A', values: ['192.0.2.9'] },
    ]);
    expect([...fake.sets.values()].filter((set) => set.name === name)).toEqual([{ name, type: 'A', ttl: 5, values: ['192.0.2.9'] }]);
  });

  it('repeats the fence Value verbatim as listed: Route 53 compares text, and a re-rendering of the same strings would not match', async () => {
    const { fake, provider } = setup();
    // The same character-strings as our fence, spelt with an octal escape (\142 is "b").
    const listed = `"${formatFence(fenceAt(7)).replace('by=', '\\142y=')}"`;
    expect(listed).not.toBe(txtValue([formatFence(fenceAt(7))]));
    fake.put({ name: `_dnsplane.${name}`, type: 'TXT', ttl: 300, values: [listed] });
    const live = await provider.readEndpoints([name]);
    expect(live.ok && live.value[0]!.fence).toEqual(fenceAt(7));
    const read = live.ok ? live.value[0]!.fenceRaw : null;
    expect(read).toEqual(rawOfFence(fenceAt(7)));
    expect(await provider.applyFenced([{ endpoint: name, expectedFence: read, newFence: fenceAt(8), records: recordsOf(['192.0.2.8']) }])).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(fake.changeRequests()[0]![0]).toEqual({ action: 'DELETE', name: `_dnsplane.${name}`, type: 'TXT', values: [listed] });
  });

  it('a provider that has not read the fence itself renders the expected strings: a match applies, a split value that differs conflicts', async () => {
    const { fake, provider } = setup();
    fake.put({ name: `_dnsplane.${name}`, type: 'TXT', ttl: 60, values: [txtValue([formatFence(fenceAt(3))])] });
    expect(await provider.applyFenced([write(name, 3, 4, ['192.0.2.4'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    const split = [formatFence(fenceAt(4)).slice(0, 10), formatFence(fenceAt(4)).slice(10)];
    const fresh = setup();
    fresh.fake.put({ name: `_dnsplane.${name}`, type: 'TXT', ttl: 60, values: [txtValue(split)] });
    const conflict = await fresh.provider.applyFenced([write(name, 4, 5, ['192.0.2.5'])]);
    expect(conflict.ok && conflict.value.kind).toBe('conflict');
    expect(fake.sets.size).toBe(2);
  });

  it('writesPerTransactionMax is derived from the request limits: the worst write of each batch fits, so one applyFenced is one request', () => {
    // Per endpoint: the fence DELETE + CREATE (161 characters each at the longest: 16 digits, 64 hex,
    // a 63-character writer, quoted), then 8 A (15) and 8 AAAA (39) values DELETEd and CREATEd.
    expect(endpointWriteCostMax(8)).toEqual({ records: 2 + 4 * 8, valueCharacters: 2 * 161 + 2 * 8 * (15 + 39) });
    expect([1, 8, 64].map(writesPerTransactionMaxFor)).toEqual([74, 26, 3]);
    for (const perFamily of [1, 8, 64]) {
      const cost = endpointWriteCostMax(perFamily);
      const writes = writesPerTransactionMaxFor(perFamily);
      expect(cost.records * writes).toBeLessThanOrEqual(ROUTE53_LIMITS.recordsPerRequestMax);
      expect(cost.valueCharacters * writes).toBeLessThanOrEqual(ROUTE53_LIMITS.valueCharactersPerRequestMax);
      expect(Math.max(cost.records * (writes + 1) - ROUTE53_LIMITS.recordsPerRequestMax, cost.valueCharacters * (writes + 1) - ROUTE53_LIMITS.valueCharactersPerRequestMax)).toBeGreaterThan(0);
    }
    expect(setup().provider.writesPerTransactionMax).toBe(3);
    expect(setup({ answersPerFamilyMax: 8 }).provider.writesPerTransactionMax).toBe(26);
    expect(setup({ answersPerFamilyMax: 8, writesPerTransactionMax: 10 }).provider.writesPerTransactionMax).toBe(10);
    expect(setup({ answersPerFamilyMax: 8, writesPerTransactionMax: 100 }).provider.writesPerTransactionMax).toBe(26);
  });

  it('a full batch of worst-case writes (longest fences, answersMax of the longest addresses in both families) goes in exactly one ChangeResourceRecordSets', async () => {
    const { fake, provider } = setup({ answersPerFamilyMax: 8 });
    const names = Array.from({ length: provider.writesPerTransactionMax }, (_, i) => endpointName(`e${i}.example.test.`));
    const worst = (i: number): EndpointRecords => ({ ttlSeconds: 5, answersMax: 8, addresses: Array.from({ length: 8 }, (_, k) => [
      address('A', `255.255.${200 + k}.${100 + (i % 100)}`, 1, `lb-${k}`), address('AAAA', `ffff:ffff:ffff:ffff:ffff:ffff:ff${String(10 + k)}:${(0xf000 + i).toString(16)}`, 1, `lb-${k}`),
    ]).flat() });
    const longest = (g: number) => ({ ...fenceAt(g), digest: 'e'.repeat(64), by: 'w'.repeat(63) });
    const first = names.map((endpoint, i): FencedWrite => ({ endpoint, expectedFence: null, newFence: longest(1), records: worst(i) }));
    expect(await provider.applyFenced(first)).toEqual({ ok: true, value: { kind: 'applied' } });
    await provider.readEndpoints(names);
    const second = names.map((endpoint, i): FencedWrite => ({ endpoint, expectedFence: rawOfFence(longest(1)), newFence: longest(2), records: worst(i + 1) }));
    expect(await provider.applyFenced(second)).toEqual({ ok: true, value: { kind: 'applied' } });
    const requests = fake.changeRequests();
    expect(requests).toHaveLength(2);
    const cost = (batch: typeof requests[number]) => ({ records: batch.reduce((sum, c) => sum + c.values.length, 0), valueCharacters: batch.reduce((sum, c) => sum + c.values.join('').length, 0) });
    expect(cost(requests[1]!).records).toBe(endpointWriteCostMax(8).records * names.length);
    for (const batch of requests) {
      expect(cost(batch).records).toBeLessThanOrEqual(ROUTE53_LIMITS.recordsPerRequestMax);
      expect(cost(batch).valueCharacters).toBeLessThanOrEqual(ROUTE53_LIMITS.valueCharactersPerRequestMax);
    }
  });

  it('refuses, sending nothing, a batch over writesPerTransactionMax or over the request limits (live sets far larger than answersMax): never cut in two', async () => {
    const { fake, provider } = setup({ answersPerFamilyMax: 8 });
    const many = Array.from({ length: provider.writesPerTransactionMax + 1 }, (_, i) => write(endpointName(`e${i}.example.test.`), null, 1, ['192.0.2.1']));
    expect(await provider.applyFenced(many)).toMatchObject({ ok: false, code: 'too-large', retryable: false });
    const names = [endpointName('big-0.example.test.'), endpointName('big-1.example.test.')];
    for (const n of names) fake.put({ name: n, type: 'A', ttl: 60, values: Array.from({ length: 600 }, (_, k) => `10.0.${k >> 8}.${k & 255}`) });
    await provider.readEndpoints(names);
    const tooLarge = await provider.applyFenced(names.map((n) => write(n, null, 1, ['192.0.2.1'])));
    expect(tooLarge).toMatchObject({ ok: false, code: 'too-large', retryable: false });
    expect(!tooLarge.ok && tooLarge.message).toContain('nothing was sent');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(changeCost(endpointChanges(write(names[0]!, null, 1, ['192.0.2.1']), { fence: null, addressSets: [{ type: 'A', ttl: 60, values: ['192.0.2.1'] }] }))).toEqual({ records: 3, valueCharacters: txtValue([formatFence(fenceAt(1))]).length + 18 });
  });

  it('reads TXT values into their character-strings: quotes, escapes, octal, several strings', () => {
    expect(parseTxtValue('"gen=1 digest=00 by=a"')).toEqual(['gen=1 digest=00 by=a']);
    expect(parseTxtValue('"gen=1 " "digest=00 by=a"')).toEqual(['gen=1 ', 'digest=00 by=a']);
    expect(parseTxtValue('"say \\"hi\\"" "back\\\\slash"')).toEqual(['say "hi"', 'back\\slash']);
    expect(parseTxtValue('"\\142y=\\000"')).toEqual(['by=\u0000']);
    expect(parseTxtValue('unquoted')).toEqual(['unquoted']);
    for (const strings of [['plain'], ['a "quoted" \\ value', ' second'], ['\u0001\u00ff']]) expect(parseTxtValue(txtValue(strings))).toEqual(strings);
    expect(parseFence(parseTxtValue(txtValue([formatFence(fenceAt(3))])).join('')).ok).toBe(true);
  });
});

describe('Route 53 error handling through the SDK', () => {
  const name = endpointName('api.example.test.');
  const canned = (statusCode: number, body: string) => ({ statusCode, body });

  it('retries Throttling and PriorRequestNotComplete with jittered backoff, then applies', async () => {
    const { fake, provider, sleeps } = setup();
    fake.canned.push(canned(400, errorXml('Throttling', 'Rate exceeded')), canned(400, errorXml('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request.')));
    expect(await provider.applyFenced([write(name, null, 1, ['192.0.2.1'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up on endless throttling after requestAttemptsMax with a retryable failure', async () => {
    const { fake, provider } = setup({ requestAttemptsMax: 3 });
    for (let i = 0; i < 5; i++) fake.canned.push(canned(400, errorXml('Throttling', 'Rate exceeded')));
    const result = await provider.applyFenced([write(name, null, 1, ['192.0.2.1'])]);
    expect(result).toMatchObject({ ok: false, code: 'throttled', retryable: true });
    expect(fake.requests).toHaveLength(3);
  });

  for (const bare of [false, true]) it(`retries a 5xx, and maps InvalidChangeBatch from the fence to a conflict (${bare ? 'bare document' : 'ErrorResponse'})`, async () => {
    const { fake, provider } = setup();
    fake.bareInvalidChangeBatch = bare;
    fake.canned.push(canned(500, errorXml('InternalFailure', 'oops', 'Receiver')));
    expect(await provider.applyFenced([write(name, null, 1, ['192.0.2.1'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    const conflict = await provider.applyFenced([write(name, null, 2, ['192.0.2.2'])]);
    expect(conflict.ok && conflict.value.kind).toBe('conflict');
    expect(conflict.ok && conflict.value.kind === 'conflict' && conflict.value.detail).toContain('already exists');
  });

  const configCases: [string, number, string][] = [
    ['NoSuchHostedZone', 404, errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${ZONE_ID}`)],
    ['AccessDenied', 403, errorXml('AccessDenied', 'User is not authorized to perform: route53:ChangeResourceRecordSets')],
    ['InvalidInput', 400, errorXml('InvalidInput', 'Invalid request')],
    ['InvalidChangeBatch (not a race)', 400, invalidChangeBatchXml(['RRSet of type CNAME with DNS name api.example.test. is not permitted as it conflicts with other records'])],
  ];
  for (const [label, status, body] of configCases) {
    it(`${label} is a configuration error, not retried`, async () => {
      const { fake, provider } = setup();
      fake.canned.push(canned(status, body));
      const result = await provider.applyFenced([write(name, null, 1, ['192.0.2.1'])]);
      expect(result).toMatchObject({ ok: false, code: 'config', retryable: false });
      expect(!result.ok && result.message).toContain(ZONE_ID);
      expect(!result.ok && result.message).not.toContain('fake-secret-for-tests');
      expect(fake.requests).toHaveLength(1);
    });
  }

  it('waits for INSYNC when asked, and reports a change still PENDING at the deadline as retryable', async () => {
    const { fake, provider, sleeps } = setup({ waitForInsync: { timeoutMs: 1000, pollIntervalMs: 250 } });
    fake.pendingPolls = 2;
    expect(await provider.applyFenced([write(name, null, 1, ['192.0.2.1'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(fake.requests.filter((r) => r.path.includes('/change/'))).toHaveLength(3);
    expect(sleeps).toEqual([250, 250]);
    fake.pendingPolls = 100;
    const late = await provider.applyFenced([write(name, 1, 2, ['192.0.2.2'])]);
    expect(late).toMatchObject({ ok: false, code: 'timeout', retryable: true });
  });
});

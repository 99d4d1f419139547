/**
 * The Route 53 provider through the real SDK (middleware, signing, XML) against a fake hosted zone
 * and canned error responses. Never run against the live service (no network here).
 */
import { describe, expect, it } from 'vitest';
import { ROUTE53_LIMITS, route53Weight } from '../../../src/adapters/dns-route53/change-batch.js';
import { Route53Provider, createRoute53Client, parseTxtValue, type Route53ProviderOptions } from '../../../src/adapters/dns-route53/route53-provider.js';
import { formatFence, parseFence } from '../../../src/core/model/fence.js';
import { endpointName, loadBalancerId, providerId, type EndpointName } from '../../../src/core/model/ids.js';
import type { FencedWrite } from '../../../src/core/ports/dns-provider.js';
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
  return { endpoint, expectedFence: expected === null ? null : fenceAt(expected), newFence: fenceAt(next), records: recordsOf(ipv4) };
}

describeDnsProviderContract('route53 (real SDK, fake hosted zone)', async () => {
  const { fake, provider } = setup();
  return {
    provider,
    setFenceByHand: async (endpoint, text) => {
      fake.put({ name: `_dnsplane.${endpoint}`, type: 'TXT', ttl: 300, values: [`"${text}"`] });
    },
    close: async () => undefined,
  };
});

describe('Route 53 change batches', () => {
  const name = endpointName('api.example.test.');

  it('DELETEs the fence with its exact value and CREATEs the new one (never UPSERT), weighted sets with SetIdentifier and Weight', async () => {
    const { fake, provider } = setup();
    expect(await provider.applyFenced([write(name, null, 1, ['192.0.2.1', '192.0.2.2'])])).toEqual({ ok: true, value: { kind: 'applied' } });
    const records = { ttlSeconds: 5, answersMax: 8, addresses: [
      { loadBalancer: loadBalancerId('lb-a'), family: 'A' as const, address: '192.0.2.1', weight: 10 },
      { loadBalancer: loadBalancerId('lb-b'), family: 'AAAA' as const, address: '2001:db8::1', weight: 5 },
    ] };
    await provider.readEndpoints([name]);
    expect(await provider.applyFenced([{ endpoint: name, expectedFence: fenceAt(1), newFence: fenceAt(2), records }])).toEqual({ ok: true, value: { kind: 'applied' } });
    const [first, second] = fake.changeRequests();
    expect(first!.map((c) => `${c.action} ${c.type}`)).toEqual(['CREATE TXT', 'UPSERT A', 'UPSERT A']);
    expect(second).toEqual([
      { action: 'DELETE', name: '_dnsplane.api.example.test.', type: 'TXT', values: [`"${formatFence(fenceAt(1))}"`] },
      { action: 'CREATE', name: '_dnsplane.api.example.test.', type: 'TXT', values: [`"${formatFence(fenceAt(2))}"`] },
      { action: 'DELETE', name: 'api.example.test.', type: 'A', setIdentifier: 'lb-0', weight: 255, values: ['192.0.2.1'] },
      { action: 'DELETE', name: 'api.example.test.', type: 'A', setIdentifier: 'lb-1', weight: 255, values: ['192.0.2.2'] },
      { action: 'UPSERT', name: 'api.example.test.', type: 'A', setIdentifier: 'lb-a', weight: 255, values: ['192.0.2.1'] },
      { action: 'UPSERT', name: 'api.example.test.', type: 'AAAA', setIdentifier: 'lb-b', weight: 128, values: ['2001:db8::1'] },
    ].map((c) => expect.objectContaining(c)));
    const live = await provider.readEndpoints([name]);
    expect(live.ok && live.value[0]!.addresses).toEqual(expect.arrayContaining([{ family: 'A', address: '192.0.2.1' }, { family: 'AAAA', address: '2001:db8::1' }]));
    expect(live.ok && live.value[0]!.addresses).toHaveLength(2);
  });

  it('scales weights into 1..255', () => {
    expect([route53Weight(1, 1), route53Weight(1, 1000), route53Weight(500, 1000), route53Weight(1000, 1000)]).toEqual([255, 1, 128, 255]);
  });

  it('splits a large batch at whole endpoints under 1,000 records and 32,000 characters', async () => {
    const { fake, provider } = setup({ writesPerTransactionMax: 400 });
    const names = Array.from({ length: 400 }, (_, i) => endpointName(`e${i}.example.test.`));
    const ips = (i: number) => [0, 1, 2, 3].map((k) => `10.${k}.${i >> 8}.${i & 255}`);
    expect(await provider.applyFenced(names.map((n, i) => write(n, null, 1, ips(i))))).toEqual({ ok: true, value: { kind: 'applied' } });
    const batches = fake.changeRequests();
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const records = batch.reduce((sum, c) => sum + c.values.length * (c.action === 'UPSERT' ? 2 : 1), 0);
      const characters = batch.reduce((sum, c) => sum + c.values.join('').length * (c.action === 'UPSERT' ? 2 : 1), 0);
      expect(records).toBeLessThanOrEqual(ROUTE53_LIMITS.recordsPerBatchMax);
      expect(characters).toBeLessThanOrEqual(ROUTE53_LIMITS.valueCharactersPerBatchMax);
      // An endpoint's fence and its records always travel together.
      const fenceNames = batch.filter((c) => c.type === 'TXT').map((c) => c.name.replace('_dnsplane.', ''));
      expect(new Set(batch.filter((c) => c.type === 'A').map((c) => c.name))).toEqual(new Set(fenceNames));
    }
    const live = await provider.readEndpoints(names);
    expect(live.ok && live.value.every((e) => e.fence?.generation === 1 && e.addresses.length === 4)).toBe(true);
  });

  it('reads TXT values with quotes, escapes and several strings', () => {
    expect(parseTxtValue('"gen=1 digest=00 by=a"')).toBe('gen=1 digest=00 by=a');
    expect(parseTxtValue('"gen=1 " "digest=00 by=a"')).toBe('gen=1 digest=00 by=a');
    expect(parseTxtValue('"say \\"hi\\""')).toBe('say "hi"');
    expect(parseFence(parseTxtValue(`"${formatFence(fenceAt(3))}"`)).ok).toBe(true);
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

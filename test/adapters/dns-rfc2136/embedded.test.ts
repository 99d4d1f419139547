/** The RFC 2136 provider against our own embedded server, over the wire (port 0, temp data dir). */
import { afterAll, beforeAll, describe } from 'vitest';
import { describeDnsProviderContract } from '../../contract/dns-provider.contract.js';
import { startTestServer, tempDir, TSIG_SECRET } from '../../dns-server/helpers.js';
import { contractHarness, type ServerUnderTest } from './harness.js';
import { describeEnactorCases } from './enactor-cases.js';
import type { EmbeddedDns } from '../../../src/dns-server/server.js';

describe('RFC 2136 provider against the embedded server', () => {
  let dns: EmbeddedDns | null = null;
  const dir = tempDir('dnsplane-rfc2136-embedded-');
  const sut = (): ServerUnderTest => {
    if (dns === null) throw new Error('embedded server not started');
    return { label: 'embedded', host: '127.0.0.1', port: dns.port, zone: 'example.test.', tsig: { name: 'dnsplane-key', algorithm: 'hmac-sha256', secretBase64: TSIG_SECRET } };
  };
  beforeAll(async () => {
    dns = await startTestServer({ dataDir: dir.path });
  });
  afterAll(async () => {
    await dns?.close();
    dir.remove();
  });

  describeDnsProviderContract('rfc2136 embedded', contractHarness(sut));
  describeEnactorCases('embedded', sut);
});

/** hmac-sha512 and hmac-sha1 (older setups) sign updates and transfers that real servers accept, and verify their answers. */
import { describe, expect, it } from 'vitest';
import { endpointName } from '../../../src/core/model/ids.js';
import { fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';
import { realDnsServersAvailable, startDnsServer, type DnsServerKind } from '../../support/dns-servers.js';
import { digAddresses, providerFor } from './harness.js';

const cases: [DnsServerKind, 'hmac-sha512' | 'hmac-sha1'][] = [['bind', 'hmac-sha512'], ['bind', 'hmac-sha1'], ['knot', 'hmac-sha512'], ['knot', 'hmac-sha1']];

describe.runIf(realDnsServersAvailable(['bind', 'knot']))('TSIG algorithms', () => {
  for (const [kind, algorithm] of cases) {
    it(`${algorithm} on ${kind}: a fenced write, a TSIG-verified AXFR read, dig sees it`, async () => {
      const server = await startDnsServer(kind, { algorithm });
      try {
        const sut = { label: kind, host: server.host, port: server.port, zone: server.zone, tsig: server.tsig };
        const provider = providerFor(sut, { reads: 'axfr' });
        const name = endpointName(`alg.${server.zone}`);
        expect(await provider.applyFenced([{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.51']) }])).toEqual({ ok: true, value: { kind: 'applied' } });
        const live = await provider.readEndpoints([name]);
        expect(live.ok && live.value[0]!.fence).toEqual(fenceAt(1));
        provider.close();
        expect(await digAddresses(sut, name, 'A')).toEqual(['192.0.2.51']);
      } finally {
        await server.close();
      }
    });
  }
});

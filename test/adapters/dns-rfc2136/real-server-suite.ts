/**
 * Everything the RFC 2136 provider must do against one real server: the DnsProvider contract,
 * then the cases issue 4 adds (Enactors racing, stale writer, a hand-set higher fence, wrong TSIG
 * key, a restart mid-apply), with the server's answers checked by `dig`.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { describeDnsProviderContract } from '../../contract/dns-provider.contract.js';
import { realDnsServersAvailable, startDnsServer, type DnsServerKind, type RealDnsServer } from '../../support/dns-servers.js';
import { contractHarness, type ServerUnderTest } from './harness.js';
import { describeBulkCases, describeEnactorCases } from './enactor-cases.js';

export function describeRealServer(kind: DnsServerKind): void {
  describe.runIf(realDnsServersAvailable([kind]))(`RFC 2136 provider against ${kind}`, () => {
    let real: RealDnsServer | null = null;
    const sut = (): ServerUnderTest => {
      if (real === null) throw new Error(`${kind} is not running`);
      return { label: kind, host: real.host, port: real.port, zone: real.zone, tsig: real.tsig, real };
    };
    beforeAll(async () => {
      real = await startDnsServer(kind);
    });
    afterAll(async () => {
      await real?.close();
    });

    describeDnsProviderContract(`rfc2136 ${kind}`, contractHarness(sut));
    describeEnactorCases(kind, sut);
    describeBulkCases(kind, sut);
  });
}

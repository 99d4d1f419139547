/**
 * The DnsProvider contract against the embedded server, with answers read over a real UDP
 * socket ("DnsProvider (embedded over the wire)"), plus what is specific to it: journaling,
 * weights and answersMax reaching the wire, one serial bump per batch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { endpointName, providerId } from '../../../src/core/model/ids.js';
import { EmbeddedDnsProvider } from '../../../src/adapters/dns-embedded/embedded-dns-provider.js';
import { RRType } from '../../../src/dns-wire/index.js';
import { describeDnsProviderContract, fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';
import { queryAddresses, startTestServer, tempDir, txt } from '../../dns-server/helpers.js';
import type { EmbeddedDns } from '../../../src/dns-server/server.js';

describeDnsProviderContract('embedded over the wire', async () => {
  const dir = tempDir('dnsplane-provider-');
  const dns = await startTestServer({ dataDir: dir.path });
  return {
    provider: new EmbeddedDnsProvider(providerId('embedded'), dns.zone),
    zone: 'example.test.',
    queryAddresses: (name, family) => queryAddresses(dns.port, name, family),
    setFenceByHand: async (endpoint, text) => {
      const outcome = dns.zone.transact(() => ({ changes: [{ name: `_dnsplane.${endpoint}`, type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 5, rdatas: [txt(text)] } }], result: null }));
      if (!outcome.ok) throw new Error(outcome.reason);
    },
    setFenceRaw: async (endpoint, raw) => {
      const rdatas = raw.map((strings) => ({ kind: 'TXT' as const, strings }));
      const outcome = dns.zone.transact(() => ({ changes: [{ name: `_dnsplane.${endpoint}`, type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 5, rdatas } }], result: null }));
      if (!outcome.ok) throw new Error(outcome.reason);
    },
    close: async () => {
      await dns.close();
      dir.remove();
    },
  };
});

describe('EmbeddedDnsProvider specifics', () => {
  let dns: EmbeddedDns | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await dns?.close();
    dir?.remove();
  });

  it('hands every reader of an unchanged name the same LiveEndpoint, and a new one after a write; one address, one record', async () => {
    dir = tempDir('dnsplane-provider-');
    dns = await startTestServer({ dataDir: dir.path });
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const names = ['a.example.test.', 'b.example.test.'].map(endpointName);
    await provider.applyFenced(names.map((endpoint) => ({ endpoint, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1'], []) })));
    const first = await provider.readEndpoints(names);
    const second = await provider.readEndpoints(names);
    if (!first.ok || !second.ok) throw new Error('read failed');
    expect(second.value[0]).toBe(first.value[0]);
    expect(second.value[1]).toBe(first.value[1]);
    // Two names serving one address share its record.
    expect(first.value[1]!.addresses[0]).toBe(first.value[0]!.addresses[0]);
    await provider.applyFenced([{ endpoint: names[0]!, expectedFence: first.value[0]!.fenceRaw, newFence: fenceAt(2), records: recordsOf(['192.0.2.9'], []) }]);
    const third = await provider.readEndpoints(names);
    if (!third.ok) throw new Error('read failed');
    expect(third.value[0]).not.toBe(first.value[0]);
    expect(third.value[0]!.fence?.generation).toBe(2);
    expect(third.value[0]!.addresses.map((a) => a.address)).toEqual(['192.0.2.9']);
    expect(third.value[1]).toBe(first.value[1]);
  });

  it('keeps the served content (its address list) of a name whose fence alone moved, with the new fence', async () => {
    dir = tempDir('dnsplane-provider-');
    dns = await startTestServer({ dataDir: dir.path });
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const name = endpointName('a.example.test.');
    await provider.applyFenced([{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1', '192.0.2.2'], ['2001:db8::1']) }]);
    const before = await provider.readEndpoints([name]);
    if (!before.ok) throw new Error('read failed');
    await provider.applyFenced([{ endpoint: name, expectedFence: before.value[0]!.fenceRaw, newFence: fenceAt(2), records: recordsOf(['192.0.2.1', '192.0.2.2'], ['2001:db8::1']) }]);
    const after = await provider.readEndpoints([name]);
    if (!after.ok) throw new Error('read failed');
    const [was, now] = [before.value[0]!, after.value[0]!];
    expect(now).not.toBe(was);
    expect(now.fence?.generation).toBe(2);
    expect(now.fenceRaw).not.toEqual(was.fenceRaw);
    // The comparisons with the plan are remembered by this list: it must be the same object.
    expect(now.addresses).toBe(was.addresses);
    expect({ ...now, fenceRaw: null, fence: null }).toEqual({ ...was, fenceRaw: null, fence: null });
    // Read afresh by a provider with no memory of the name: the same content.
    const fresh = await new EmbeddedDnsProvider(providerId('other'), dns.zone).readEndpoints([name]);
    expect(fresh.ok && fresh.value[0]).toEqual(now);
  });

  it('reads a name no commit touched without looking it up, and sees every commit that touched it, hand edits and other spellings included', async () => {
    dir = tempDir('dnsplane-provider-');
    dns = await startTestServer({ dataDir: dir.path });
    const zone = dns.zone;
    const provider = new EmbeddedDnsProvider(providerId('embedded'), zone);
    const names = ['a.example.test.', 'b.example.test.', 'C.Example.Test.', 'c.example.test.'].map(endpointName);
    await provider.applyFenced(names.slice(0, 3).map((endpoint) => ({ endpoint, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1'], []) })));
    const first = await provider.readEndpoints(names);
    if (!first.ok) throw new Error('read failed');
    let lookups = 0;
    const rrset = zone.zone.rrset.bind(zone.zone);
    zone.zone.rrset = (name, type) => {
      lookups++;
      return rrset(name, type);
    };
    const again = await provider.readEndpoints(names);
    expect(again.ok && again.value).toEqual(first.value);
    expect(lookups).toBe(0);
    // A hand edit of b's fence alone (an operator's UPDATE: no fence check), and of c's addresses
    // through the other spelling: both names it was read under see it.
    const edited = zone.transact(() => ({
      changes: [
        { name: '_dnsplane.b.example.test.', type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 5, rdatas: [txt('gen=9 digest=00 by=hand')] } },
        { name: 'c.example.test.', type: RRType.A, rrset: null },
      ],
      result: null,
    }));
    expect(edited.ok).toBe(true);
    const after = await provider.readEndpoints(names);
    if (!after.ok) throw new Error('read failed');
    expect(after.value[0]).toBe(first.value[0]);
    expect(after.value[1]!.fenceRaw).toEqual([['gen=9 digest=00 by=hand']]);
    expect(after.value[1]!.addresses).toBe(first.value[1]!.addresses);
    expect(after.value[2]!.addresses).toEqual([]);
    expect(after.value[3]!.addresses).toEqual([]);
    expect(lookups).toBeGreaterThan(0);
    const fresh = await new EmbeddedDnsProvider(providerId('other'), zone).readEndpoints(names);
    expect(fresh.ok && fresh.value).toEqual(after.value);
  });

  it('lets go of the zone on close (a reload builds new providers on the same zone), and still reads correctly after', async () => {
    dir = tempDir('dnsplane-provider-');
    dns = await startTestServer({ dataDir: dir.path });
    const zone = dns.zone;
    let listening = 0;
    const onCommit = zone.onCommit.bind(zone);
    zone.onCommit = (listener) => {
      listening++;
      const unsubscribe = onCommit(listener);
      return () => {
        listening--;
        unsubscribe();
      };
    };
    const provider = new EmbeddedDnsProvider(providerId('embedded'), zone);
    expect(listening).toBe(1);
    const name = endpointName('a.example.test.');
    await provider.applyFenced([{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1'], []) }]);
    expect((await provider.readEndpoints([name])).ok).toBe(true);
    provider.close();
    expect(listening).toBe(0);
    zone.transact(() => ({ changes: [{ name: 'a.example.test.', type: RRType.A, rrset: null }], result: null }));
    const after = await provider.readEndpoints([name]);
    expect(after.ok && after.value[0]!.addresses).toEqual([]);
  });

  it('bumps the serial once per batch, and survives a restart on the same data dir', async () => {
    dir = tempDir('dnsplane-provider-');
    dns = await startTestServer({ dataDir: dir.path });
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const before = dns.zone.serial;
    const names = ['a.example.test.', 'b.example.test.', 'c.example.test.'].map(endpointName);
    const result = await provider.applyFenced(names.map((endpoint) => ({ endpoint, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1'], ['2001:db8::1']) })));
    expect(result).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(dns.zone.serial).toBe(before + 1);
    await dns.close();
    dns = await startTestServer({ dataDir: dir.path });
    const live = await new EmbeddedDnsProvider(providerId('embedded'), dns.zone).readEndpoints(names);
    expect(live.ok && live.value.map((e) => e.fence?.generation)).toEqual([1, 1, 1]);
    expect(await queryAddresses(dns.port, 'b.example.test.', 'AAAA')).toEqual(['2001:db8::1']);
  });

  it('refuses a batch larger than writesPerTransactionMax and a name outside the zone', async () => {
    dns = await startTestServer();
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone, 2);
    const write = (name: string) => ({ endpoint: endpointName(name), expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1']) });
    const tooLarge = await provider.applyFenced([write('a.example.test.'), write('b.example.test.'), write('c.example.test.')]);
    expect(tooLarge.ok === false && tooLarge.code).toBe('too-large');
    const outside = await provider.applyFenced([write('api.example.org.')]);
    expect(outside.ok === false && outside.code).toBe('config');
  });

  it('serves at most answersMax addresses per answer from a larger weighted set', async () => {
    dns = await startTestServer();
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const addresses = Array.from({ length: 12 }, (_, i) => `192.0.2.${i + 1}`);
    const records = { ...recordsOf(addresses), answersMax: 3 };
    await provider.applyFenced([{ endpoint: endpointName('wide.example.test.'), expectedFence: null, newFence: fenceAt(1), records }]);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const answer = await queryAddresses(dns.port, 'wide.example.test.', 'A');
      expect(answer.length).toBe(3);
      expect(new Set(answer).size).toBe(3);
      for (const address of answer) seen.add(address);
    }
    expect(seen.size).toBeGreaterThan(3);
    const live = await provider.readEndpoints([endpointName('wide.example.test.')]);
    expect(live.ok && live.value[0]!.addresses.length).toBe(12);
  });
});

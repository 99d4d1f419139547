import { rawOfFence } from '../../src/core/model/fence.js';
/**
 * Multi-process serving: worker processes answer from replicas; writes (provider, UPDATE sent to
 * any worker) go to the primary and are visible on every worker once acknowledged.
 */
import cluster, { type Worker } from 'node:cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDnsProvider } from '../../src/adapters/dns-embedded/embedded-dns-provider.js';
import { endpointName, providerId } from '../../src/core/model/ids.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { fenceAt, recordsOf } from '../contract/dns-provider.contract.js';
import { TSIG_SECRET, dig, queryAddresses, runWithInput, startTestServer, tempDir } from './helpers.js';

describe('embedded server with worker processes', () => {
  let dns: EmbeddedDns;
  let started = false;
  const dir = tempDir('dnsplane-workers-');
  beforeAll(async () => {
    dns = await startTestServer({ workers: 2, dataDir: dir.path });
    started = true;
  }, 60_000);
  afterAll(async () => {
    try {
      if (started) await dns.close();
    } finally {
      dir.remove();
    }
  });

  it('answers from the replicas, over UDP and TCP', async () => {
    expect(await queryAddresses(dns.port, 'ns1.example.test.', 'A')).toEqual(['127.0.0.1']);
    expect(await dig(dns.port, ['+tcp', 'example.test', 'SOA', '+short'])).toContain('hostmaster.example.test.');
  });

  it('makes a provider write visible on every worker before it returns', async () => {
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    for (let g = 1; g <= 10; g++) {
      const expected = g === 1 ? null : fenceAt(g - 1);
      const result = await provider.applyFenced([{ endpoint: endpointName('api.example.test.'), expectedFence: expected === null ? null : rawOfFence(expected), newFence: fenceAt(g), records: recordsOf([`192.0.2.${g}`]) }]);
      expect(result).toEqual({ ok: true, value: { kind: 'applied' } });
      // Several queries from fresh sockets land on different workers: all must see generation g.
      for (let i = 0; i < 6; i++) expect(await queryAddresses(dns.port, 'api.example.test.', 'A')).toEqual([`192.0.2.${g}`]);
    }
  });

  it('forwards a signed UPDATE received by a worker to the primary', async () => {
    const key = `hmac-sha256:dnsplane-key:${TSIG_SECRET}`;
    const result = await runWithInput('nsupdate', ['-y', key, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\nupdate add fwd.example.test. 60 A 192.0.2.99\nsend\n`);
    expect(result.code, result.stderr).toBe(0);
    for (let i = 0; i < 6; i++) expect(await queryAddresses(dns.port, 'fwd.example.test.', 'A')).toEqual(['192.0.2.99']);
    const unsigned = await runWithInput('nsupdate', ['-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\nupdate add evil.example.test. 60 A 6.6.6.6\nsend\n`);
    expect(unsigned.stdout + unsigned.stderr).toContain('REFUSED');
  });

  it('replaces a worker that dies, and answers meanwhile', async () => {
    const alive = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    expect(alive().length).toBe(2);
    const victim = alive()[0]!;
    const exited = new Promise<void>((resolve) => victim.once('exit', () => resolve()));
    victim.process.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 6; i++) expect(await queryAddresses(dns.port, 'fwd.example.test.', 'A')).toEqual(['192.0.2.99']);
    for (let i = 0; i < 100 && alive().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive().length).toBe(2);
    // The replacement starts from a current snapshot and takes part in replication.
    const provider = new EmbeddedDnsProvider(providerId('embedded'), dns.zone);
    const live = await provider.readEndpoints([endpointName('api.example.test.')]);
    const fence = live.ok ? live.value[0]!.fence : null;
    await provider.applyFenced([{ endpoint: endpointName('api.example.test.'), expectedFence: fence === null ? null : rawOfFence(fence), newFence: fenceAt(11), records: recordsOf(['192.0.2.111']) }]);
    for (let i = 0; i < 6; i++) expect(await queryAddresses(dns.port, 'api.example.test.', 'A')).toEqual(['192.0.2.111']);
  });
});

/**
 * Per-rcode query counts reach GET /metrics of the real `dnsplane up` process: dig asks for a
 * served name (NOERROR), a missing one (NXDOMAIN) and a name outside the zone (REFUSED), over UDP
 * and TCP, answered by the worker processes; the scrape shows `dnsplane_dns_queries_total{rcode}`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsplaneProcess, type RuntimeEndpoints } from '../support/dnsplane-process.js';
import { dig, tempDir } from './helpers.js';

function counterValue(metrics: string, name: string, labels: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('dnsplane_dns_queries_total on /metrics (dig, real process, workers)', () => {
  const dir = tempDir('dnsplane-query-metrics-');
  let proc: DnsplaneProcess;
  let endpoints: RuntimeEndpoints;

  beforeAll(async () => {
    const config = join(dir.path, 'dnsplane.yaml');
    writeFileSync(config, [
      'zone: example.test.',
      'region: test-1',
      'loadBalancers:',
      '  - { id: lb-1, az: a, ipv4: 192.0.2.11, capacity: 100 }',
      'endpoints:',
      '  - name: api.example.test.',
      '    select: {}',
      'enactors: [a]',
      'dns: { listen: "127.0.0.1:0", workers: 2 }',
      'http: { listen: "127.0.0.1:0" }',
    ].join('\n'));
    ({ process: proc, endpoints } = await DnsplaneProcess.upWithConfig(join(dir.path, 'data'), config));
  }, 60_000);
  afterAll(async () => {
    proc.kill('SIGTERM');
    await proc.exited;
    dir.remove();
  }, 30_000);

  async function scrape(): Promise<string> {
    const token = endpoints.apiTokenFile === undefined ? null : readFileSync(endpoints.apiTokenFile, 'utf8').trim();
    const response = await fetch(`http://${endpoints.http.host}:${endpoints.http.port}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('counts NOERROR, NXDOMAIN and REFUSED answers by rcode', async () => {
    const port = endpoints.dns.port;
    const before = await scrape();
    const asked = { NOERROR: 0, NXDOMAIN: 0, REFUSED: 0 };
    for (let i = 0; i < 3; i++) {
      expect(await dig(port, ['example.test.', 'SOA'])).toMatch(/status: NOERROR/); asked.NOERROR++;
      expect(await dig(port, ['+tcp', 'example.test.', 'NS'])).toMatch(/status: NOERROR/); asked.NOERROR++;
      expect(await dig(port, [`missing-${i}.example.test.`, 'A'])).toMatch(/status: NXDOMAIN/); asked.NXDOMAIN++;
      expect(await dig(port, ['www.example.org.', 'A'])).toMatch(/status: REFUSED/); asked.REFUSED++;
    }
    // Workers report their counts every second.
    let after = await scrape();
    for (let i = 0; i < 30 && counterValue(after, 'dnsplane_dns_queries_total', 'rcode="REFUSED"') < asked.REFUSED; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await scrape();
    }
    for (const [rcode, count] of Object.entries(asked)) {
      const delta = counterValue(after, 'dnsplane_dns_queries_total', `rcode="${rcode}"`) - counterValue(before, 'dnsplane_dns_queries_total', `rcode="${rcode}"`);
      // At least what dig asked (the Enactor's and the health checker's own reads may add NOERRORs).
      if (rcode === 'NOERROR') expect(delta, rcode).toBeGreaterThanOrEqual(count);
      else expect(delta, rcode).toBe(count);
    }
    expect(after).toMatch(/# TYPE dnsplane_dns_rate_limited_total counter/);
    expect(after).toMatch(/dnsplane_dns_updates_refused_total 0/);
  }, 60_000);
});

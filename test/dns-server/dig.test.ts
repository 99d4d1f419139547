/** The embedded server queried by dig (BIND's client), an independent implementation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RRType } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { a, aaaa, dig, put, queryAddresses, startTestServer, txt } from './helpers.js';

describe('embedded DNS server answering dig', () => {
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer();
    put(dns, 'www.example.test.', RRType.A, 300, [a('192.0.2.1')]);
    put(dns, 'www.example.test.', RRType.AAAA, 300, [aaaa('2001:db8::1')]);
    put(dns, '_dnsplane.api.example.test.', RRType.TXT, 5, [txt('gen=3 digest=00000000000abc03 by=use1-az1')]);
    put(dns, 'deep.below.empty.example.test.', RRType.A, 60, [a('192.0.2.9')]);
    put(dns, 'big.example.test.', RRType.TXT, 60, Array.from({ length: 10 }, (_, i) => txt(`${i}-${'x'.repeat(90)}`)));
  });
  afterAll(async () => {
    await dns.close();
  });

  const cases: { name: string; args: string[]; status: string; aa: boolean; answer: RegExp | null; authoritySoa: boolean }[] = [
    { name: 'A', args: ['www.example.test', 'A'], status: 'NOERROR', aa: true, answer: /www\.example\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.1/, authoritySoa: false },
    { name: 'AAAA', args: ['www.example.test', 'AAAA'], status: 'NOERROR', aa: true, answer: /IN\s+AAAA\s+2001:db8::1/, authoritySoa: false },
    { name: 'fence TXT', args: ['_dnsplane.api.example.test', 'TXT'], status: 'NOERROR', aa: true, answer: /IN\s+TXT\s+"gen=3 digest=00000000000abc03 by=use1-az1"/, authoritySoa: false },
    { name: 'SOA', args: ['example.test', 'SOA'], status: 'NOERROR', aa: true, answer: /IN\s+SOA\s+ns1\.example\.test\. hostmaster\.example\.test\. \d+ 3600 600 86400 60/, authoritySoa: false },
    { name: 'NS', args: ['example.test', 'NS'], status: 'NOERROR', aa: true, answer: /IN\s+NS\s+ns1\.example\.test\./, authoritySoa: false },
    { name: 'case-insensitive name', args: ['WWW.Example.TEST', 'A'], status: 'NOERROR', aa: true, answer: /192\.0\.2\.1/, authoritySoa: false },
    { name: 'NXDOMAIN for a missing name', args: ['missing.example.test', 'A'], status: 'NXDOMAIN', aa: true, answer: null, authoritySoa: true },
    { name: 'empty NOERROR: name exists with other types', args: ['www.example.test', 'TXT'], status: 'NOERROR', aa: true, answer: null, authoritySoa: true },
    { name: 'empty NOERROR: empty non-terminal', args: ['below.empty.example.test', 'A'], status: 'NOERROR', aa: true, answer: null, authoritySoa: true },
    { name: 'REFUSED outside the zone', args: ['example.org', 'A'], status: 'REFUSED', aa: false, answer: null, authoritySoa: false },
    { name: 'ANY', args: ['www.example.test', 'ANY'], status: 'NOERROR', aa: true, answer: /IN\s+AAAA\s+2001:db8::1/, authoritySoa: false },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const out = await dig(dns.port, [...testCase.args, '+norec']);
      expect(out).toContain(`status: ${testCase.status}`);
      const flags = /;; flags: ([a-z ]+);/.exec(out)?.[1] ?? '';
      expect(flags.split(' ').includes('aa')).toBe(testCase.aa);
      const answerSection = /;; ANSWER SECTION:\n([\s\S]*?)\n\n/.exec(out)?.[1] ?? '';
      if (testCase.answer === null) expect(answerSection).toBe('');
      else expect(answerSection).toMatch(testCase.answer);
      const authority = /;; AUTHORITY SECTION:\n([\s\S]*?)\n\n/.exec(out)?.[1] ?? '';
      expect(/IN\s+SOA/.test(authority)).toBe(testCase.authoritySoa);
    });
  }

  it('echoes EDNS and answers a large RRset in one UDP packet when the client allows it', async () => {
    const out = await dig(dns.port, ['big.example.test', 'TXT', '+norec', '+bufsize=1232', '+ignore']);
    expect(out).toContain('; EDNS: version: 0');
    expect(out).not.toMatch(/flags:[^;]* tc/);
    expect(out.match(/IN\s+TXT\s+"/g)?.length).toBe(10);
  });

  it('respects a smaller advertised EDNS size: TC when the answer exceeds it', async () => {
    const out = await dig(dns.port, ['big.example.test', 'TXT', '+norec', '+bufsize=600', '+ignore']);
    expect(out).toMatch(/flags:[^;]* tc/);
    expect(out).toContain('; EDNS: version: 0');
  });

  it('never serves a cached answer after the zone changed', async () => {
    put(dns, 'cached.example.test.', RRType.A, 60, [a('192.0.2.61')]);
    // Identical request bytes apart from the id: the second and third come from the answer cache.
    for (let i = 0; i < 3; i++) expect(await queryAddresses(dns.port, 'cached.example.test.', 'A')).toEqual(['192.0.2.61']);
    expect(dns.processor.cachedAnswers).toBeGreaterThan(0);
    put(dns, 'cached.example.test.', RRType.A, 60, [a('192.0.2.62')]);
    expect(await queryAddresses(dns.port, 'cached.example.test.', 'A')).toEqual(['192.0.2.62']);
  });

  it('sets TC over UDP without EDNS when the answer exceeds 512 bytes', async () => {
    const out = await dig(dns.port, ['big.example.test', 'TXT', '+norec', '+noedns', '+ignore']);
    expect(out).toMatch(/flags:[^;]* tc/);
    expect(out).not.toMatch(/IN\s+TXT\s+"/);
  });

  it('falls back to TCP after TC and gets the whole RRset', async () => {
    const out = await dig(dns.port, ['big.example.test', 'TXT', '+norec', '+noedns']);
    expect(out).toContain('Truncated, retrying in TCP mode');
    expect(out.match(/IN\s+TXT\s+"/g)?.length).toBe(10);
    expect(out).toMatch(/\(TCP\)/);
  });

  it('answers several queries on one TCP connection', async () => {
    const out = await dig(dns.port, ['+tcp', '+keepopen', 'www.example.test', 'A', 'www.example.test', 'AAAA', '_dnsplane.api.example.test', 'TXT']);
    expect(out.match(/status: NOERROR/g)?.length).toBe(3);
    expect(out).toContain('192.0.2.1');
    expect(out).toContain('2001:db8::1');
    expect(out).toContain('gen=3');
  });

  it('answers BADVERS to EDNS version 1', async () => {
    const out = await dig(dns.port, ['www.example.test', 'A', '+edns=1', '+noednsneg']);
    expect(out).toContain('status: BADVERS');
  });

  it('bumps the SOA serial on every change', async () => {
    const serialOf = async (): Promise<number> => Number((await dig(dns.port, ['example.test', 'SOA', '+short'])).trim().split(/\s+/)[2]);
    const before = await serialOf();
    put(dns, 'serial-probe.example.test.', RRType.A, 60, [a('192.0.2.77')]);
    expect(await serialOf()).toBe(before + 1);
    expect(await dig(dns.port, ['serial-probe.example.test', 'A', '+short'])).toContain('192.0.2.77');
  });
});

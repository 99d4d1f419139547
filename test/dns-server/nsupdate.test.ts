/**
 * Issue 2, acceptance 3: nsupdate (BIND's RFC 2136 client) drives the embedded server with TSIG.
 * The scripts are those of ../shared/recipes/rfc2136-cas-check.sh, which BIND, Knot and PowerDNS pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { TSIG_SECRET, dig, runWithInput, startTestServer } from './helpers.js';

const KEY = `hmac-sha256:dnsplane-key:${TSIG_SECRET}`;

describe('RFC 2136 UPDATE with nsupdate and TSIG', () => {
  let dns: EmbeddedDns;
  const rejected: string[] = [];
  beforeAll(async () => {
    dns = await startTestServer({ onUpdate: (result) => rejected.push(result.detail) });
  });
  afterAll(async () => {
    await dns.close();
  });

  const nsupdate = (script: string, key: string | null = KEY) =>
    runWithInput('nsupdate', [...(key === null ? [] : ['-y', key]), '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\n${script}\nsend\n`);
  const short = async (name: string, type: string): Promise<string[]> => (await dig(dns.port, [name, type, '+short', '+norec'])).trim().split('\n').filter((l) => l !== '').sort();
  const serial = async (): Promise<number> => Number((await short('example.test', 'SOA'))[0]!.split(' ')[2]);

  const casUpdate = `prereq yxrrset _gen.api.example.test. TXT "gen=5"
update delete _gen.api.example.test. TXT
update add _gen.api.example.test. 60 TXT "gen=6"
update delete api.example.test. A
update add api.example.test. 60 A 192.0.2.21`;

  it('a: a signed update without prerequisites applies', async () => {
    const result = await nsupdate(`update delete api.example.test. A
update add api.example.test. 60 A 192.0.2.11
update add api.example.test. 60 A 192.0.2.12
update delete _gen.api.example.test. TXT
update add _gen.api.example.test. 60 TXT "gen=5"`);
    expect(result.code, result.stderr).toBe(0);
    expect(await short('api.example.test', 'A')).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(await short('_gen.api.example.test', 'TXT')).toEqual(['"gen=5"']);
  });

  it('b: a value-dependent prerequisite on the fence TXT succeeds, with one serial bump', async () => {
    const before = await serial();
    const result = await nsupdate(casUpdate);
    expect(result.code, result.stderr).toBe(0);
    expect(await short('api.example.test', 'A')).toEqual(['192.0.2.21']);
    expect(await short('_gen.api.example.test', 'TXT')).toEqual(['"gen=6"']);
    expect(await serial()).toBe(before + 1);
  });

  it('c: repeating it is refused with NXRRSET and changes nothing', async () => {
    const before = await serial();
    const result = await nsupdate(casUpdate);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('NXRRSET');
    expect(await short('api.example.test', 'A')).toEqual(['192.0.2.21']);
    expect(await short('_gen.api.example.test', 'TXT')).toEqual(['"gen=6"']);
    expect(await serial()).toBe(before);
  });

  const evil = 'update add evil.example.test. 60 A 6.6.6.6';
  const refusals: { name: string; key: string | null; expect: RegExp }[] = [
    { name: 'unsigned', key: null, expect: /REFUSED/ },
    { name: 'wrong secret', key: `hmac-sha256:dnsplane-key:${Buffer.from('wrongwrongwrongwrongwrong').toString('base64')}`, expect: /NOTAUTH\(BADSIG\)/ },
    { name: 'unknown key name', key: `hmac-sha256:other-key:${TSIG_SECRET}`, expect: /NOTAUTH\(BADKEY\)/ },
    { name: 'wrong algorithm', key: `hmac-sha512:dnsplane-key:${TSIG_SECRET}`, expect: /NOTAUTH\(BADKEY\)/ },
  ];
  for (const refusal of refusals) {
    it(`d: an update that is ${refusal.name} is refused and changes nothing`, async () => {
      const before = await serial();
      const result = await nsupdate(evil, refusal.key);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(refusal.expect);
      expect(await short('evil.example.test', 'A')).toEqual([]);
      expect(await serial()).toBe(before);
    });
  }

  it('e: a value-dependent prerequisite listing a subset of the RRset fails with NXRRSET', async () => {
    expect((await nsupdate(`update delete _multi.example.test. TXT
update add _multi.example.test. 60 TXT "a"
update add _multi.example.test. 60 TXT "b"`)).code).toBe(0);
    const result = await nsupdate(`prereq yxrrset _multi.example.test. TXT "a"
update add _multi.example.test. 60 TXT "c"`);
    expect(result.stdout + result.stderr).toContain('NXRRSET');
    expect(await short('_multi.example.test', 'TXT')).toEqual(['"a"', '"b"']);
  });

  const prerequisiteCases: { name: string; prereq: string; ok: boolean; rcode?: string }[] = [
    { name: 'nxrrset on an existing RRset', prereq: 'prereq nxrrset _gen.api.example.test. TXT', ok: false, rcode: 'YXRRSET' },
    { name: 'nxrrset on a missing RRset', prereq: 'prereq nxrrset _gen.api.example.test. AAAA', ok: true },
    { name: 'yxrrset (value-independent) on an existing RRset', prereq: 'prereq yxrrset api.example.test. A', ok: true },
    { name: 'yxrrset (value-independent) on a missing RRset', prereq: 'prereq yxrrset api.example.test. AAAA', ok: false, rcode: 'NXRRSET' },
    { name: 'yxdomain on an existing name', prereq: 'prereq yxdomain api.example.test.', ok: true },
    { name: 'yxdomain on a missing name', prereq: 'prereq yxdomain nothing.example.test.', ok: false, rcode: 'NXDOMAIN' },
    { name: 'nxdomain on a missing name', prereq: 'prereq nxdomain nothing.example.test.', ok: true },
    { name: 'nxdomain on an existing name', prereq: 'prereq nxdomain api.example.test.', ok: false, rcode: 'YXDOMAIN' },
    { name: 'value-dependent with the exact RRset', prereq: 'prereq yxrrset _multi.example.test. TXT "b" "a"'.replace(' "b" "a"', ' "a"\nprereq yxrrset _multi.example.test. TXT "b"'), ok: true },
    { name: 'a prerequisite outside the zone', prereq: 'prereq yxdomain example.org.', ok: false, rcode: 'NOTZONE' },
  ];
  for (const testCase of prerequisiteCases) {
    it(`prerequisite: ${testCase.name}`, async () => {
      const marker = `m${prerequisiteCases.indexOf(testCase)}.example.test.`;
      const result = await nsupdate(`${testCase.prereq}\nupdate add ${marker} 60 A 192.0.2.200`);
      const applied = (await short(marker, 'A')).length === 1;
      expect(applied).toBe(testCase.ok);
      if (testCase.rcode !== undefined) expect(result.stdout + result.stderr).toContain(testCase.rcode);
    });
  }

  it('an update section for another zone is refused with NOTAUTH', async () => {
    const result = await runWithInput('nsupdate', ['-y', KEY, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.org.\nupdate add x.example.org. 60 A 192.0.2.1\nsend\n`);
    expect(result.stdout + result.stderr).toContain('NOTAUTH');
  });

  it('deletes one record, an RRset and a whole name, but never the apex SOA or NS', async () => {
    expect((await nsupdate(`update add del.example.test. 60 A 192.0.2.1
update add del.example.test. 60 A 192.0.2.2
update add del.example.test. 60 TXT "x"`)).code).toBe(0);
    expect((await nsupdate('update delete del.example.test. A 192.0.2.1')).code).toBe(0);
    expect(await short('del.example.test', 'A')).toEqual(['192.0.2.2']);
    expect((await nsupdate('update delete del.example.test. TXT')).code).toBe(0);
    expect(await short('del.example.test', 'TXT')).toEqual([]);
    expect((await nsupdate('update delete del.example.test.')).code).toBe(0);
    expect((await dig(dns.port, ['del.example.test', 'A'])).includes('NXDOMAIN')).toBe(true);
    expect((await nsupdate('update delete example.test. NS\nupdate delete example.test. SOA')).code).toBe(0);
    expect(await short('example.test', 'NS')).toEqual(['ns1.example.test.']);
    expect((await short('example.test', 'SOA')).length).toBe(1);
  });

  it('answers a TSIG-signed query with a signed reply that dig verifies', async () => {
    const out = await dig(dns.port, ['-y', KEY, 'api.example.test', 'A']);
    expect(out).toContain('status: NOERROR');
    expect(out).toMatch(/dnsplane-key\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\./);
    expect(out).not.toMatch(/tsig verify failure|BADSIG/i);
  });
});

describe('TSIG time check', () => {
  it('refuses an update signed outside the fudge window with NOTAUTH(BADTIME)', async () => {
    // The server's clock runs an hour ahead of nsupdate's; the fudge is 300 s.
    const dns = await startTestServer({ nowMs: () => Date.now() + 3_600_000 });
    try {
      const result = await runWithInput('nsupdate', ['-y', KEY, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\nupdate add late.example.test. 60 A 192.0.2.1\nsend\n`);
      expect(result.stdout + result.stderr).toContain('BADTIME');
      expect((await dig(dns.port, ['late.example.test', 'A'])).includes('NXDOMAIN')).toBe(true);
    } finally {
      await dns.close();
    }
  });
});

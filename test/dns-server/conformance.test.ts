/**
 * Conformance against independent clients (nsupdate, dig, kdig): names inside the rdata of
 * RFC 1035 types and SRV are decompressed on receipt (RFC 3597 §4), a CNAME to a missing in-zone
 * name is NXDOMAIN with the CNAME and the SOA (RFC 6604 §2, RFC 2308), the DO bit is copied into
 * the reply's OPT (RFC 3225 §3), and a BADTIME reply carries the client's Time Signed (RFC 8945 §5.2.3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RRType, RRClass, EMPTY_HEADER, Opcode, encodeMessage, parseMessage, signMessage, tsigKey } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { TSIG_KEY, TSIG_SECRET, dig, put, runWithInput, startTestServer, udpQuery } from './helpers.js';

const KEY = `hmac-sha256:dnsplane-key:${TSIG_SECRET}`;
const run = promisify(execFile);

describe('conformance with independent clients', () => {
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer();
  });
  afterAll(async () => {
    await dns.close();
  });

  const nsupdate = (script: string) =>
    runWithInput('nsupdate', ['-y', KEY, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\n${script}\nsend\n`);
  const answer = async (name: string, type: string, extra: string[] = []): Promise<string> => {
    const out = await dig(dns.port, [name, type, '+norec', ...extra]);
    expect(out).not.toMatch(/bad compression pointer|FORMERR|malformed/i);
    return out;
  };

  it('serves the MX exchange, PTR target and SRV target that nsupdate sent (compressed by nsupdate)', async () => {
    const result = await nsupdate([
      'update add mail.example.test. 60 MX 10 mx1.example.test.',
      'update add 1.2.0.192.example.test. 60 PTR host.example.test.',
      'update add _sip._tcp.example.test. 60 SRV 0 5 5060 sip.example.test.',
    ].join('\n'));
    expect(result.code, result.stderr).toBe(0);
    expect(await answer('mail.example.test', 'MX', ['+short'])).toBe('10 mx1.example.test.\n');
    expect(await answer('1.2.0.192.example.test', 'PTR', ['+short'])).toBe('host.example.test.\n');
    expect(await answer('_sip._tcp.example.test', 'SRV', ['+short'])).toBe('0 5 5060 sip.example.test.\n');
    // Over TCP and with kdig as well: an independent parser.
    const { stdout } = await run('kdig', ['@127.0.0.1', '-p', String(dns.port), '+tcp', '+short', '+time=2', '+retry=0', '_sip._tcp.example.test', 'SRV'], { timeout: 15_000 });
    expect(stdout).toBe('0 5 5060 sip.example.test.\n');
  });

  it('keeps unknown-type rdata byte for byte (RFC 3597), never compressed on the way out', async () => {
    const result = await nsupdate('update add blob.example.test. 60 TYPE65280 \\# 20 03616263076578616d706c650474657374000102');
    expect(result.code, result.stderr).toBe(0);
    expect(await answer('blob.example.test', 'TYPE65280', ['+short'])).toMatch(/\\# 20 03616263076578616D706C650474657374000102/i);
  });

  it('answers a CNAME to a missing in-zone name NXDOMAIN, with the CNAME and the SOA', async () => {
    put(dns, 'alias.example.test.', RRType.CNAME, 60, [{ kind: 'CNAME', host: 'gone.example.test.' }]);
    const out = await answer('alias.example.test', 'A');
    expect(out).toContain('status: NXDOMAIN');
    expect(out).toMatch(/;; ANSWER SECTION:\nalias\.example\.test\.\s+60\s+IN\s+CNAME\s+gone\.example\.test\./);
    expect(out).toMatch(/;; AUTHORITY SECTION:\nexample\.test\.\s+\d+\s+IN\s+SOA/);
  });

  it('answers a CNAME to an in-zone name without the type NOERROR, with the CNAME and the SOA', async () => {
    put(dns, 'target.example.test.', RRType.TXT, 60, [{ kind: 'TXT', strings: ['x'] }]);
    put(dns, 'alias2.example.test.', RRType.CNAME, 60, [{ kind: 'CNAME', host: 'target.example.test.' }]);
    const out = await answer('alias2.example.test', 'A');
    expect(out).toContain('status: NOERROR');
    expect(out).toMatch(/IN\s+CNAME\s+target\.example\.test\./);
    expect(out).toMatch(/;; AUTHORITY SECTION:\nexample\.test\.\s+\d+\s+IN\s+SOA/);
  });

  it('copies the DO bit into the reply OPT', async () => {
    expect(await answer('example.test', 'SOA', ['+dnssec'])).toMatch(/; EDNS: version: 0, flags: do;/);
    expect(await answer('example.test', 'SOA')).toMatch(/; EDNS: version: 0, flags:;/);
  });

  it('answers BADTIME with the client\'s Time Signed and our time in other data', async () => {
    const clientTime = Math.floor(Date.now() / 1000) - 10_000;
    const update = encodeMessage({
      header: { ...EMPTY_HEADER, id: 77, opcode: Opcode.UPDATE },
      questions: [{ name: 'example.test.', type: RRType.SOA, class: RRClass.IN }],
      answers: [], authorities: [{ name: 'late.example.test.', type: RRType.A, class: RRClass.IN, ttl: 60, data: { kind: 'A', address: '192.0.2.1' } }], additionals: [],
    });
    const key = tsigKey('dnsplane-key', 'hmac-sha256', TSIG_SECRET);
    const signed = signMessage(update, key, { timeSignedSeconds: clientTime, fudgeSeconds: 300 }).wire;
    const reply = parseMessage(await udpQuery(dns.port, signed));
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const tsig = reply.value.message.additionals.at(-1)!.data;
    expect(tsig.kind).toBe('TSIG');
    if (tsig.kind !== 'TSIG') return;
    expect(tsig.error).toBe(18);
    expect(tsig.timeSigned).toBe(clientTime);
    expect(Math.abs(Number(Buffer.from(tsig.otherData).readUIntBE(0, 6)) - Date.now() / 1000)).toBeLessThan(5);
    expect(TSIG_KEY.name).toBe('dnsplane-key.');
  });
});

/**
 * The per-key update policy, from a dnsplane config (dns.tsig: the Enactors' key; dns.operatorKeys)
 * to the wire, with the real nsupdate (BIND) and knsupdate (Knot): the Enactors' key may change
 * only managed names and `_dnsplane.*`; an operator key only the other names; anything else is
 * REFUSED, changes nothing, and is logged and counted. Before the policy, any key holder could
 * rewrite a fence or empty a managed name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/app/config/index.js';
import { embeddedDnsSettings } from '../../src/app/roles/dns-server-role.js';
import { startEmbeddedDns, type EmbeddedDns } from '../../src/dns-server/server.js';
import { dig, runWithInput } from './helpers.js';

const ENACTOR_SECRET = Buffer.alloc(32, 1).toString('base64');
const OPERATOR_SECRET = Buffer.alloc(32, 2).toString('base64');
const ENACTOR = `hmac-sha256:enactor-key:${ENACTOR_SECRET}`;
const OPERATOR = `hmac-sha256:ops-key:${OPERATOR_SECRET}`;

const CONFIG = `
zone: example.test.
region: test-1
loadBalancers:
  - { id: lb-1, az: a, ipv4: 192.0.2.11, capacity: 100 }
endpoints:
  - name: api.example.test.
    select: {}
enactors: [a]
dns:
  workers: 0
  tsig: { name: enactor-key, algorithm: hmac-sha256, secret: "${ENACTOR_SECRET}" }
  operatorKeys:
    - { name: ops-key, algorithm: hmac-sha256, secret: "${OPERATOR_SECRET}" }
`;

describe('update policy per key (nsupdate, knsupdate)', () => {
  let dns: EmbeddedDns;
  const logLines: string[] = [];

  beforeAll(async () => {
    const loaded = parseConfigText(CONFIG, 'policy.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    dns = await startEmbeddedDns({
      ...embeddedDnsSettings(loaded.config), origin: 'example.test.', listen: { host: '127.0.0.1', port: 0 }, dataDir: null,
      log: (line) => logLines.push(line),
    });
  });
  afterAll(async () => { await dns.close(); });

  const nsupdate = (key: string, lines: string) =>
    runWithInput('nsupdate', ['-y', key, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\n${lines}\nsend\n`);
  const knsupdate = (key: string, lines: string) =>
    runWithInput('knsupdate', ['-y', key, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\n${lines}\nsend\nquit\n`);
  const short = async (name: string, type: string): Promise<string> => (await dig(dns.port, ['+short', name, type])).trim();

  it("the Enactors' key writes the managed name and its fence", async () => {
    const result = await nsupdate(ENACTOR, 'update add api.example.test. 5 A 192.0.2.11\nupdate add _dnsplane.api.example.test. 5 TXT "gen=1 digest=ab by=a"');
    expect(result.code, result.stderr).toBe(0);
    expect(await short('api.example.test.', 'A')).toBe('192.0.2.11');
    expect(await short('_dnsplane.api.example.test.', 'TXT')).toBe('"gen=1 digest=ab by=a"');
  });

  it("the Enactors' key may not write another name: REFUSED, nothing changes", async () => {
    const result = await nsupdate(ENACTOR, 'update add api.example.test. 5 A 192.0.2.12\nupdate add www.example.test. 60 A 192.0.2.80');
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/REFUSED/);
    expect(await short('www.example.test.', 'A')).toBe('');
    expect(await short('api.example.test.', 'A')).toBe('192.0.2.11');
  });

  it('an operator key writes other names (knsupdate)', async () => {
    const result = await knsupdate(OPERATOR, 'update add www.example.test. 60 A 192.0.2.80');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/REFUSED|error/i);
    expect(await short('www.example.test.', 'A')).toBe('192.0.2.80');
  });

  it('an operator key may neither rewrite a fence nor empty a managed name (knsupdate and nsupdate)', async () => {
    const fence = await knsupdate(OPERATOR, 'update delete _dnsplane.api.example.test. TXT\nupdate add _dnsplane.api.example.test. 5 TXT "gen=999 digest=ff by=ops"');
    expect(`${fence.stdout}${fence.stderr}`).toMatch(/REFUSED/);
    const empty = await nsupdate(OPERATOR, 'update delete api.example.test. A');
    expect(empty.code).not.toBe(0);
    expect(`${empty.stdout}${empty.stderr}`).toMatch(/REFUSED/);
    expect(await short('_dnsplane.api.example.test.', 'TXT')).toBe('"gen=1 digest=ab by=a"');
    expect(await short('api.example.test.', 'A')).toBe('192.0.2.11');
  });

  it("the Enactors' key reads the zone by AXFR (TCP, outside rate limiting); an operator key not in dns.transfer.keys may not", async () => {
    const axfr = async (key: string): Promise<string> => dig(dns.port, ['-y', key, 'example.test.', 'AXFR']);
    const enactor = await axfr(ENACTOR);
    expect(enactor).toMatch(/_dnsplane\.api\.example\.test\.\s+\d+\s+IN\s+TXT\s+"gen=1 digest=ab by=a"/);
    expect(await axfr(OPERATOR)).toMatch(/Transfer failed|REFUSED/);
  });

  it('every refusal is logged with the key and counted', () => {
    const refused = logLines.map((line) => JSON.parse(line) as { level: string; msg: string; key: string; detail: string }).filter((line) => line.msg === 'update refused');
    expect(refused.map((line) => line.key)).toEqual(['enactor-key.', 'ops-key.', 'ops-key.']);
    expect(refused[0]!.detail).toContain('www.example.test.');
    expect(refused[1]!.detail).toContain('_dnsplane.api.example.test.');
    expect(refused.every((line) => line.level === 'warn')).toBe(true);
    expect(dns.stats().updatesRefused).toBe(3);
  });
});

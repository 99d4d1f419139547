/**
 * Zone transfers and NOTIFY against independent software: kdig and dig AXFR/IXFR (TSIG-gated per
 * key), BIND 9 and Knot DNS as real secondaries that pick a change up from our NOTIFY, and a
 * dnspython sync that does what octoDNS's RFC 2136 provider does (octoDNS itself is not packaged
 * in Debian here: `apt-cache policy octodns` finds nothing): read the zone by AXFR, apply the
 * difference by signed UPDATE, re-sync with zero changes, and dump back identical records.
 * Before this, every transfer was REFUSED and no NOTIFY was ever sent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsigKey } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { freePort } from '../support/dns-servers.js';
import { a, put, runWithInput, startTestServer, tempDir } from './helpers.js';

const run = promisify(execFile);
const XFR_SECRET = Buffer.alloc(32, 9).toString('base64');
const OTHER_SECRET = Buffer.alloc(32, 8).toString('base64');
const XFR_KEY = tsigKey('xfr-key', 'hmac-sha256', XFR_SECRET);
const OTHER_KEY = tsigKey('other-key', 'hmac-sha256', OTHER_SECRET);

/** kdig's output, stdout then stderr (where it reports a failed transfer), whatever its exit code. */
async function kdig(args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('kdig', [...args, '+time=3', '+retry=0'], { timeout: 20_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}

function records(axfr: string): string[] {
  return axfr.split('\n').filter((line) => line !== '' && !line.startsWith(';') && !/\sTSIG\s/.test(line)).map((line) => line.split(/\s+/).filter((f) => f !== '').join(' '));
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function startProcess(command: string, args: readonly string[]): ChildProcess {
  return spawn(command, [...args], { stdio: 'ignore' });
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('AXFR and IXFR, gated per key (kdig, dig)', () => {
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer({ tsigKeys: [XFR_KEY, OTHER_KEY], transfer: { keys: ['xfr-key'], notify: [] }, workers: 2 });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1'), a('192.0.2.2')]);
    // A plan endpoint: a transfer carries every address, not a sample.
    put(dns, 'api.example.test.', 1, 5, [a('192.0.2.11'), a('192.0.2.12'), a('192.0.2.13')], { weights: [1, 1, 1], answersMax: 1 });
    await dns.replicated();
  }, 30_000);
  afterAll(async () => { await dns.close(); });

  it('kdig AXFR with the transfer key: SOA first and last, every record in between, signed', async () => {
    const out = await kdig(['@127.0.0.1', '-p', String(dns.port), '-y', `hmac-sha256:xfr-key:${XFR_SECRET}`, 'example.test.', 'AXFR']);
    const lines = records(out);
    expect(lines[0]).toMatch(/^example\.test\. \d+ IN SOA /);
    expect(lines.at(-1)).toBe(lines[0]);
    for (const address of ['192.0.2.11', '192.0.2.12', '192.0.2.13']) expect(lines).toContain(`api.example.test. 5 IN A ${address}`);
    expect(lines).toContain('www.example.test. 60 IN A 192.0.2.2');
    expect(out).not.toMatch(/failed|REFUSED|NOTAUTH/i);
  });

  it('dig IXFR from an older serial gets the zone (AXFR-style), from the current serial only the SOA', async () => {
    const key = ['-y', `hmac-sha256:xfr-key:${XFR_SECRET}`];
    const older = await run('dig', ['@127.0.0.1', '-p', String(dns.port), ...key, '+time=3', '+tries=1', 'example.test.', 'IXFR=1'], { timeout: 20_000 });
    expect(records(older.stdout)).toContain('www.example.test. 60 IN A 192.0.2.1');
    const serial = dns.zone.reader.serial;
    const current = await run('dig', ['@127.0.0.1', '-p', String(dns.port), ...key, '+time=3', '+tries=1', 'example.test.', `IXFR=${serial}`], { timeout: 20_000 });
    expect(records(current.stdout).filter((line) => !line.includes('TSIG'))).toHaveLength(1);
  });

  it('an unsigned AXFR, and one signed by a key not allowed to transfer, are refused', async () => {
    const unsigned = await kdig(['@127.0.0.1', '-p', String(dns.port), 'example.test.', 'AXFR']);
    expect(unsigned).toMatch(/REFUSED/);
    expect(unsigned).not.toMatch(/www\.example\.test\./);
    const other = await kdig(['@127.0.0.1', '-p', String(dns.port), '-y', `hmac-sha256:other-key:${OTHER_SECRET}`, 'example.test.', 'AXFR']);
    expect(other).toMatch(/REFUSED/);
    expect(other).not.toMatch(/www\.example\.test\./);
  });
});

describe('BIND and Knot as secondaries, kept current by NOTIFY', () => {
  const dir = tempDir('dnsplane-secondaries-');
  let dns: EmbeddedDns;
  let bind: ChildProcess | undefined;
  let knot: ChildProcess | undefined;
  let bindPort = 0;
  let knotPort = 0;

  beforeAll(async () => {
    bindPort = await freePort();
    knotPort = await freePort();
    dns = await startTestServer({
      tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [{ host: '127.0.0.1', port: bindPort }, { host: '127.0.0.1', port: knotPort }] },
    });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    const bindDir = join(dir.path, 'bind');
    mkdirSync(bindDir);
    writeFileSync(join(bindDir, 'named.conf'), `options {
  directory "${bindDir}"; pid-file "${bindDir}/named.pid"; session-keyfile "${bindDir}/session.key";
  managed-keys-directory "${bindDir}"; listen-on port ${bindPort} { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no;
};
controls { };
key "xfr-key" { algorithm hmac-sha256; secret "${XFR_SECRET}"; };
primaries dnsplane { 127.0.0.1 port ${dns.port} key "xfr-key"; };
zone "example.test" { type secondary; file "example.test.db"; primaries { dnsplane; }; allow-notify { 127.0.0.1; }; };
`);
    bind = startProcess('named', ['-g', '-c', join(bindDir, 'named.conf')]);
    const knotDir = join(dir.path, 'knot');
    mkdirSync(join(knotDir, 'db'), { recursive: true });
    mkdirSync(join(knotDir, 'zones'), { recursive: true });
    writeFileSync(join(knotDir, 'knot.conf'), `server:
  rundir: "${knotDir}"
  pidfile: "${knotDir}/knot.pid"
  listen: 127.0.0.1@${knotPort}
database:
  storage: "${knotDir}/db"
control:
  listen: "${knotDir}/knot.sock"
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: ${XFR_SECRET}
remote:
  - id: dnsplane
    address: 127.0.0.1@${dns.port}
    key: xfr-key
acl:
  - id: notify-from-dnsplane
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: "${knotDir}/zones"
    file: "%s.zone"
zone:
  - domain: example.test
    master: dnsplane
    acl: notify-from-dnsplane
`);
    knot = startProcess('knotd', ['-c', join(knotDir, 'knot.conf')]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([stopProcess(bind), stopProcess(knot)]);
    await dns.close();
    dir.remove();
  }, 30_000);

  const answerFrom = async (port: number, name: string): Promise<string> => (await kdig(['@127.0.0.1', '-p', String(port), '+short', name, 'A'])).trim();

  it('both secondaries load the zone by transfer from dnsplane', async () => {
    expect(await waitFor(async () => (await answerFrom(bindPort, 'www.example.test.')) === '192.0.2.1', 15_000), 'BIND never served the zone').toBe(true);
    expect(await waitFor(async () => (await answerFrom(knotPort, 'www.example.test.')) === '192.0.2.1', 15_000), 'Knot never served the zone').toBe(true);
  }, 40_000);

  it('a change made over UPDATE reaches both within seconds (NOTIFY, then IXFR/AXFR), not after the SOA refresh', async () => {
    const update = await runWithInput('nsupdate', ['-y', `hmac-sha256:xfr-key:${XFR_SECRET}`, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\nupdate add new.example.test. 60 A 192.0.2.77\nsend\n`);
    expect(update.code, update.stderr).toBe(0);
    const started = Date.now();
    expect(await waitFor(async () => (await answerFrom(bindPort, 'new.example.test.')) === '192.0.2.77', 10_000), 'BIND did not follow the NOTIFY').toBe(true);
    expect(await waitFor(async () => (await answerFrom(knotPort, 'new.example.test.')) === '192.0.2.77', 10_000), 'Knot did not follow the NOTIFY').toBe(true);
    console.log(`change visible on both secondaries after ${Date.now() - started} ms`);
    // The refresh in our SOA is an hour: only the NOTIFY explains seconds.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);
});

/** octoDNS's RFC 2136 sequence, done with dnspython: AXFR to read, signed UPDATE to write. */
const SYNC = `
import sys, json, dns.query, dns.zone, dns.update, dns.tsigkeyring, dns.rdatatype, dns.name
port, secret, wanted_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
keyring = dns.tsigkeyring.from_text({'xfr-key.': secret})
origin = dns.name.from_text('example.test.')
def dump():
    zone = dns.zone.from_xfr(dns.query.xfr('127.0.0.1', 'example.test.', port=port, keyring=keyring, keyname='xfr-key.', keyalgorithm='hmac-sha256', lifetime=10))
    out = {}
    for name, node in zone.nodes.items():
        for rdataset in node.rdatasets:
            if rdataset.rdtype in (dns.rdatatype.SOA, dns.rdatatype.NS): continue
            key = '%s %s' % (name.derelativize(origin), dns.rdatatype.to_text(rdataset.rdtype))
            out[key] = {'ttl': rdataset.ttl, 'values': sorted(r.to_text(origin=origin, relativize=False) for r in rdataset)}
    return out
wanted = json.load(open(wanted_file))
before = dump()
update = dns.update.Update('example.test.', keyring=keyring, keyname='xfr-key.', keyalgorithm='hmac-sha256')
changes = 0
for key, rrset in wanted.items():
    if before.get(key) == rrset: continue
    name, rdtype = key.split(' ')
    update.replace(name, rrset['ttl'], rdtype, *rrset['values'])
    changes += 1
for key in before:
    if key not in wanted:
        name, rdtype = key.split(' ')
        update.delete(name, rdtype)
        changes += 1
if changes:
    response = dns.query.tcp(update, '127.0.0.1', port=port, timeout=10)
    assert response.rcode() == 0, dns.rcode.to_text(response.rcode())
print(json.dumps({'changes': changes, 'after': dump()}))
`;

describe('an octoDNS-style sync with dnspython (AXFR read, UPDATE write)', () => {
  const dir = tempDir('dnsplane-sync-');
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer({ tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [] } });
    put(dns, 'old.example.test.', 1, 60, [a('192.0.2.99')]);
  });
  afterAll(async () => { await dns.close(); dir.remove(); });

  const wanted = {
    // The glue of the zone's own name server, which a full dump holds too.
    'ns1.example.test. A': { ttl: 60, values: ['127.0.0.1'] },
    'www.example.test. A': { ttl: 300, values: ['192.0.2.1', '192.0.2.2'] },
    'mail.example.test. MX': { ttl: 3600, values: ['10 mx1.example.test.', '20 mx2.example.test.'] },
    '_sip._tcp.example.test. SRV': { ttl: 600, values: ['10 60 5060 sip.example.test.'] },
    'txt.example.test. TXT': { ttl: 60, values: ['"v=spf1 -all"'] },
  };

  async function sync(): Promise<{ changes: number; after: typeof wanted }> {
    const file = join(dir.path, 'wanted.json');
    writeFileSync(file, JSON.stringify(wanted));
    const { stdout } = await run('/usr/bin/python3', ['-c', SYNC, String(dns.port), XFR_SECRET, file], { timeout: 30_000 });
    return JSON.parse(stdout) as { changes: number; after: typeof wanted };
  }

  it('syncs, re-syncs with zero changes, and dumps back identical records', async () => {
    const first = await sync();
    expect(first.changes).toBe(5); // four RRsets written, one stale name deleted
    expect(first.after).toEqual(wanted);
    const second = await sync();
    expect(second.changes).toBe(0);
    expect(second.after).toEqual(wanted);
  }, 60_000);
});

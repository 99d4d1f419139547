/**
 * Zone transfers larger than one message, IXFR differences, and signed NOTIFY over IPv6, against
 * independent software: dig, kdig and dnspython as clients (each verifies the TSIG of every
 * message of a stream: dig warns "Some TSIG could not be validated", dnspython raises), and BIND 9
 * and Knot DNS as real secondaries that require the key for NOTIFY.
 *
 * Before this, a transfer was one message: a zone over 64 KiB went out truncated (TC, no records);
 * IXFR always sent the whole zone; NOTIFY was unsigned and could not reach an IPv6 secondary.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferZone } from '../../src/adapters/dns-client/axfr.js';
import { tsigKey } from '../../src/dns-wire/index.js';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import type { ZoneChange } from '../../src/dns-server/zone.js';
import { freePort } from '../support/dns-servers.js';
import { startBindSecondary, startKnotSecondary, type Secondary } from './fixtures/secondaries.js';
import { a, put, runWithInput, startTestServer, tempDir } from './helpers.js';

const run = promisify(execFile);
const XFR_SECRET = Buffer.alloc(32, 9).toString('base64');
const XFR_KEY = tsigKey('xfr-key', 'hmac-sha256', XFR_SECRET);
const KEY_ARGS = ['-y', `hmac-sha256:xfr-key:${XFR_SECRET}`];
const NAMES = 5_000;

/** A tool's output, stdout then stderr, whatever its exit code (a failed transfer is in both). */
async function output(command: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, [...args], { timeout: 60_000, maxBuffer: 64 << 20 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}${failed.message ?? ''}`;
  }
}

const digAt = (port: number, args: readonly string[]): Promise<string> => output('dig', ['@127.0.0.1', '-p', String(port), '+time=5', '+tries=1', ...args]);
const kdigAt = (port: number, args: readonly string[]): Promise<string> => output('kdig', ['@127.0.0.1', '-p', String(port), '+time=5', '+retry=0', ...args]);

/** Record lines of dig/kdig output, fields joined by one space; comments and TSIG left out. */
function records(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith(';') && !/\sTSIG\s/.test(line)).map((line) => line.split(/\s+/).filter((f) => f !== '').join(' '));
}

/** dig's summary: ";; XFR size: 5005 records (messages 3, bytes 129283)". */
function digXfrSize(text: string): { records: number; messages: number } | null {
  const match = /;; XFR size: (\d+) records \(messages (\d+), bytes \d+\)/.exec(text);
  return match === null ? null : { records: Number(match[1]), messages: Number(match[2]) };
}

/** What dig prints when a message of the stream fails TSIG verification, or the transfer fails. */
const DIG_FAILURE = /TSIG could not be validated|Couldn't verify|tsig verify failure|Transfer failed|communications error|; TSIG error/i;

/** Every RRset of the zone as a sorted list of record lines, SOA once (as a secondary holds it). */
function zoneLines(axfr: string): string[] {
  return [...new Set(records(axfr))].sort();
}

/** Records of the zone, the SOA counted twice as a transfer sends it. */
function transferRecordCount(dns: EmbeddedDns): number {
  let count = 1;
  for (const [, rrsets] of dns.zone.zone.names()) for (const rrset of rrsets.values()) count += rrset.rdatas.length;
  return count;
}

/** 5,000 names with an address each and every fifth with a TXT too: about 180 KB on the wire. */
function fillZone(dns: EmbeddedDns): void {
  const changes: ZoneChange[] = [];
  for (let i = 0; i < NAMES; i++) {
    const name = `host-${i}.example.test.`;
    changes.push({ name, type: 1, rrset: { type: 1, ttl: 300, rdatas: [a(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)] } });
    if (i % 5 === 0) changes.push({ name, type: 16, rrset: { type: 16, ttl: 300, rdatas: [{ kind: 'TXT', strings: [`description of host ${i}`] }] } });
  }
  const outcome = dns.zone.transact(() => ({ changes, result: null }));
  if (!outcome.ok) throw new Error(outcome.reason);
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** dnspython reads a transfer message by message, verifying each one's TSIG (it raises otherwise). */
const DNSPYTHON_XFR = `
import sys, dns.query, dns.tsigkeyring, dns.rdatatype
port, secret, rdtype, serial = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
keyring = dns.tsigkeyring.from_text({'xfr-key.': secret})
messages = records = 0
for message in dns.query.xfr('127.0.0.1', 'example.test.', rdtype=dns.rdatatype.from_text(rdtype), serial=serial, port=port,
                             keyring=keyring, keyname='xfr-key.', keyalgorithm='hmac-sha256', lifetime=60):
    assert message.had_tsig, 'a message without TSIG'
    messages += 1
    records += sum(len(rrset) for rrset in message.answer)
print(messages, records)
`;

async function dnspythonXfr(port: number, type: 'AXFR' | 'IXFR', serial = 0): Promise<{ messages: number; records: number }> {
  const { stdout } = await run('/usr/bin/python3', ['-c', DNSPYTHON_XFR, String(port), XFR_SECRET, type, String(serial)], { timeout: 60_000 });
  const [messages, count] = stdout.trim().split(' ').map(Number);
  return { messages: messages!, records: count! };
}

describe('a zone over 64 KiB goes out in several messages, each signed (dig, kdig, dnspython)', () => {
  let dns: EmbeddedDns;
  beforeAll(async () => {
    dns = await startTestServer({ tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [] }, workers: 2 });
    fillZone(dns);
    await dns.replicated();
  }, 60_000);
  afterAll(async () => { await dns.close(); });

  it('dig AXFR -y: every record, SOA first and last, in several messages whose TSIG all verify', async () => {
    const out = await digAt(dns.port, [...KEY_ARGS, 'example.test.', 'AXFR']);
    expect(out).not.toMatch(DIG_FAILURE);
    const size = digXfrSize(out);
    console.log(`dig AXFR: ${out.match(/;; XFR size.*/)?.[0]}`);
    expect(size?.records).toBe(transferRecordCount(dns));
    expect(size?.messages).toBeGreaterThan(2);
    const lines = records(out);
    expect(lines).toHaveLength(transferRecordCount(dns));
    expect(lines[0]).toMatch(/^example\.test\. \d+ IN SOA /);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(lines).toContain('host-4999.example.test. 300 IN A 10.0.19.135');
    expect(lines).toContain('host-4995.example.test. 300 IN TXT "description of host 4995"');
  }, 90_000);

  it('kdig AXFR -y: the same records, every message signed', async () => {
    const out = await kdigAt(dns.port, [...KEY_ARGS, 'example.test.', 'AXFR']);
    expect(out).not.toMatch(/failed|BADSIG|BADKEY|NOTAUTH/i);
    const match = /;; Received \d+ B \((\d+) messages, (\d+) records\)/.exec(out);
    console.log(`kdig AXFR: ${match?.[0]}`);
    expect(Number(match?.[2])).toBe(transferRecordCount(dns));
    expect(Number(match?.[1])).toBeGreaterThan(2);
    // kdig prints the TSIG record of every message it received.
    expect(out.match(/\sTSIG\s/g)?.length).toBe(Number(match?.[1]));
  }, 90_000);

  it('dnspython verifies the TSIG of every message of the AXFR', async () => {
    const got = await dnspythonXfr(dns.port, 'AXFR');
    expect(got.messages).toBeGreaterThan(2);
    expect(got.records).toBe(transferRecordCount(dns));
  }, 90_000);

  it('an AXFR of several messages counts as one reply to a query', async () => {
    const noerror = (): number => dns.stats().queriesByRcode['NOERROR'] ?? 0;
    // Workers report their counters every second: let the earlier tests' transfers arrive first.
    const settled = async (): Promise<number> => {
      for (let round = 0; round < 10; round++) {
        const seen = noerror();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        if (noerror() === seen) return seen;
      }
      return noerror();
    };
    const before = await settled();
    const out = await digAt(dns.port, [...KEY_ARGS, 'example.test.', 'AXFR']);
    expect(digXfrSize(out)?.messages).toBeGreaterThan(2);
    // Workers report their counters every second.
    expect(await waitFor(async () => noerror() > before, 5_000)).toBe(true);
    expect((await settled()) - before).toBe(1);
  }, 60_000);

  it("the Enactors' own AXFR client (which checks every message's chained MAC) reads the whole zone", async () => {
    const read = await transferZone({ host: '127.0.0.1', port: dns.port }, 'example.test.', { key: XFR_KEY, timeoutMs: 30_000 });
    expect(read.ok ? read.value.length : read.message).toBe(transferRecordCount(dns) - 1);
  }, 60_000);

  it('dig IXFR from a serial the history holds: only the differences, in RFC 1995 order', async () => {
    const before = dns.zone.serial;
    const removed = dns.zone.transact(() => ({ changes: [{ name: 'host-7.example.test.', type: 1, rrset: null }], result: null }));
    expect(removed.ok).toBe(true);
    put(dns, 'host-8.example.test.', 1, 300, [a('10.0.0.8'), a('192.0.2.8')]);
    await dns.replicated();
    const soa = (serial: number): string => `example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. ${serial} 3600 600 86400 60`;
    const out = await digAt(dns.port, [...KEY_ARGS, 'example.test.', `IXFR=${before}`]);
    expect(out).not.toMatch(DIG_FAILURE);
    expect(records(out)).toEqual([
      soa(before + 2),
      soa(before), 'host-7.example.test. 300 IN A 10.0.0.7',
      soa(before + 1),
      soa(before + 1),
      soa(before + 2), 'host-8.example.test. 300 IN A 192.0.2.8',
      soa(before + 2),
    ]);
    const python = await dnspythonXfr(dns.port, 'IXFR', before);
    expect(python).toEqual({ messages: 1, records: 8 });
  }, 90_000);

  it('an IXFR of a change larger than one message comes in several messages, all verified', async () => {
    const before = dns.zone.serial;
    // Every address gets a new TTL: 5,000 deletions and 5,000 additions.
    const changes: ZoneChange[] = [];
    for (const [name, rrsets] of dns.zone.zone.names()) {
      const rrset = rrsets.get(1);
      if (rrset !== undefined && name.startsWith('host-')) changes.push({ name, type: 1, rrset: { ...rrset, ttl: 600 } });
    }
    expect(dns.zone.transact(() => ({ changes, result: null })).ok).toBe(true);
    await dns.replicated();
    const out = await digAt(dns.port, [...KEY_ARGS, 'example.test.', `IXFR=${before}`]);
    expect(out).not.toMatch(DIG_FAILURE);
    const size = digXfrSize(out);
    console.log(`dig IXFR of ${changes.length} changed RRsets: ${out.match(/;; XFR size.*/)?.[0]}`);
    const addresses = changes.reduce((sum, change) => sum + (change.rrset?.rdatas.length ?? 0), 0);
    expect(size?.records).toBe(2 * addresses + 4);
    expect(size?.messages).toBeGreaterThan(1);
    const python = await dnspythonXfr(dns.port, 'IXFR', before);
    expect(python.messages).toBe(size?.messages);
  }, 90_000);

  it('an IXFR from a serial the history does not reach gets the whole zone (RFC 1995 §4)', async () => {
    const out = await digAt(dns.port, [...KEY_ARGS, 'example.test.', 'IXFR=0']);
    expect(out).not.toMatch(DIG_FAILURE);
    expect(digXfrSize(out)?.records).toBe(transferRecordCount(dns));
  }, 90_000);
});

describe('IXFR after a restart: the journal since the last snapshot gives the differences', () => {
  const dir = tempDir('dnsplane-ixfr-restart-');
  afterAll(() => { dir.remove(); });

  it('a restarted server answers IXFR from a serial written before the restart', async () => {
    const options = { tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [] }, dataDir: dir.path };
    const first = await startTestServer(options);
    const before = first.zone.serial;
    put(first, 'kept.example.test.', 1, 60, [a('192.0.2.41')]);
    await first.close();
    const second = await startTestServer(options);
    try {
      const out = await digAt(second.port, [...KEY_ARGS, 'example.test.', `IXFR=${before}`]);
      expect(out).not.toMatch(DIG_FAILURE);
      const soa = (serial: number): string => `example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. ${serial} 3600 600 86400 60`;
      // Differences, not the zone: no NS, no glue.
      expect(records(out)).toEqual([soa(before + 1), soa(before), soa(before + 1), 'kept.example.test. 60 IN A 192.0.2.41', soa(before + 1)]);
    } finally {
      await second.close();
    }
  }, 30_000);
});

describe('BIND and Knot as secondaries of a zone over 64 KiB: AXFR, then IXFR after an UPDATE, after a NOTIFY signed over IPv6', () => {
  const dir = tempDir('dnsplane-secondaries-stream-');
  let dns: EmbeddedDns;
  let bind: Secondary;
  let knot: Secondary;

  beforeAll(async () => {
    const bindPort = await freePort();
    const knotPort = await freePort();
    dns = await startTestServer({
      tsigKeys: [XFR_KEY],
      transfer: { keys: ['xfr-key'], notify: [{ host: '::1', port: bindPort, key: 'xfr-key' }, { host: '::1', port: knotPort, key: 'xfr-key' }] },
    });
    fillZone(dns);
    const secondary = { dir: dir.path, primaryPort: dns.port, keyName: 'xfr-key', secretBase64: XFR_SECRET };
    bind = startBindSecondary({ ...secondary, port: bindPort });
    knot = startKnotSecondary({ ...secondary, port: knotPort });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([bind.stop(), knot.stop()]);
    await dns.close();
    dir.remove();
  }, 30_000);

  const serialAt = async (port: number): Promise<string> => (await kdigAt(port, ['+short', 'example.test.', 'SOA'])).trim().split(' ')[2] ?? '';
  const holdsOurSerial = (secondary: Secondary) => async (): Promise<boolean> => (await serialAt(secondary.port)) === String(dns.zone.serial);
  const sameRecords = async (secondary: Secondary): Promise<void> => {
    const ours = zoneLines(await digAt(dns.port, [...KEY_ARGS, 'example.test.', 'AXFR']));
    const theirs = zoneLines(await digAt(secondary.port, ['example.test.', 'AXFR']));
    expect(theirs).toHaveLength(ours.length);
    expect(theirs).toEqual(ours);
  };

  it('both load the whole zone by AXFR and hold exactly our records', async () => {
    expect(await waitFor(holdsOurSerial(bind), 30_000), `BIND never loaded the zone:\n${bind.log().slice(-2000)}`).toBe(true);
    expect(await waitFor(holdsOurSerial(knot), 30_000), `Knot never loaded the zone:\n${knot.log().slice(-2000)}`).toBe(true);
    await sameRecords(bind);
    await sameRecords(knot);
    expect(zoneLines(await digAt(bind.port, ['example.test.', 'AXFR'])).length).toBe(transferRecordCount(dns) - 1);
  }, 90_000);

  it('an UPDATE reaches both within seconds by a signed NOTIFY over IPv6 and an incremental transfer', async () => {
    const update = await runWithInput('nsupdate', [...KEY_ARGS, '-t', '5'], `server 127.0.0.1 ${dns.port}\nzone example.test.\nupdate delete host-1.example.test. A\nupdate add fresh.example.test. 60 A 192.0.2.77\nsend\n`);
    expect(update.code, update.stderr).toBe(0);
    const started = Date.now();
    // Our SOA refresh is an hour: only a NOTIFY that BIND and Knot accepted explains seconds.
    expect(await waitFor(holdsOurSerial(bind), 15_000), `BIND did not follow the NOTIFY:\n${bind.log().slice(-2000)}`).toBe(true);
    expect(await waitFor(holdsOurSerial(knot), 15_000), `Knot did not follow the NOTIFY:\n${knot.log().slice(-2000)}`).toBe(true);
    console.log(`UPDATE served by both secondaries after ${Date.now() - started} ms`);
    await sameRecords(bind);
    await sameRecords(knot);
    const bindLog = bind.log();
    const knotLog = knot.log();
    expect(bindLog).toMatch(/notify from \[?::1\]?#\d+: serial|received notify for zone 'example\.test'/i);
    expect(knotLog).toMatch(/IXFR, incoming, remote 127\.0\.0\.1@\d+.*finished/);
    expect(knotLog).not.toMatch(/AXFR-style IXFR/);
    // BIND does not name the kind of transfer; 6 records (of the zone's 6,000) do: the IXFR's SOAs,
    // the deleted address and the added one.
    expect(bindLog).toMatch(new RegExp(`Transfer completed: 1 messages, 6 records, .*\\(serial ${dns.zone.serial}\\)`));
  }, 60_000);

  it('a change of every address reaches both by an IXFR of several messages', async () => {
    const changes: ZoneChange[] = [];
    for (const [name, rrsets] of dns.zone.zone.names()) {
      const rrset = rrsets.get(1);
      if (rrset !== undefined && name.startsWith('host-')) changes.push({ name, type: 1, rrset: { ...rrset, ttl: 900 } });
    }
    const addresses = changes.reduce((sum, change) => sum + (change.rrset?.rdatas.length ?? 0), 0);
    expect(dns.zone.transact(() => ({ changes, result: null })).ok).toBe(true);
    expect(await waitFor(holdsOurSerial(bind), 15_000), `BIND did not follow:\n${bind.log().slice(-2000)}`).toBe(true);
    expect(await waitFor(holdsOurSerial(knot), 15_000), `Knot did not follow:\n${knot.log().slice(-2000)}`).toBe(true);
    await sameRecords(bind);
    await sameRecords(knot);
    const completed = new RegExp(`Transfer completed: (\\d+) messages, ${2 * addresses + 4} records, .*\\(serial ${dns.zone.serial}\\)`).exec(bind.log());
    console.log(`BIND, IXFR of ${addresses} deleted and added records: ${completed?.[0]}`);
    expect(Number(completed?.[1])).toBeGreaterThan(1);
    expect(knot.log().match(/IXFR, incoming, remote 127\.0\.0\.1@\d+.*finished/g)?.length).toBe(2);
  }, 60_000);

  it('a NOTIFY to a secondary that requires the key, sent without it, is refused and logged', async () => {
    const lines: string[] = [];
    const unsigned = await startTestServer({
      tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [{ host: '::1', port: knot.port }] }, log: (line) => { lines.push(line); },
    });
    try {
      put(unsigned, 'x.example.test.', 1, 60, [a('192.0.2.1')]);
      expect(await waitFor(async () => lines.some((line) => line.includes('NOTIFY refused by the secondary')), 10_000), lines.join('\n')).toBe(true);
    } finally {
      await unsigned.close();
    }
  }, 30_000);
});

describe('NOTIFY targets are checked at start', () => {
  it('a target naming a key the server does not have stops the start, naming the field', async () => {
    await expect(startTestServer({ tsigKeys: [XFR_KEY], transfer: { keys: ['xfr-key'], notify: [{ host: '::1', port: 5300 }, { host: '192.0.2.1', port: 53, key: 'no-such-key' }] } }))
      .rejects.toThrow(/^transfer\.notify\[1\]\.key: 'no-such-key' is not one of the server's TSIG keys \(xfr-key\.\)$/);
  });
});

/**
 * Queries keep being answered while a large UPDATE runs: dnspython asks a steady stream of UDP
 * queries while nsupdate sends one 4,000-record UPDATE (over TCP). With workers (dnsplane's
 * default, dns.workers: 2) the answering processes never wait for the writer, so every query is
 * answered promptly. And the work one UPDATE may cost is bounded: past updateRecordsMax it is
 * REFUSED before any of it is evaluated.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { TSIG_SECRET, a, put, runWithInput, startTestServer } from './helpers.js';

const run = promisify(execFile);
const RECORDS = 4000;

/** Queries `name` every 5 ms for `seconds`; prints answered count, unanswered count, max latency ms. */
const PROBE = `
import sys, time, dns.message, dns.query, dns.exception
port, name, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
answered = lost = 0
worst = 0.0
end = time.time() + seconds
while time.time() < end:
    q = dns.message.make_query(name, 'A')
    t = time.time()
    try:
        r = dns.query.udp(q, '127.0.0.1', port=port, timeout=1.0)
        if r.answer:
            answered += 1
            worst = max(worst, time.time() - t)
        else:
            lost += 1
    except dns.exception.Timeout:
        lost += 1
    time.sleep(0.005)
print(answered, lost, round(worst * 1000, 1))
`;

function nsupdateScript(port: number, count: number): string {
  const lines = Array.from({ length: count }, (_, i) => `update add big.example.test. 60 A 10.${(i >> 8) & 0xff}.${i & 0xff}.1`);
  return `server 127.0.0.1 ${port}\nzone example.test.\n${lines.join('\n')}\nsend\n`;
}

describe('a 4,000-record UPDATE while queries are asked', () => {
  let dns: EmbeddedDns | undefined;
  afterEach(async () => { await dns?.close(); dns = undefined; });

  it('with workers every query during the UPDATE is answered, none waits for it', async () => {
    dns = await startTestServer({ workers: 2 });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    await dns.replicated();
    const probe = run('/usr/bin/python3', ['-c', PROBE, String(dns.port), 'www.example.test.', '4'], { timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = performance.now();
    const update = await runWithInput('nsupdate', ['-v', '-y', `hmac-sha256:dnsplane-key:${TSIG_SECRET}`, '-t', '20'], nsupdateScript(dns.port, RECORDS));
    const updateMs = performance.now() - started;
    expect(update.code, update.stderr).toBe(0);
    const [answered, lost, worstMs] = (await probe).stdout.trim().split(/\s+/).map(Number);
    console.log(`4,000-record UPDATE ${updateMs.toFixed(0)} ms; queries meanwhile: ${answered} answered, ${lost} lost, slowest ${worstMs} ms`);
    expect(dns.zone.reader.rrset('big.example.test.', 1)?.rdatas.length).toBe(RECORDS);
    expect(lost).toBe(0);
    expect(answered).toBeGreaterThan(100);
    // The UPDATE alone blocks its process for a few hundred ms; the workers never wait that long.
    expect(worstMs).toBeLessThan(250);
  }, 60_000);

  it('an UPDATE listing more records than updateRecordsMax is REFUSED and changes nothing', async () => {
    dns = await startTestServer({ updateRecordsMax: 3000 });
    const update = await runWithInput('nsupdate', ['-v', '-y', `hmac-sha256:dnsplane-key:${TSIG_SECRET}`, '-t', '20'], nsupdateScript(dns.port, RECORDS));
    expect(update.code).not.toBe(0);
    expect(`${update.stdout}${update.stderr}`).toMatch(/REFUSED/);
    expect(dns.zone.reader.rrset('big.example.test.', 1)).toBeUndefined();
    expect(dns.stats().updatesRefused).toBe(1);
  }, 30_000);
});

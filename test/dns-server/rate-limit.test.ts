/**
 * Response rate limiting against a real flood: dnspython sends a bounded burst of identical UDP
 * queries from 127.0.0.1 (as a spoofed victim's address would appear), and the replies that come
 * back are counted. Before RRL every query was answered in full — an amplifier.
 *
 * Also checked: slip sends truncated replies (so dig, a real client behind the flood, still gets
 * its answer over TCP), another prefix is not limited, TCP is never limited, and the counts reach
 * stats() (from which /metrics reads) with workers too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { a, dig, put, startTestServer } from './helpers.js';

const run = promisify(execFile);

/** Sends `count` A queries for `name` ({i}: the query's index) as fast as it can, collects replies for 1 s more; prints full and truncated replies and seconds. */
const FLOOD = `
import socket, sys, threading, time, dns.message, dns.flags
port, name, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.setsockopt(socket.SOL_SOCKET, 33, 1 << 22)  # SO_RCVBUFFORCE (root): no reply lost to our own buffer
except OSError:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
s.bind(('127.0.0.1', 0))
s.settimeout(0.05)
counts = {'full': 0, 'truncated': 0}
done = threading.Event()
def receive():
    while not done.is_set():
        try:
            data = s.recv(4096)
        except socket.timeout:
            continue
        reply = dns.message.from_wire(data)
        counts['truncated' if reply.flags & dns.flags.TC else 'full'] += 1
receiver = threading.Thread(target=receive)
receiver.start()
start = time.time()
for i in range(count):
    q = dns.message.make_query(name.replace('{i}', str(i)), 'A')
    q.id = i & 0xffff
    s.sendto(q.to_wire(), ('127.0.0.1', port))
    if i % 100 == 99:
        time.sleep(0.001)
sent = time.time() - start
time.sleep(1.0)
done.set()
receiver.join()
print(counts['full'], counts['truncated'], round(sent, 3))
`;

async function flood(port: number, name: string, count: number): Promise<{ full: number; truncated: number; seconds: number }> {
  const { stdout } = await run('/usr/bin/python3', ['-c', FLOOD, String(port), name, String(count)], { timeout: 30_000 });
  const [full, truncated, seconds] = stdout.trim().split(/\s+/).map(Number);
  return { full: full!, truncated: truncated!, seconds: seconds! };
}

const LIMIT = { responsesPerSecond: 20, slip: 2, windowSeconds: 5, ipv4PrefixLength: 32, ipv6PrefixLength: 56 };
const FLOOD_QUERIES = 2_000;

describe('response rate limiting (dnspython flood on loopback)', () => {
  let dns: EmbeddedDns | undefined;
  afterEach(async () => { await dns?.close(); dns = undefined; });

  it('without RRL every flooded query is answered in full (the amplifier the issue describes)', async () => {
    dns = await startTestServer();
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    const result = await flood(dns.port, 'www.example.test.', 500);
    expect(result.full).toBeGreaterThan(450);
  }, 40_000);

  it('limits full answers to about the rate, slips half of the rest truncated, drops the others', async () => {
    dns = await startTestServer({ rateLimit: LIMIT });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    const result = await flood(dns.port, 'www.example.test.', FLOOD_QUERIES);
    // Burst of one second's credit, plus what the flood's duration earns.
    const allowed = LIMIT.responsesPerSecond * (1 + result.seconds) + 5;
    expect(result.full).toBeGreaterThanOrEqual(LIMIT.responsesPerSecond);
    expect(result.full).toBeLessThanOrEqual(allowed);
    // What the server answered (its receive buffer may drop part of a burst), less what got through.
    const limited = (dns.stats().queriesByRcode['NOERROR'] ?? 0) - result.full;
    expect(limited).toBeGreaterThan(FLOOD_QUERIES * 0.75 - result.full);
    // slip 2: every second limited reply goes out truncated (a few may be lost by the socket buffer).
    expect(result.truncated).toBeGreaterThan(limited * 0.4);
    expect(result.truncated).toBeLessThanOrEqual(Math.ceil(limited / 2) + 1);
    const stats = dns.stats();
    expect(stats.rateLimited.slipped).toBeGreaterThanOrEqual(result.truncated);
    expect(stats.rateLimited.slipped + stats.rateLimited.dropped).toBe(limited);
    expect(stats.rateLimited.dropped).toBeGreaterThan(limited * 0.4);
  }, 40_000);

  it('while the flood is limited: dig from the flooded address still gets its answer (TC then TCP), another address is not limited', async () => {
    dns = await startTestServer({ rateLimit: { ...LIMIT, slip: 1 } });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    await flood(dns.port, 'www.example.test.', FLOOD_QUERIES);
    // The flooded account is in debt for windowSeconds: the slip truncates, dig retries over TCP.
    const flooded = await dig(dns.port, ['+short', '-b', '127.0.0.1', 'www.example.test.', 'A']);
    expect(flooded.trim()).toBe('192.0.2.1');
    const udpOnly = await dig(dns.port, ['-b', '127.0.0.1', '+ignore', 'www.example.test.', 'A']);
    expect(udpOnly).toMatch(/flags: qr[^;]* tc/);
    const other = await dig(dns.port, ['-b', '127.0.0.2', '+ignore', 'www.example.test.', 'A']);
    expect(other).not.toMatch(/flags: qr[^;]* tc/);
    expect(other).toMatch(/192\.0\.2\.1/);
    const tcp = await dig(dns.port, ['+tcp', '-b', '127.0.0.1', '+short', 'www.example.test.', 'A']);
    expect(tcp.trim()).toBe('192.0.2.1');
  }, 40_000);

  it('random names (NXDOMAIN) share one account per prefix: a random-subdomain flood is limited too', async () => {
    dns = await startTestServer({ rateLimit: { ...LIMIT, slip: 0 } });
    const result = await flood(dns.port, 'x{i}-nope.example.test.', FLOOD_QUERIES);
    expect(result.full).toBeLessThanOrEqual(LIMIT.responsesPerSecond * (1 + result.seconds) + 5);
    expect(result.truncated).toBe(0);
    // The server's own receive buffer may drop part of a burst: count what it answered.
    const answered = dns.stats().queriesByRcode['NXDOMAIN'] ?? 0;
    expect(answered).toBeGreaterThan(FLOOD_QUERIES * 0.75);
    expect(dns.stats().rateLimited.dropped).toBe(answered - result.full);
  }, 40_000);

  it('with workers the limit holds for the server as a whole, and the counts come back from the workers', async () => {
    dns = await startTestServer({ rateLimit: LIMIT, workers: 2 });
    put(dns, 'www.example.test.', 1, 60, [a('192.0.2.1')]);
    await dns.replicated();
    const result = await flood(dns.port, 'www.example.test.', FLOOD_QUERIES);
    // Each worker allows responsesPerSecond / 2: together about the rate again.
    expect(result.full).toBeLessThanOrEqual(LIMIT.responsesPerSecond * (1 + result.seconds) + 10);
    expect(result.truncated).toBeGreaterThan(0);
    let stats = dns.stats();
    for (let i = 0; i < 40 && stats.rateLimited.slipped === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stats = dns.stats();
    }
    expect(stats.rateLimited.slipped).toBeGreaterThan(0);
    expect(stats.queriesByRcode['NOERROR']).toBeGreaterThanOrEqual(FLOOD_QUERIES - 50);
  }, 60_000);
});

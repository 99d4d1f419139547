import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { RRType, encodeMessage, makeQuery, parseMessage, tsigKey, type DnsMessage, type RData } from '../../src/dns-wire/index.js';
import { startEmbeddedDns, type EmbeddedDns, type EmbeddedDnsOptions } from '../../src/dns-server/server.js';
import type { RRset, ZoneChange } from '../../src/dns-server/zone.js';

export const ORIGIN = 'example.test.';
export const TSIG_SECRET = Buffer.from('dnsplane-test-secret-0123456789abcdef').toString('base64');
export const TSIG_KEY = tsigKey('dnsplane-key', 'hmac-sha256', TSIG_SECRET);

const run = promisify(execFile);

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startTestServer(overrides: Partial<EmbeddedDnsOptions> = {}): Promise<EmbeddedDns> {
  return startEmbeddedDns({
    origin: ORIGIN,
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: null,
    tsigKeys: [TSIG_KEY],
    random: new SeededRandom(7),
    ...overrides,
  });
}

export function put(dns: EmbeddedDns, name: string, type: number, ttl: number, rdatas: RData[], extra: Partial<RRset> = {}): void {
  const change: ZoneChange = { name, type, rrset: { type, ttl, rdatas, ...extra } };
  const outcome = dns.zone.transact(() => ({ changes: [change], result: null }));
  if (!outcome.ok) throw new Error(outcome.reason);
}

export const a = (address: string): RData => ({ kind: 'A', address });
export const aaaa = (address: string): RData => ({ kind: 'AAAA', address });
export const txt = (...strings: string[]): RData => ({ kind: 'TXT', strings });

/** Runs dig against the server; every query bounded by +time/+tries. */
export async function dig(port: number, args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args], { timeout: 15_000 });
  return stdout;
}

export async function runWithInput(command: string, args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1;
      resolve({ code, stdout, stderr });
    });
    child.stdin!.end(input);
  });
}

/** One UDP query with our own codec; rejects after timeoutMs. */
export async function udpQuery(port: number, message: DnsMessage | Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
  const socket = createSocket('udp4');
  const bytes = message instanceof Uint8Array ? message : encodeMessage(message);
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('udp query timed out')), timeoutMs);
      socket.once('message', (reply) => { clearTimeout(timer); resolve(new Uint8Array(reply)); });
      socket.send(bytes, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

export async function queryAddresses(port: number, name: string, family: 'A' | 'AAAA'): Promise<string[]> {
  const reply = parseMessage(await udpQuery(port, makeQuery(Math.floor(Math.random() * 65535), name, family === 'A' ? RRType.A : RRType.AAAA)));
  if (!reply.ok) throw new Error(reply.error.reason);
  return reply.value.message.answers.flatMap((rr) => (rr.data.kind === 'A' || rr.data.kind === 'AAAA' ? [rr.data.address] : []));
}

/**
 * Shared pieces of the RFC 2136 tests: a provider for a running server, `dig` as the independent
 * client, `nsupdate` as the operator's hand, and the server lifecycle for one test file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Rfc2136Provider, type Rfc2136ProviderOptions } from '../../../src/adapters/dns-rfc2136/rfc2136-provider.js';
import type { FenceRaw } from '../../../src/core/model/fence.js';
import { providerId } from '../../../src/core/model/ids.js';
import { tsigKey, type TsigKey } from '../../../src/dns-wire/index.js';
import type { DnsProviderHarness } from '../../contract/dns-provider.contract.js';
import type { RealDnsServer, TsigMaterial } from '../../support/dns-servers.js';

const run = promisify(execFile);

export interface ServerUnderTest {
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly zone: string;
  readonly tsig: TsigMaterial;
  /** Present for real servers (restart tests). */
  readonly real?: RealDnsServer;
}

export function keyOf(tsig: TsigMaterial): TsigKey {
  return tsigKey(tsig.name, tsig.algorithm, tsig.secretBase64);
}

export function providerFor(server: ServerUnderTest, overrides: Partial<Rfc2136ProviderOptions> = {}): Rfc2136Provider {
  return new Rfc2136Provider({
    id: providerId(`rfc2136-${server.label}`),
    server: { host: server.host, port: server.port },
    zone: server.zone,
    key: keyOf(server.tsig),
    ...overrides,
  });
}

/** dig as an independent client: the addresses the server answers for a name (sorted). */
export async function digAddresses(server: ServerUnderTest, name: string, family: 'A' | 'AAAA'): Promise<string[]> {
  const { stdout } = await run('dig', [`@${server.host}`, '-p', String(server.port), '+short', '+norec', '+time=2', '+tries=2', name, family], { timeout: 15_000 });
  return stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '').sort();
}

export async function digTxt(server: ServerUnderTest, name: string): Promise<string[]> {
  const { stdout } = await run('dig', [`@${server.host}`, '-p', String(server.port), '+short', '+norec', '+time=2', '+tries=2', name, 'TXT'], { timeout: 15_000 });
  return stdout.split('\n').map((line) => line.trim().replace(/^"|"$/g, '')).filter((line) => line !== '');
}

/**
 * Runs nsupdate with the server's key from a key file (never on the command line, where `ps`
 * would show it). Returns nsupdate's exit code and output.
 */
export async function nsupdate(server: ServerUnderTest, lines: readonly string[]): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-nsupdate-'));
  const keyFile = join(dir, 'key.conf');
  writeFileSync(keyFile, `key "${server.tsig.name}" { algorithm ${server.tsig.algorithm}; secret "${server.tsig.secretBase64}"; };\n`, { mode: 0o600 });
  const script = [`server ${server.host} ${server.port}`, `zone ${server.zone}`, ...lines, 'send', ''].join('\n');
  try {
    return await new Promise((resolve) => {
      const child = execFile('nsupdate', ['-v', '-t', '5', '-k', keyFile], { timeout: 20_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      });
      child.stdin!.end(script);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An operator writes a fence TXT by hand (replacing whatever is there). */
export async function setFenceTxtByHand(server: ServerUnderTest, endpoint: string, text: string): Promise<void> {
  const name = `_dnsplane.${endpoint}`;
  const result = await nsupdate(server, [`update delete ${name} TXT`, `update add ${name} 5 TXT "${text}"`]);
  if (result.code !== 0) throw new Error(`nsupdate failed (${result.code}): ${result.output}`);
}

/** An operator replaces the fence TXT RRset by hand with exactly these records and character-strings. */
export async function setFenceRawByHand(server: ServerUnderTest, endpoint: string, raw: FenceRaw): Promise<void> {
  const name = `_dnsplane.${endpoint}`;
  const quoted = (strings: readonly string[]) => strings.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
  const result = await nsupdate(server, [`update delete ${name} TXT`, ...raw.map((strings) => `update add ${name} 5 TXT ${quoted(strings)}`)]);
  if (result.code !== 0) throw new Error(`nsupdate failed (${result.code}): ${result.output}`);
}

/** The contract suite's harness for a running server: the provider, dig for answers, nsupdate for hand edits. */
export function contractHarness(sut: () => ServerUnderTest): () => Promise<DnsProviderHarness> {
  return async () => {
    const provider = providerFor(sut());
    return {
      provider,
      zone: sut().zone,
      queryAddresses: (name, family) => digAddresses(sut(), name, family),
      setFenceByHand: (endpoint, text) => setFenceTxtByHand(sut(), endpoint, text),
      setFenceRaw: (endpoint, raw) => setFenceRawByHand(sut(), endpoint, raw),
      close: async () => provider.close(),
    };
  };
}

/**
 * Several targets per deployment: `startRuntime` with `providers: [embedded, rfc2136 → BIND]`. Each
 * Enactor writes both, `status` shows the live generation per endpoint per provider id, and `dig`
 * against BIND sees the plan. A wrong secret source stops start-up with a message that names the
 * file, never the secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfigText, type DnsplaneConfig } from '../../../src/app/config/index.js';
import { startRuntime } from '../../../src/app/runtime.js';
import { realDnsServersAvailable, startDnsServer, type RealDnsServer } from '../../support/dns-servers.js';
import { digAddresses, digTxt } from './harness.js';

describe.runIf(realDnsServersAvailable(['bind']))('several targets per deployment', () => {
  let bind: RealDnsServer | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'dnsplane-runtime-targets-'));
  beforeAll(async () => {
    bind = await startDnsServer('bind');
    writeFileSync(join(dir, 'tsig.key'), `key "${bind.tsig.name}" { algorithm ${bind.tsig.algorithm}; secret "${bind.tsig.secretBase64}"; };\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await bind?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function config(secretFile: string): DnsplaneConfig {
    const text = `zone: example.test.
region: us-east-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 192.0.2.1 }
  - { id: lb-2, az: az2, ipv4: 192.0.2.2 }
endpoints:
  - { name: api.example.test. }
  - { name: api.az1.example.test., select: { az: az1 } }
enactors: [az1, az2]
planner: { intervalMs: 50 }
enactor: { intervalMs: 50 }
dns: { listen: "127.0.0.1:0" }
store: { sqlite: "${join(dir, `plans-${Date.now()}.db`)}" }
providers:
  - { id: embedded, type: embedded }
  - { id: bind-primary, type: rfc2136, server: "127.0.0.1:${bind!.port}", tsig: { name: ${bind!.tsig.name}, algorithm: ${bind!.tsig.algorithm}, secretFile: "${secretFile}" } }
`;
    const parsed = parseConfigText(text, 'targets.yaml');
    if (!parsed.ok) throw new Error(formatConfigIssues(parsed.errors));
    return parsed.config;
  }

  it('each Enactor writes every target; status shows the live generation per endpoint per provider', async () => {
    const lines: string[] = [];
    const runtime = await startRuntime({ config: config(join(dir, 'tsig.key')), dataDir: join(dir, 'data'), log: (line) => lines.push(line) });
    try {
      let converged = false;
      for (let poll = 0; poll < 100 && !converged; poll++) {
        const status = await runtime.status();
        converged = status.endpoints.every((e) => (e.providers['embedded']?.generation ?? 0) > 0 && (e.providers['bind-primary']?.generation ?? 0) > 0);
        if (!converged) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(converged).toBe(true);
      const status = await runtime.status();
      const regional = status.endpoints.find((e) => e.name === 'api.example.test.')!;
      expect(regional.providers['bind-primary']!.generation).toBe(regional.providers['embedded']!.generation);
      expect([...regional.providers['bind-primary']!.addresses].sort()).toEqual(['192.0.2.1', '192.0.2.2']);
      expect(await digAddresses({ label: 'bind', host: '127.0.0.1', port: bind!.port, zone: 'example.test.', tsig: bind!.tsig }, 'api.az1.example.test.', 'A')).toEqual(['192.0.2.1']);
      const fence = await digTxt({ label: 'bind', host: '127.0.0.1', port: bind!.port, zone: 'example.test.', tsig: bind!.tsig }, '_dnsplane.api.example.test.');
      expect(fence[0]).toMatch(/^gen=\d+ digest=[0-9a-f]+ by=az[12]$/);
      expect(lines.join('\n')).not.toContain(bind!.tsig.secretBase64);
    } finally {
      await runtime.stop();
    }
  });

  it('a missing secret file stops start-up with a message naming the file, not the secret', async () => {
    const missing = join(dir, 'no-such.key');
    const error = await startRuntime({ config: config(missing), dataDir: join(dir, 'data2'), log: () => undefined }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('provider bind-primary');
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).not.toContain(bind!.tsig.secretBase64);
  });
});

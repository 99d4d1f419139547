/**
 * The in-process runtime (startRuntime: the same composition as `dnsplane up`) against real local
 * HTTP load balancers (DemoFleet), with fast intervals, for the issue 5 acceptance tests. DNS is
 * read with `dig` from the embedded server; everything runs on 127.0.0.1 with ephemeral ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatConfigIssues, parseConfigText } from '../../src/app/config/index.js';
import { DemoFleet } from '../../src/app/demo-fleet.js';
import { startRuntime, type Runtime } from '../../src/app/runtime.js';
import { startHttpApi, type HttpApi } from '../../src/api/http-api.js';
import { ApiTokens } from '../../src/api/tokens.js';
import type { Prober } from '../../src/core/ports/prober.js';
import type { StatusReport } from '../../src/app/status.js';
import { dig, sleep } from '../support/dnsplane-process.js';

export interface HealthRig {
  readonly runtime: Runtime;
  readonly fleet: DemoFleet;
  readonly api: HttpApi;
  readonly logs: string[];
  answer(name: string): Promise<string[]>;
  status(): Promise<StatusReport>;
  close(): Promise<void>;
}

export interface LbLine { readonly id: string; readonly az: string; readonly ipv4: string }

/** Starts the load balancers, then the runtime with `configFor(ports)` (YAML text). */
export async function startHealthRig(lbs: readonly LbLine[], configFor: (lbLines: string) => string, proberFor?: (zone: string) => Prober): Promise<HealthRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dnsplane-health-'));
  const fleet = await DemoFleet.start(lbs.map((lb) => lb.id), []);
  const ports = fleet.ports();
  const lbLines = lbs.map((lb, i) => `  - { id: ${lb.id}, az: ${lb.az}, ipv4: ${lb.ipv4}, capacity: 10, check: { http: "http://127.0.0.1:${ports[i]!}/health" } }`).join('\n');
  const parsed = parseConfigText(configFor(lbLines), 'health-rig.yaml', { dataDir });
  if (!parsed.ok) {
    await fleet.close();
    throw new Error(formatConfigIssues(parsed.errors));
  }
  const logs: string[] = [];
  const runtime = await startRuntime({ config: parsed.config, dataDir, log: (line) => logs.push(line), ...(proberFor ? { proberFor } : {}) });
  const api = await startHttpApi(runtime, { listen: { host: '127.0.0.1', port: 0 }, security: RIG_SECURITY });
  const server = { host: '127.0.0.1', port: runtime.dns.port };
  return {
    runtime, fleet, api, logs,
    answer: (name) => dig(server, name, 'A'),
    status: () => runtime.status(),
    close: async () => {
      await api.close();
      await runtime.stop();
      await fleet.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One operator token per name the tests act as: what they do is recorded under that name. */
export const RIG_TOKENS = { erin: 'erin-token-0123456789abcdef', frank: 'frank-token-0123456789abcdef' } as const;

/** The environment a CLI child needs to act as `name` on the rig's API. */
export function actingAs(name: keyof typeof RIG_TOKENS): { env: NodeJS.ProcessEnv } {
  return { env: { ...process.env, DNSPLANE_API_TOKEN: RIG_TOKENS[name] } };
}

const RIG_SECURITY = {
  tokens: ApiTokens.of(Object.entries(RIG_TOKENS).map(([name, token]) => ({ name, scopes: ['read', 'operate'] as const, token }))),
  listenHost: '127.0.0.1', allowedHosts: [], allowUnauthenticatedLoopback: false, rateLimit: { requestsPerMinute: 100_000, writesPerMinute: 1000 },
};

/** The common head of a test config: zone, region, three Enactor zones on ephemeral ports. */
export function configHead(lbLines: string): string {
  return [
    'zone: example.test.',
    'region: us-east-1',
    'loadBalancers:',
    lbLines,
  ].join('\n');
}

export const FAST_LOOPS = [
  'enactors: [az1, az2, az3]',
  'planner: { intervalMs: 50 }',
  'enactor: { intervalMs: 25 }',
  'dns: { listen: "127.0.0.1:0" }',
  'http: { listen: "127.0.0.1:0" }',
].join('\n');

/** Samples `sample()` every `everyMs` for `durationMs` (bounded), returning every value seen. */
export async function sampleFor<T>(durationMs: number, everyMs: number, sample: () => Promise<T>): Promise<T[]> {
  const seen: T[] = [];
  const started = Date.now();
  const roundsMax = Math.ceil(durationMs / everyMs) + 1;
  for (let i = 0; i < roundsMax && Date.now() - started < durationMs; i++) {
    seen.push(await sample());
    await sleep(everyMs);
  }
  return seen;
}

export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<number | null> {
  const started = Date.now();
  for (let i = 0; Date.now() - started <= timeoutMs && i < 100_000; i++) {
    if (await probe()) return Date.now() - started;
    await sleep(everyMs);
  }
  return null;
}

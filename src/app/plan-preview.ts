/**
 * `dnsplane plan`: the Planner's own next attempt, built by the one assembly with the configured
 * settings, against the stored plans and what the providers serve — without the write. The
 * embedded server is read over the wire at `dns.listen` (as a resolver would); RFC 2136 and
 * Route 53 targets are read as the Enactors read them.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { systemClock } from '../adapters/clock-system/system-clock.js';
import { readLiveOverWire } from '../adapters/dns-client/live-reader.js';
import { MemoryPlanStore } from '../adapters/store-memory/memory-plan-store.js';
import { SystemProber } from '../adapters/probe-system/system-prober.js';
import { SqliteControlStore } from '../adapters/store-sqlite/sqlite-control-store.js';
import { SqlitePlanStore } from '../adapters/store-sqlite/sqlite-plan-store.js';
import type { LoadBalancerId } from '../core/model/ids.js';
import { providerId } from '../core/model/ids.js';
import { materialiseWeighted } from '../core/model/served.js';
import type { PlannerPreview } from '../core/planner/planner.js';
import type { DnsProvider, LiveEndpoint } from '../core/ports/dns-provider.js';
import type { HealthView } from '../core/ports/health-view.js';
import { failure, ok, type Result } from '../core/ports/result.js';
import type { OperatorControl } from '../core/safety/operator-controls.js';
import { ControlPlaneAssembly } from './assembly.js';
import { controlPlaneSettings } from './config/control-plane.js';
import type { DnsplaneConfig } from './config/index.js';
import { buildDeploymentProviders, type BuiltProvider } from './providers.js';

export interface PlanPreviewResult {
  readonly preview: PlannerPreview;
  readonly providers: readonly DnsProvider[];
}

/** Nothing is written: not the store (the lease is not taken), not DNS. */
export async function previewNextPlan(config: DnsplaneConfig, health: HealthView): Promise<Result<PlanPreviewResult>> {
  const store = existsSync(config.store.path) ? await SqlitePlanStore.open({ path: config.store.path }) : ok(null);
  if (!store.ok) return failure(store.code, `cannot open the plan store ${config.store.path}: ${store.message}`, false);
  const providers = buildDeploymentProviders(config.providers, embeddedOverWire(config));
  if (!providers.ok) return providers;
  try {
    const controls = await storedControls(join(dirname(config.store.path), 'controls.db'));
    const assembly = new ControlPlaneAssembly(controlPlaneSettings(config));
    const planner = assembly.planner({
      holder: 'dnsplane-plan (preview)', clock: systemClock, events: { record: () => undefined }, store: store.value ?? new MemoryPlanStore(),
      providers: providers.value.providers, controls: { current: () => controls, refresh: async () => undefined },
      health: { view: () => health, unhealthySinceMs: (_id: LoadBalancerId) => undefined },
    });
    return ok({ preview: await planner.preview(), providers: providers.value.providers });
  } finally {
    providers.value.close();
    store.value?.close();
  }
}

/** The embedded server as a resolver sees it: queries at dns.listen. Read-only: a preview never writes. */
function embeddedOverWire(config: DnsplaneConfig): (id: string) => BuiltProvider {
  return (id) => ({
    provider: {
      id: providerId(id),
      writesPerTransactionMax: 1,
      materialise: materialiseWeighted,
      readEndpoints: (names) => readLiveOverWire(config.dns.listen, names),
      applyFenced: async () => failure('read-only', 'dnsplane plan never writes', false),
    },
  });
}

async function storedControls(path: string): Promise<readonly OperatorControl[]> {
  if (!existsSync(path)) return [];
  const opened = await SqliteControlStore.open({ path });
  if (!opened.ok) return [];
  try {
    const listed = await opened.value.list();
    return listed.ok ? listed.value : [];
  } finally {
    opened.value.close();
  }
}

/** What live DNS answers for every managed name, queried at dns.listen as a resolver would. */
export function readLiveDns(config: DnsplaneConfig): Promise<Result<LiveEndpoint[]>> {
  return readLiveOverWire(config.dns.listen, config.fleet.endpoints.map((e) => e.name));
}

/** One probe of every checked load balancer now (when no running instance can tell its thresholded view). */
export async function probeEveryCheckOnce(config: DnsplaneConfig): Promise<Map<LoadBalancerId, boolean>> {
  const prober = new SystemProber();
  const results = await Promise.all(config.checks.map(async (c) => [c.id, (await prober.probe(c.target, config.health.timeoutMs)).healthy] as const));
  return new Map(results);
}

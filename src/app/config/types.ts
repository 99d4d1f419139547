/**
 * The loaded configuration, in the shapes the rest of dnsplane consumes: the fleet exactly as core's
 * FleetSpec, health as core's HealthSettings, probe targets as core's ProbeTarget. Everything here
 * is validated and has its defaults filled in; nothing downstream re-checks it.
 */
import type { CleanerSettings } from '../../core/cleaner/cleaner.js';
import type { EnactorSettings } from '../../core/enactor/enactor.js';
import type { CheckedLoadBalancer, HealthSettings } from '../../core/health/health-monitor.js';
import type { FleetSpec } from '../../core/model/fleet.js';
import type { EnactorId } from '../../core/model/ids.js';
import type { PlannerSettings } from '../../core/planner/planner.js';
import type { GuardSettings } from '../../core/planner/guards.js';
import type { SafetySettings } from '../../core/safety/safety-settings.js';
import type { HostPort } from './field-checks.js';
import type { TSIG_ALGORITHMS } from './schema.js';

export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

export interface TsigKey {
  /** Absolute, lower case: `dnsplane-key.`. */
  readonly name: string;
  readonly algorithm: TsigAlgorithm;
  /** Base64 text, as in the file; decode with Buffer.from(secret, 'base64'). */
  readonly secret: string;
}

export interface DnsServerConfig {
  readonly listen: HostPort;
  /** Worker processes answering queries (0: the main process answers). */
  readonly workers: number;
  readonly tsig?: TsigKey;
  /** Operators' keys: every name but the managed ones and `_dnsplane.*`. */
  readonly operatorKeys: readonly TsigKey[];
  readonly updateRecordsMax: number;
  /** responsesPerSecond 0: off. */
  readonly rateLimit: { readonly responsesPerSecond: number; readonly slip: number; readonly windowSeconds: number; readonly ipv4PrefixLength: number; readonly ipv6PrefixLength: number };
  readonly tcp: { readonly connectionsPerClientMax: number; readonly messageDeadlineMs: number };
  /** Key names (absolute, lower case) allowed AXFR/IXFR, and secondaries to NOTIFY. */
  /** A notify target's key, when it has one, is dns.tsig's or an operator key's name. */
  readonly transfer: { readonly keys: readonly string[]; readonly notify: readonly (HostPort & { readonly key?: string })[] };
}

export type { HttpConfig } from './http-schema.js';
import type { HttpConfig } from './http-schema.js';

/**
 * Where plans are stored. `path` is the SQLite file `up` and `plan` use; `etcd`, when configured,
 * is the store of the role processes (docs/distributed.md).
 */
export interface StoreConfig { readonly kind: 'sqlite'; readonly path: string; readonly etcd?: EtcdStoreConfig }
import type { EtcdStoreConfig } from './store-schema.js';

/** An authoritative DNS target (config `providers:`); secrets are referenced, never held here. */
export type ProviderConfig =
  | { readonly id: string; readonly type: 'embedded' }
  | {
    readonly id: string; readonly type: 'rfc2136'; readonly server: HostPort; readonly zone: string;
    readonly tsig: { readonly name: string; readonly algorithm: TsigAlgorithm; readonly secretFile?: string; readonly secretEnv?: string };
    readonly batchSize: number; readonly timeoutMs: number; readonly reads: 'auto' | 'axfr' | 'query'; readonly inFlight: number;
  }
  | { readonly id: string; readonly type: 'route53'; readonly hostedZoneId: string; readonly region: string; readonly batchSize: number; readonly waitForInsync: boolean; readonly zone: string };

export interface DnsplaneConfig {
  /** The file it was loaded from (absolute), or the label given to parseConfigText. */
  readonly source: string;
  /** Absolute, lower case. */
  readonly zone: string;
  readonly region: string;
  readonly fleet: FleetSpec;
  /** Load balancers with a health check; one without a check is always healthy. */
  readonly checks: readonly CheckedLoadBalancer[];
  readonly enactors: readonly EnactorId[];
  /** `vantagePoints` absent: one per Enactor zone (the enactors list). */
  readonly health: HealthSettings & { readonly vantagePoints?: readonly string[] };
  readonly guards: GuardSettings;
  /** The Planner's settings but safety (its own section, below). */
  readonly planner: Omit<PlannerSettings, 'safety'> & { readonly intervalMs: number };
  readonly enactor: EnactorSettings & { readonly intervalMs: number };
  readonly cleaner: CleanerSettings & { readonly intervalMs: number };
  readonly dns: DnsServerConfig;
  readonly http: HttpConfig;
  readonly store: StoreConfig;
  /** Never empty: `[{ id: 'embedded', type: 'embedded' }]` when the file has no `providers:`. */
  readonly providers: readonly ProviderConfig[];
  /** Fail-open, velocity, zone failover (`safety:`). */
  readonly safety: SafetySettings;
  /** `regions:`: each region's regional endpoint (absolute, lower case); globalNames route among them. */
  readonly regions: readonly { readonly name: string; readonly endpoint: string }[];
}

export interface ConfigIssue {
  /** The file (or label) the issue is in. */
  readonly file: string;
  /** 1-based; absent when the problem has no position (an unreadable file). */
  readonly line?: number;
  readonly column?: number;
  /** The field, as `loadBalancers[2].ipv4`; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: DnsplaneConfig }
  | { readonly ok: false; readonly errors: readonly ConfigIssue[] };

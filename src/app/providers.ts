/**
 * Builds the DnsProviders of a deployment from config `providers:` (ARCHITECTURE §1 "Providers").
 * Every Enactor writes every one of them, each fenced independently. TSIG secrets are loaded here,
 * from their file or environment variable; a failure names where it looked, never the secret.
 */
import { EmbeddedDnsProvider } from '../adapters/dns-embedded/embedded-dns-provider.js';
import { Rfc2136Provider } from '../adapters/dns-rfc2136/rfc2136-provider.js';
import { loadTsigKey } from '../adapters/dns-rfc2136/tsig-secret.js';
import { Route53Provider, createRoute53Client } from '../adapters/dns-route53/route53-provider.js';
import { providerId } from '../core/model/ids.js';
import type { DnsProvider } from '../core/ports/dns-provider.js';
import { failure, ok, type Result } from '../core/ports/result.js';
import type { EmbeddedDns } from '../dns-server/server.js';
import type { ProviderConfig } from './config/index.js';

/** Without the fleet at hand: the config's limit on `answers`, which always fits. */
const ANSWERS_PER_FAMILY_DEFAULT_MAX = 64;

/** A provider and what lets go of what it holds (connections, a subscription to the embedded zone). */
export interface BuiltProvider {
  readonly provider: DnsProvider;
  readonly close?: () => void;
}

export interface DeploymentProviders {
  readonly providers: readonly DnsProvider[];
  /** Closes what the providers hold (RFC 2136 TCP connections, the embedded provider's commit listener). */
  close(): void;
}

/**
 * Every configured provider; the embedded one through `embedded(id)` (the running server's zone
 * in `up`; a read-only view over the wire in `dnsplane plan`). Route 53 sizes its one change
 * batch per write by `answersPerFamilyMax`, the largest answer a name may have.
 */
export function buildDeploymentProviders(configs: readonly ProviderConfig[], embedded: (id: string) => BuiltProvider, env: NodeJS.ProcessEnv = process.env, answersPerFamilyMax = ANSWERS_PER_FAMILY_DEFAULT_MAX): Result<DeploymentProviders> {
  const providers: DnsProvider[] = [];
  const closers: (() => void)[] = [];
  for (const config of configs) {
    const built = config.type === 'embedded' ? ok(embedded(config.id)) : buildOne(config, env, answersPerFamilyMax);
    if (!built.ok) {
      for (const close of closers) close();
      return failure(built.code, `provider ${config.id}: ${built.message}`, false);
    }
    providers.push(built.value.provider);
    if (built.value.close) closers.push(built.value.close);
  }
  return ok({ providers, close: () => closers.forEach((close) => close()) });
}

/** The embedded server's zone as a provider (`up`). */
export function embeddedProviderOf(dns: EmbeddedDns): (id: string) => BuiltProvider {
  return (id) => {
    const provider = new EmbeddedDnsProvider(providerId(id), dns.zone);
    return { provider, close: () => provider.close() };
  };
}

function buildOne(config: Exclude<ProviderConfig, { type: 'embedded' }>, env: NodeJS.ProcessEnv, answersPerFamilyMax: number): Result<BuiltProvider> {
  const id = providerId(config.id);
  switch (config.type) {
    case 'rfc2136': {
      const key = loadTsigKey({ name: config.tsig.name, algorithm: config.tsig.algorithm, ...pickSecretSource(config.tsig) }, env);
      if (!key.ok) return key;
      const provider = new Rfc2136Provider({
        id, server: config.server, zone: config.zone, key: key.value,
        writesPerTransactionMax: config.batchSize, timeoutMs: config.timeoutMs, reads: config.reads, inFlightMax: config.inFlight,
      });
      return ok({ provider, close: () => provider.close() });
    }
    case 'route53': {
      const client = createRoute53Client({ region: config.region });
      const provider = new Route53Provider({
        id, client, hostedZoneId: config.hostedZoneId, zone: config.zone, writesPerTransactionMax: config.batchSize, answersPerFamilyMax,
        ...(config.waitForInsync ? { waitForInsync: { timeoutMs: 120_000, pollIntervalMs: 2000 } } : {}),
      });
      return ok({ provider, close: () => client.destroy() });
    }
  }
}

function pickSecretSource(tsig: { readonly secretFile?: string; readonly secretEnv?: string }): { secretFile?: string; secretEnv?: string } {
  return { ...(tsig.secretFile !== undefined ? { secretFile: tsig.secretFile } : {}), ...(tsig.secretEnv !== undefined ? { secretEnv: tsig.secretEnv } : {}) };
}

/**
 * Every secret the configuration references, loaded now as `up` would load it (TSIG files and
 * environment variables): `validate` reports what `up` would fail on. Never the secret itself.
 */
export function providerSecretProblems(configs: readonly ProviderConfig[], env: NodeJS.ProcessEnv = process.env): string[] {
  return configs.flatMap((config) => {
    if (config.type !== 'rfc2136') return [];
    const key = loadTsigKey({ name: config.tsig.name, algorithm: config.tsig.algorithm, ...pickSecretSource(config.tsig) }, env);
    return key.ok ? [] : [`providers: ${config.id}: ${key.message}`];
  });
}

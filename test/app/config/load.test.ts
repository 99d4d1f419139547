/** Good configurations: what loads, the defaults it gets, and how values are normalised. */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfigText, formatConfigIssues, type ConfigResult, type DnsplaneConfig } from '../../../src/app/config/index.js';
import { computePlan } from '../../../src/core/planner/compute-plan.js';
import { dnsWorkersDefault } from '../../../src/app/config/build.js';

const SECRET = 'c2VjcmV0LWtleS1mb3ItdGhlLWV4YW1wbGUtb25seSE=';

/** The example of issue 2, verbatim but for a real base64 secret. */
const ISSUE_EXAMPLE = `zone: example.test.
region: us-east-1
loadBalancers:
  - id: lb-a1
    az: use1-az1
    ipv4: 192.0.2.11
    ipv6: 2001:db8::11            # optional
    capacity: 100                 # optional, default 1; weights derive from it
    check: { http: "http://127.0.0.1:18081/health" }   # or { tcp: "127.0.0.1:18081" }; none = always healthy
endpoints:
  - name: api.us-east-1.example.test.      # the regional name
    select: {}                             # all load balancers
    ttl: 5
    answers: 8                             # at most this many addresses per answer
  - name: api.use1-az1.example.test.
    select: { az: use1-az1 }
enactors: [use1-az1, use1-az2, use1-az4]   # one independent Enactor per entry
health: { intervalMs: 1000, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 2 }
planner: { intervalMs: 1000 }
dns: { listen: "127.0.0.1:5353", tsig: { name: dnsplane-key, algorithm: hmac-sha256, secret: "${SECRET}" } }
http: { listen: "127.0.0.1:8053" }
store: { sqlite: "./dnsplane-data/plans.db" }
`;

const MINIMAL = `zone: example.test.
region: us-east-1
loadBalancers:
  - { id: lb-1, az: az1, ipv4: 192.0.2.1 }
endpoints:
  - name: api.example.test.
enactors: [e1]
`;

function loaded(result: ConfigResult): DnsplaneConfig {
  if (!result.ok) throw new Error(`rejected:\n${formatConfigIssues(result.errors)}`);
  return result.config;
}

describe('loading good configurations', () => {
  it("loads the issue's example into core's shapes", () => {
    const config = loaded(parseConfigText(ISSUE_EXAMPLE, 'issue.yaml', { baseDir: '/etc/dnsplane' }));
    expect(config.zone).toBe('example.test.');
    expect(config.region).toBe('us-east-1');
    expect(config.fleet.loadBalancers).toEqual([{ id: 'lb-a1', az: 'use1-az1', ipv4: '192.0.2.11', ipv6: '2001:db8::11', capacity: 100 }]);
    expect(config.fleet.endpoints).toEqual([
      { name: 'api.us-east-1.example.test.', select: {}, ttlSeconds: 5, answersMax: 8 },
      { name: 'api.use1-az1.example.test.', select: { az: 'use1-az1' }, ttlSeconds: 5, answersMax: 8 },
    ]);
    expect(config.checks).toEqual([{ id: 'lb-a1', target: { kind: 'http', url: 'http://127.0.0.1:18081/health' } }]);
    expect(config.enactors).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
    expect(config.dns).toEqual({ listen: { host: '127.0.0.1', port: 5353 }, workers: dnsWorkersDefault(), tsig: { name: 'dnsplane-key.', algorithm: 'hmac-sha256', secret: SECRET }, operatorKeys: [], updateRecordsMax: 6000, rateLimit: { responsesPerSecond: 100, slip: 2, windowSeconds: 15, ipv4PrefixLength: 24, ipv6PrefixLength: 56 }, tcp: { connectionsPerClientMax: 16, messageDeadlineMs: 5000 }, transfer: { keys: [], notify: [] } });
    expect(config.http).toEqual({ listen: { host: '127.0.0.1', port: 8053 }, allowUnauthenticatedLoopback: false, allowedHosts: [], rateLimit: { requestsPerMinute: 600, writesPerMinute: 60 }, controlsMax: 200 });
    expect(config.store).toEqual({ kind: 'sqlite', path: '/etc/dnsplane/dnsplane-data/plans.db' });
    expect(config.source).toBe('issue.yaml');
  });

  it('fills in every default', () => {
    const config = loaded(parseConfigText(MINIMAL, 'minimal.yaml', { dataDir: '/var/lib/dnsplane' }));
    expect(config.fleet.loadBalancers[0]!.capacity).toBe(1);
    expect(config.fleet.endpoints[0]).toEqual({ name: 'api.example.test.', select: {}, ttlSeconds: 5, answersMax: 8 });
    expect(config.checks).toEqual([]);
    expect(config.health).toEqual({ intervalMs: 1000, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 2 });
    expect(config.guards).toEqual({ minCapacityShare: 0.25 });
    expect(config.planner).toEqual({ intervalMs: 1000, liveFenceCheckIntervalMs: 5000, createAttemptsMax: 5, leaseTtlMs: 10_000, guards: { minCapacityShare: 0.25 } });
    expect(config.enactor).toEqual({ intervalMs: 250, enactAttemptsMax: 5, backoffBaseMs: 50, backoffMaxMs: 2000, reconcileIntervalMs: 30_000 });
    expect(config.cleaner).toEqual({ intervalMs: 60_000, generationsRetainedMin: 10, retentionMs: 600_000, deletionsPerTickMax: 1000 });
    expect(config.dns).toEqual({ listen: { host: '127.0.0.1', port: 5353 }, workers: dnsWorkersDefault(), operatorKeys: [], updateRecordsMax: 6000, rateLimit: { responsesPerSecond: 100, slip: 2, windowSeconds: 15, ipv4PrefixLength: 24, ipv6PrefixLength: 56 }, tcp: { connectionsPerClientMax: 16, messageDeadlineMs: 5000 }, transfer: { keys: [], notify: [] } });
    expect(config.http.listen).toEqual({ host: '127.0.0.1', port: 8053 });
    expect(config.store).toEqual({ kind: 'sqlite', path: '/var/lib/dnsplane/plans.db' });
  });

  it('fills a partly given section with defaults for the rest', () => {
    const config = loaded(parseConfigText(`${MINIMAL}health: { intervalMs: 2000 }\nenactor: { attemptsMax: 9 }\n`, 'partial.yaml'));
    expect(config.health).toEqual({ intervalMs: 2000, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 2 });
    expect(config.enactor.enactAttemptsMax).toBe(9);
    expect(config.enactor.backoffMaxMs).toBe(2000);
  });

  it('normalises names, addresses and targets', () => {
    const yaml = `zone: Example.TEST.
region: us-east-1
loadBalancers:
  - { id: lb-1, az: az1, ipv6: "2001:DB8:0:0::0:11", check: { tcp: "[::1]:8443" } }
  - { id: lb-2, az: az2, ipv4: 192.0.2.2, check: { tcp: "LocalHost:80" } }
endpoints:
  - { name: API.Example.Test., select: { ids: [lb-2, lb-1] } }
enactors: [e1]
dns: { listen: "[::1]:0", tsig: { name: Key.Example, algorithm: hmac-sha512, secret: "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2traw==" } }
`;
    const config = loaded(parseConfigText(yaml, 'norm.yaml'));
    expect(config.zone).toBe('example.test.');
    expect(config.fleet.loadBalancers[0]!.ipv6).toBe('2001:db8::11');
    expect(config.fleet.endpoints[0]).toMatchObject({ name: 'api.example.test.', select: { ids: ['lb-2', 'lb-1'] } });
    expect(config.checks.map((c) => c.target)).toEqual([
      { kind: 'tcp', host: '::1', port: 8443 },
      { kind: 'tcp', host: 'localhost', port: 80 },
    ]);
    expect(config.dns.listen).toEqual({ host: '::1', port: 0 });
    expect(config.dns.tsig?.name).toBe('key.example.');
  });

  it('produces a fleet core plans with directly', () => {
    const config = loaded(parseConfigText(ISSUE_EXAMPLE, 'issue.yaml'));
    const plan = computePlan({ fleet: config.fleet, health: new Map(), previous: null, settings: config.guards });
    expect(plan.endpoints.map((e) => e.name).sort()).toEqual(['api.us-east-1.example.test.', 'api.use1-az1.example.test.']);
    for (const endpoint of plan.endpoints) {
      expect(endpoint.addresses.map((a) => `${a.family} ${a.address} ${a.weight}`).sort()).toEqual(['A 192.0.2.11 100', 'AAAA 2001:db8::11 100']);
    }
  });
});

describe('loadConfigFile', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  it('loads a file and resolves a relative store path against its directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplane-config-'));
    const path = join(dir, 'conf.yaml');
    await writeFile(path, `${MINIMAL}store: { sqlite: data/plans.db }\n`);
    const config = loaded(await loadConfigFile(path));
    expect(config.source).toBe(path);
    expect(config.store).toEqual({ kind: 'sqlite', path: join(dir, 'data/plans.db') });
  });

  it('keeps an absolute store path as it is', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplane-config-'));
    const path = join(dir, 'conf.yaml');
    await writeFile(path, `${MINIMAL}store: { sqlite: /srv/plans.db }\n`);
    expect(loaded(await loadConfigFile(path)).store).toEqual({ kind: 'sqlite', path: '/srv/plans.db' });
  });

  it('reports a missing file as an issue naming the file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplane-config-'));
    const path = join(dir, 'absent.yaml');
    const result = await loadConfigFile(path);
    expect(result.ok).toBe(false);
    expect(formatConfigIssues(result.ok ? [] : result.errors)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the config: ENOENT`));
  });

  it('reports a directory as unreadable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnsplane-config-'));
    await mkdir(join(dir, 'conf.yaml'));
    const result = await loadConfigFile(join(dir, 'conf.yaml'));
    expect(result.ok ? '' : result.errors[0]!.message).toBe('cannot read the config: not a regular file');
  });

  it('loads examples/regional.yaml cleanly', async () => {
    const config = loaded(await loadConfigFile(resolve('examples/regional.yaml')));
    expect(config.fleet.loadBalancers.map((lb) => lb.id)).toEqual(['lb-a1', 'lb-a2', 'lb-b1', 'lb-c1']);
    expect(config.fleet.endpoints.map((e) => e.name)).toContain('api.us-east-1.example.test.');
    expect(config.enactors).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
    expect(config.checks.map((c) => c.target.kind)).toEqual(['http', 'http', 'tcp']);
    expect(config.dns.tsig?.algorithm).toBe('hmac-sha256');
  });
});

describe('dns.transfer.notify', () => {
  it('takes host:port (IPv6 in brackets) or { address, key }, the key made absolute', () => {
    const secret = Buffer.alloc(32, 1).toString('base64');
    const yaml = [
      'zone: example.test.', 'region: r1', 'loadBalancers:', '  - { id: lb-a1, az: az1, ipv4: 192.0.2.11 }', 'endpoints:', '  - name: api.example.test.', 'enactors: [az1]',
      'dns:', `  tsig: { name: xfr-key, algorithm: hmac-sha256, secret: "${secret}" }`,
      '  transfer: { notify: ["[::1]:5300", { address: "192.0.2.1:53", key: XFR-key }] }',
    ].join('\n');
    const result = parseConfigText(`${yaml}\n`, 'notify.yaml');
    expect(result.ok ? result.config.dns.transfer.notify : formatConfigIssues(result.errors)).toEqual([{ host: '::1', port: 5300 }, { host: '192.0.2.1', port: 53, key: 'xfr-key.' }]);
  });
});

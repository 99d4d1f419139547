/**
 * `store.etcd` is validated with the rest of the config (file:line:col: field: what), and
 * `dnsplane status --cluster` against an unreachable cluster says so instead of hanging or throwing.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigIssues, parseConfigText } from '../../../src/app/config/index.js';
import { clusterStatus, formatClusterStatus } from '../../../src/app/roles/cluster-status.js';
import { freePort } from '../../support/dns-servers.js';

function configWith(store: string): string {
  return [
    'zone: example.test.',
    'region: test-1',
    'loadBalancers: [{ id: lb-1, az: az1, ipv4: 192.0.2.11 }]',
    'endpoints: [{ name: api.example.test., select: {} }]',
    'enactors: [az1]',
    `store: ${store}`,
  ].join('\n');
}

describe('store.etcd config', () => {
  it('loads endpoints, prefix, tls and auth with paths resolved against the config file', () => {
    const result = parseConfigText(configWith('{ etcd: { endpoints: ["https://10.0.1.5:2379", "https://10.0.2.5:2379"], prefix: /dnsplane/prod/, tls: { caFile: ca.pem }, auth: { username: dnsplane, passwordEnv: ETCD_PASSWORD } } }'), '/etc/dnsplane/d.yaml', { baseDir: '/etc/dnsplane' });
    expect(result.ok ? '' : formatConfigIssues(result.errors)).toBe('');
    if (!result.ok) return;
    expect(result.config.store.etcd).toEqual({
      endpoints: ['https://10.0.1.5:2379', 'https://10.0.2.5:2379'], prefix: '/dnsplane/prod/',
      tls: { caFile: '/etc/dnsplane/ca.pem' }, auth: { username: 'dnsplane', passwordEnv: 'ETCD_PASSWORD' },
    });
  });

  it.each([
    ['an endpoint that is not a client URL', '{ etcd: { endpoints: ["10.0.1.5:2379"] } }', "store.etcd.endpoints[0]: must be a client URL"],
    ['mixed http and https members', '{ etcd: { endpoints: ["http://a:2379", "https://b:2379"] } }', 'mixes http:// and https://'],
    ['tls with http members', '{ etcd: { endpoints: ["http://a:2379"], tls: { caFile: ca.pem } } }', 'tls is set but every endpoint is http://'],
    ['a prefix without slashes', '{ etcd: { endpoints: ["http://a:2379"], prefix: dnsplane } }', 'store.etcd.prefix'],
    ['auth with two password sources', '{ etcd: { endpoints: ["http://a:2379"], auth: { username: u, passwordEnv: P, passwordFile: f } } }', "exactly one of 'passwordFile' or 'passwordEnv'"],
  ])('refuses %s', (_label, store, expected) => {
    const result = parseConfigText(configWith(store), 'bad.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatConfigIssues(result.errors)).toContain(expected);
  });
});

describe('status --cluster', () => {
  it('reports an unreachable cluster as such, within the call deadline', async () => {
    const port = await freePort();
    const result = parseConfigText(configWith(`{ etcd: { endpoints: ["http://127.0.0.1:${port}"] } }`), 'd.yaml');
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    const started = Date.now();
    const status = await clusterStatus(result.config);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status.etcd.reachable).toBe(false);
    expect(status.leader).toBeNull();
    expect(formatClusterStatus(status)).toContain('etcd: UNREACHABLE');
  }, 20_000);
});

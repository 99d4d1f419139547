/** The demo fleet `dnsplane up` runs with no config. */
import { describe, expect, it } from 'vitest';
import { DEMO_REGIONAL_NAME, demoConfig, demoConfigText, parseConfigText } from '../../../src/app/config/index.js';
import { selectedLoadBalancers } from '../../../src/core/model/fleet.js';
import { dnsWorkersDefault } from '../../../src/app/config/build.js';

const PORTS = [18081, 18082, 18083, 18084];

describe('demoConfig', () => {
  it('has four load balancers in two zones, each checked over HTTP on its port', () => {
    const config = demoConfig({ dataDir: '/tmp/demo-data', lbPorts: PORTS });
    expect(config.fleet.loadBalancers.map((lb) => `${lb.id} ${lb.az} ${lb.ipv4} ${lb.ipv6}`)).toEqual([
      'lb-a1 use1-az1 192.0.2.11 2001:db8::11',
      'lb-a2 use1-az1 192.0.2.12 2001:db8::12',
      'lb-b1 use1-az2 192.0.2.13 2001:db8::13',
      'lb-b2 use1-az2 192.0.2.14 2001:db8::14',
    ]);
    expect(config.checks.map((c) => c.target)).toEqual(PORTS.map((port) => ({ kind: 'http', url: `http://127.0.0.1:${port}/health` })));
    expect(config.enactors).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
    expect(config.store).toEqual({ kind: 'sqlite', path: '/tmp/demo-data/plans.db' });
    expect(config.dns.listen).toEqual({ host: '127.0.0.1', port: 5353 });
  });

  it('has a regional name over all four and one name per zone over its two', () => {
    const config = demoConfig({ dataDir: '/tmp/demo-data', lbPorts: PORTS });
    const selection = Object.fromEntries(config.fleet.endpoints.map((e) => [e.name, selectedLoadBalancers(config.fleet, e).map((lb) => lb.id)]));
    expect(selection).toEqual({
      [DEMO_REGIONAL_NAME]: ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'],
      'api.use1-az1.example.test.': ['lb-a1', 'lb-a2'],
      'api.use1-az2.example.test.': ['lb-b1', 'lb-b2'],
    });
  });

  it('takes listen addresses and a TSIG key for tests that run several instances', () => {
    const tsig = { name: 'demo-key.', algorithm: 'hmac-sha256' as const, secret: 'ZGVtby1zZWNyZXQtMzItYnl0ZXMtZm9yLXRlc3RzISE=' };
    const config = demoConfig({ dataDir: '/d', lbPorts: PORTS, dnsListen: '127.0.0.1:0', httpListen: '127.0.0.1:0', tsig });
    expect(config.dns).toEqual({ listen: { host: '127.0.0.1', port: 0 }, workers: dnsWorkersDefault(), tsig, operatorKeys: [], updateRecordsMax: 6000, rateLimit: { responsesPerSecond: 100, slip: 2, windowSeconds: 15, ipv4PrefixLength: 24, ipv6PrefixLength: 56 }, tcp: { connectionsPerClientMax: 16, messageDeadlineMs: 5000 }, transfer: { keys: [], notify: [] } });
    expect(config.http.listen.port).toBe(0);
  });

  it('is valid config text that a file could hold', () => {
    const text = demoConfigText({ dataDir: '/d', lbPorts: PORTS });
    expect(parseConfigText(text, 'demo.yaml').ok).toBe(true);
  });

  it('needs exactly four ports', () => {
    expect(() => demoConfig({ dataDir: '/d', lbPorts: [1, 2, 3] })).toThrow(/needs 4 load balancer ports/);
  });
});

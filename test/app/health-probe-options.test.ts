/** HTTP probe options (issue 5): status range, body match, request headers, against a real local server, and from config. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProber } from '../../src/adapters/probe-http/http-prober.js';
import { parseConfigText } from '../../src/app/config/index.js';
import type { HttpExpectation } from '../../src/core/ports/prober.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('connection', 'close');
    if (request.url === '/degraded') return void response.writeHead(200).end('status: degraded');
    if (request.url === '/teapot') return void response.writeHead(418).end('short and stout');
    if (request.url === '/vhost') return void response.writeHead(request.headers.host === 'api.internal' ? 200 : 404).end('ok');
    response.writeHead(200).end('status: ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('HTTP probe expectations', () => {
  const cases: { name: string; path: string; expect?: HttpExpectation; healthy: boolean; detail: string }[] = [
    { name: 'default: 2xx is healthy', path: '/', healthy: true, detail: '' },
    { name: 'default: 418 is not', path: '/teapot', healthy: false, detail: 'status 418' },
    { name: 'a range that includes 418', path: '/teapot', expect: { statusMin: 400, statusMax: 499 }, healthy: true, detail: '' },
    { name: 'body match found', path: '/', expect: { statusMin: 200, statusMax: 299, bodyContains: 'status: ok' }, healthy: true, detail: '' },
    { name: 'body match missing: a 200 that says degraded is unhealthy', path: '/degraded', expect: { statusMin: 200, statusMax: 299, bodyContains: 'status: ok' }, healthy: false, detail: 'body lacks "status: ok"' },
    { name: 'a Host header selects the virtual host', path: '/vhost', expect: { statusMin: 200, statusMax: 200, headers: { host: 'api.internal' } }, healthy: true, detail: '' },
    { name: 'without it, 404', path: '/vhost', healthy: false, detail: 'status 404' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const result = await new HttpProber().probe({ kind: 'http', url: `${base}${c.path}`, ...(c.expect ? { expect: c.expect } : {}) }, 2000);
      expect({ healthy: result.healthy, detail: result.detail }).toEqual({ healthy: c.healthy, detail: c.detail });
    });
  }

  it('config: status, body and headers become the probe expectation; they need http', () => {
    const head = 'zone: example.test.\nregion: r\nenactors: [a]\nendpoints: [{ name: x.example.test. }]\nloadBalancers:\n';
    const ok = parseConfigText(`${head}  - { id: lb, az: a, ipv4: 192.0.2.1, check: { http: "http://127.0.0.1:1/h", status: "200-204", body: ok, headers: { Host: api.internal } } }\n`, 'c.yaml');
    expect(ok.ok && ok.config.checks[0]!.target).toEqual({ kind: 'http', url: 'http://127.0.0.1:1/h', expect: { statusMin: 200, statusMax: 204, bodyContains: 'ok', headers: { Host: 'api.internal' } } });
    const bad = parseConfigText(`${head}  - { id: lb, az: a, ipv4: 192.0.2.1, check: { tcp: "127.0.0.1:1", body: ok } }\n`, 'c.yaml');
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(["loadBalancers[0].check.body: 'body' applies to http checks only"]);
  });
});

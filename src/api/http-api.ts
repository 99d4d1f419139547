/**
 * The HTTP API of a running dnsplane: status, recent events, and the demo fleet's switches.
 * It only reads and forwards; decisions stay in the core. It binds to loopback by default.
 *
 *   GET  /healthz                  200 "ok"
 *   GET  /status                   the StatusReport (JSON)
 *   GET  /events?limit=N           recent decision events, newest last (in memory)
 *   GET  /history?sinceId=&kind=&endpoint=&limit=&order=   the durable audit log
 *   GET  /demo                     the demo load balancers (404 when not in demo mode)
 *   POST /demo/lb/<id>/stop|start  stop or start a demo load balancer
 *   GET|POST /controls[/remove]    operator overrides and freezes (controls-routes.ts)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '../app/runtime.js';
import type { DecisionKind } from '../core/ports/events.js';
import { controlsRoute } from './controls-routes.js';

export const EVENTS_LIMIT_MAX = 1000;

export interface HttpApi {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpApi(runtime: Runtime, listen: { host: string; port: number }): Promise<HttpApi> {
  const server = createServer((request, response) => {
    route(runtime, request, response).catch((error: unknown) => {
      send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.keepAliveTimeout = 1000;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve((server.address() as AddressInfo).port));
  });
  return { port, close: () => closeServer(server) };
}

async function route(runtime: Runtime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/healthz') return sendText(response, 200, 'ok\n');
  if (method === 'GET' && url.pathname === '/status') return send(response, 200, await runtime.status());
  if (method === 'GET' && url.pathname === '/events') {
    const limit = Math.min(EVENTS_LIMIT_MAX, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    return send(response, 200, runtime.events.latest(limit));
  }
  if (method === 'GET' && url.pathname === '/history') return historyRoute(runtime, url, response);
  if (url.pathname === '/demo' || url.pathname.startsWith('/demo/')) return demoRoute(runtime, method, url.pathname, response);
  if (url.pathname === '/controls' || url.pathname.startsWith('/controls/')) return controlsRoute(runtime, method, url.pathname, request, response, send);
  send(response, 404, { error: `no route ${method} ${url.pathname}` });
}

async function demoRoute(runtime: Runtime, method: string, path: string, response: ServerResponse): Promise<void> {
  const demo = runtime.demo;
  if (!demo) return send(response, 404, { error: 'not running the demo fleet (dnsplane up was given a config)' });
  if (method === 'GET' && path === '/demo') return send(response, 200, demo.list());
  const match = /^\/demo\/lb\/([A-Za-z0-9._-]+)\/(stop|start)$/.exec(path);
  if (method !== 'POST' || !match) return send(response, 404, { error: `no route ${method} ${path}` });
  const [, id, action] = match;
  if (!demo.list().some((lb) => lb.id === id)) return send(response, 404, { error: `no demo load balancer '${id}'; have ${demo.list().map((lb) => lb.id).join(', ')}` });
  const changed = action === 'stop' ? await demo.stop(id!) : await demo.start(id!);
  send(response, 200, { id, action, changed, loadBalancers: demo.list() });
}

/** GET /history?sinceId=&kind=&endpoint=&limit=&order=newest-first: the durable audit log. */
async function historyRoute(runtime: Runtime, url: URL, response: ServerResponse): Promise<void> {
  const sinceId = url.searchParams.get('sinceId');
  const endpoint = url.searchParams.get('endpoint');
  const kinds = url.searchParams.getAll('kind') as DecisionKind[];
  const limit = Math.min(EVENTS_LIMIT_MAX, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
  const result = await runtime.history({
    limit,
    order: url.searchParams.get('order') === 'newest-first' ? 'newest-first' : 'ascending',
    ...(sinceId === null ? {} : { sinceId: Number(sinceId) }),
    ...(endpoint === null ? {} : { endpoint }),
    ...(kinds.length === 0 ? {} : { kinds }),
  });
  if (!result.ok) return send(response, 503, { error: result.message });
  send(response, 200, result.value);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

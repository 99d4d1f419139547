/** HttpProber behaviour beyond the shared Prober contract, against real local HTTP servers. */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProber, PROBE_BODY_BYTES_MAX } from '../../../src/adapters/probe-http/http-prober.js';
import { LOOPBACK, startHttpServer, statusHandler, type Handler, type RunningServer } from '../probe-support/probe-servers.js';

const prober = new HttpProber();
const running: RunningServer[] = [];
const cleanups: (() => void)[] = [];

async function serve(handler: Handler): Promise<RunningServer> {
  const server = await startHttpServer(handler);
  running.push(server);
  return server;
}

const url = (server: RunningServer, path = '/health') => `http://${LOOPBACK}:${server.port}${path}`;
const probe = (target: string, timeoutMs = 1000) => prober.probe({ kind: 'http', url: target }, timeoutMs);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('HttpProber', () => {
  it.each([
    { status: 200, healthy: true, detail: '' },
    { status: 204, healthy: true, detail: '' },
    { status: 301, healthy: true, detail: '' },
    { status: 404, healthy: false, detail: 'status 404' },
    { status: 500, healthy: false, detail: 'status 500' },
    { status: 503, healthy: false, detail: 'status 503' },
  ])('status $status → healthy $healthy', async ({ status, healthy, detail }) => {
    const server = await serve(statusHandler(status));
    expect(await probe(url(server))).toMatchObject({ healthy, detail });
  });

  it('does not follow a redirect: the redirect itself is the answer', async () => {
    const paths: string[] = [];
    const server = await serve((request, response) => {
      paths.push(request.url ?? '');
      if (request.url === '/health') response.writeHead(302, { location: '/dead' }).end();
      else response.writeHead(503).end();
    });
    expect(await probe(url(server))).toMatchObject({ healthy: true, detail: '' });
    expect(paths).toEqual(['/health']);
  });

  it('asks for no keep-alive and leaves no connection open, so a dead load balancer is seen', async () => {
    const connectionHeaders: (string | undefined)[] = [];
    const serverSockets: Socket[] = [];
    const server = await serve((request, response) => {
      connectionHeaders.push(request.headers.connection);
      serverSockets.push(request.socket);
      response.writeHead(200).end('ok');
    });
    expect((await probe(url(server))).healthy).toBe(true);
    expect(connectionHeaders).toEqual(['close']);
    await waitUntil(() => serverSockets.every((s) => s.destroyed), 1000);
    expect((await probe(url(server))).healthy).toBe(true);
    expect(server.connections()).toBe(2);
  });

  it('stops reading an endless body once it has read its bound, and judges by the status', async () => {
    let written = 0;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(16 * 1024);
      const timer = setInterval(() => {
        // Bounded: the server gives up after 64 MiB even if the prober kept reading.
        if (response.destroyed || written > 64 * 1024 * 1024) return clearInterval(timer);
        written += chunk.length;
        response.write(chunk);
      }, 1);
      cleanups.push(() => clearInterval(timer));
    });
    const startedAt = performance.now();
    const result = await probe(url(server), 3000);
    expect(result).toMatchObject({ healthy: true, detail: '' });
    expect(performance.now() - startedAt).toBeLessThan(2000);
    expect(written).toBeLessThan(PROBE_BODY_BYTES_MAX * 16);
  });

  it('times out a response whose headers arrive but whose body stalls', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    });
    const result = await probe(url(server), 300);
    expect(result).toMatchObject({ healthy: false, detail: 'timeout after 300 ms' });
  });

  it('reports a connection closed in the middle of the body as unhealthy', async () => {
    const server = await serve((request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial', () => request.socket.destroy());
    });
    const result = await probe(url(server));
    expect(result.healthy).toBe(false);
    expect(result.detail).toMatch(/closed before the response ended|ECONNRESET|aborted/);
  });

  it('never rejects, even for a URL it cannot use', async () => {
    for (const bad of ['not a url', 'ftp://127.0.0.1/x', 'http://[::1']) {
      const result = await probe(bad);
      expect(result.healthy).toBe(false);
      expect(result.detail).not.toBe('');
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

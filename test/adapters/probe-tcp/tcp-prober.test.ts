/** TcpProber behaviour beyond the shared Prober contract, against a real local TCP server. */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TcpProber } from '../../../src/adapters/probe-tcp/tcp-prober.js';
import { LOOPBACK } from '../probe-support/probe-servers.js';

describe('TcpProber', () => {
  it('sends nothing and closes its socket as soon as it has connected', async () => {
    const closed: Promise<number>[] = [];
    const server = createServer((socket: Socket) => {
      let received = 0;
      socket.on('data', (chunk: Buffer) => { received += chunk.length; });
      closed.push(new Promise((resolve) => socket.on('close', () => resolve(received))));
    });
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await new TcpProber().probe({ kind: 'tcp', host: LOOPBACK, port }, 1000);
      expect(result).toMatchObject({ healthy: true, detail: '' });
      await waitFor(() => closed.length === 1, 1000);
      const receivedBytes = await withTimeout(closed[0]!, 1000);
      expect(receivedBytes).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a target of another kind: that is a wiring bug (an assertion), not a probe result', () => {
    expect(() => new TcpProber().probe({ kind: 'http', url: 'http://127.0.0.1/' }, 100)).toThrow(/cannot probe a http target/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no result within ${timeoutMs} ms`)), timeoutMs))]);
}

/**
 * A hostile TCP client on real sockets: it opens hundreds of connections from 127.0.0.1 and sends
 * a byte every second on each. Another client (dig from 127.0.0.2) still gets its TCP answers, and
 * the trickling connections are closed at the message deadline, not kept alive by each byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import type { EmbeddedDns } from '../../src/dns-server/server.js';
import { startTestServer } from './helpers.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('TCP slots under a hostile client', () => {
  let dns: EmbeddedDns;
  const sockets: Socket[] = [];
  let trickle: NodeJS.Timeout | null = null;
  beforeAll(async () => {
    dns = await startTestServer({ tcpConnectionsMax: 256, tcpIdleTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    if (trickle !== null) clearInterval(trickle);
    for (const socket of sockets) socket.destroy();
    await dns.close();
  });

  it('keeps answering another client, and closes trickling connections at the message deadline', async () => {
    const closedAt: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 300; i++) {
      const socket = connect({ host: '127.0.0.1', port: dns.port });
      socket.on('error', () => undefined);
      socket.on('connect', () => socket.write(Uint8Array.of(0x02, 0x00)));
      socket.on('close', () => closedAt.push(Date.now() - started));
      sockets.push(socket);
    }
    // A length prefix that announces 512 bytes, then one byte a second.
    trickle = setInterval(() => { for (const socket of sockets) if (!socket.destroyed) socket.write(Uint8Array.of(0)); }, 1000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { stdout } = await run('dig', ['@127.0.0.1', '-b', '127.0.0.2', '-p', String(dns.port), '+tcp', '+time=2', '+tries=1', 'example.test', 'SOA'], { timeout: 15_000 });
    expect(stdout).toContain('status: NOERROR');
    await new Promise((resolve) => setTimeout(resolve, 6000));
    // Every hostile connection is gone well before the 10 s idle timeout would have let it live forever.
    expect(closedAt.length).toBe(300);
    expect(Math.max(...closedAt)).toBeLessThan(7500);
  }, 20_000);
});

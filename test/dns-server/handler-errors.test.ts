/**
 * Fail loudly inside, answer safely outside: an ordinary exception in a handler is answered
 * SERVFAIL (id and question echoed), logged as one JSON line naming the handler, and counted; the
 * server keeps serving. An AssertionFailure in a handler is a bug: it crashes the process, over
 * UDP and over TCP alike. Real packets over real sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { RRType, Rcode, makeQuery, parseMessage } from '../../src/dns-wire/index.js';
import { startChainServer, trapHandler } from './fixtures/chain-server.js';
import { dig, queryAddresses, udpQuery } from './helpers.js';

const VITE_NODE = join(process.cwd(), 'node_modules', '.bin', 'vite-node');
const CHILD = join(process.cwd(), 'test', 'dns-server', 'fixtures', 'throwing-chain-child.ts');

describe('a handler that throws', () => {
  it('answers SERVFAIL with the id and question, logs the handler by name, counts it, and keeps serving', async () => {
    const lines: string[] = [];
    const server = await startChainServer(trapHandler((qname) => (qname === 'boom.example.test.' ? new Error('kaboom') : undefined)), (line) => lines.push(line));
    try {
      const reply = parseMessage(await udpQuery(server.port, makeQuery(4242, 'boom.example.test.', RRType.A)));
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      const message = reply.value.message;
      expect(message.header).toMatchObject({ id: 4242, qr: true, rcode: Rcode.SERVFAIL });
      expect(message.questions).toEqual([{ name: 'boom.example.test.', type: RRType.A, class: 1 }]);
      expect(message.answers).toEqual([]);

      expect(await dig(server.port, ['+tcp', 'boom.example.test', 'TXT'])).toContain('status: SERVFAIL');
      expect(server.processor.handlerErrors).toBe(2);
      expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
        expect.objectContaining({ level: 'error', component: 'dns-server', handler: 'booby-trap', error: 'kaboom', id: 4242, qname: 'boom.example.test.', qtype: RRType.A }),
        expect.objectContaining({ level: 'error', component: 'dns-server', handler: 'booby-trap', error: 'kaboom', qtype: RRType.TXT }),
      ]);
      // Every other request still goes through the whole chain.
      expect(await queryAddresses(server.port, 'ns1.example.test.', 'A')).toEqual(['127.0.0.1']);
      expect(server.processor.handlerErrors).toBe(2);
    } finally {
      await server.close();
    }
  });

  describe('with an AssertionFailure', () => {
    const children: ChildProcess[] = [];
    afterEach(async () => {
      for (const child of children.splice(0)) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await exited;
      }
    });

    for (const transport of ['udp', 'tcp'] as const) {
      it(`crashes the process (${transport})`, async () => {
        const child = spawn(VITE_NODE, [CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const port = await firstPort(child);
        const tcp = transport === 'tcp' ? ['+tcp'] : [];

        // An ordinary exception first: answered, logged, and the process lives on.
        expect(await dig(port, [...tcp, 'boom.example.test', 'A'])).toContain('status: SERVFAIL');
        expect(child.exitCode).toBeNull();
        expect(stderr).toContain('"handler":"booby-trap"');

        const answer = await dig(port, [...tcp, 'assert.example.test', 'A']).catch((error: unknown) => String(error));
        expect(answer).not.toContain('status:');
        const code = await within(exited, 10_000, 'alive');
        expect(code).not.toBe('alive');
        expect(code).not.toBe(0);
        expect(stderr).toContain('AssertionFailure');
        expect(stderr).toContain('the zone lost its apex');
      });
    }
  });
});

async function firstPort(child: ChildProcess): Promise<number> {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await within(lines.next(), 20_000, null);
  const match = first === null || first.done === true ? null : /^port (\d+)$/.exec(first.value);
  if (match === null) throw new Error(`the child did not print its port: ${JSON.stringify(first)}`);
  return Number(match[1]);
}

/** `promise`'s value, or `fallback` once `timeoutMs` passed. */
async function within<T, F>(promise: Promise<T>, timeoutMs: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => { timer = setTimeout(() => resolve(fallback), timeoutMs); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

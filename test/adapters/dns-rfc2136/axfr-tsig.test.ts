/**
 * The AXFR reader verifies every signed message of a multi-message transfer (RFC 8945 §5.3.1):
 * through a TCP proxy that flips one byte of the MAC of a later message, the transfer fails as a
 * TSIG failure; through a faithful proxy the same transfer succeeds. Knot signs every message.
 */
import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferZone } from '../../../src/adapters/dns-client/axfr.js';
import { endpointName } from '../../../src/core/model/ids.js';
import type { FencedWrite } from '../../../src/core/ports/dns-provider.js';
import { parseMessage } from '../../../src/dns-wire/index.js';
import { fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';
import { realDnsServersAvailable, startDnsServer, type RealDnsServer } from '../../support/dns-servers.js';
import { keyOf, providerFor } from './harness.js';

/** Forwards one TCP connection; `tamper(index, message)` may change each server→client message. */
function startProxy(target: number, tamper: (index: number, message: Buffer) => void): Promise<{ server: Server; port: number; messages: () => number }> {
  let count = 0;
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: target });
    client.on('data', (chunk) => upstream.write(chunk));
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const frame = Buffer.from(pending.subarray(0, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(frame.length);
        tamper(count++, frame.subarray(2));
        client.write(frame);
      }
    });
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0, messages: () => count });
  }));
}

function flipMacByte(message: Buffer): void {
  const parsed = parseMessage(new Uint8Array(message));
  if (!parsed.ok) return;
  const tsig = parsed.value.message.additionals.at(-1);
  if (tsig?.data.kind !== 'TSIG' || tsig.data.mac.length === 0) return;
  const at = message.indexOf(Buffer.from(tsig.data.mac));
  message[at + 3] = message[at + 3]! ^ 0x01;
}

describe.runIf(realDnsServersAvailable(['knot']))('AXFR TSIG verification over several messages', () => {
  let knot: RealDnsServer | null = null;
  beforeAll(async () => {
    knot = await startDnsServer('knot');
    const sut = { label: 'knot', host: knot.host, port: knot.port, zone: knot.zone, tsig: knot.tsig };
    const provider = providerFor(sut);
    for (let b = 0; b < 20; b++) {
      const writes = Array.from({ length: 100 }, (_, i): FencedWrite => ({
        endpoint: endpointName(`bulk${b * 100 + i}.${knot!.zone}`), expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']),
      }));
      const outcome = await provider.applyFenced(writes);
      if (!outcome.ok || outcome.value.kind !== 'applied') throw new Error(JSON.stringify(outcome));
    }
    provider.close();
  });
  afterAll(async () => {
    await knot?.close();
  });

  for (const [label, tamperIndex] of [['faithful', -1], ['MAC of the second message flipped', 1], ['MAC of the last message flipped', 'last']] as const) {
    it(label, async () => {
      const first = await startProxy(knot!.port, () => undefined);
      await transferZone({ host: '127.0.0.1', port: first.port }, knot!.zone, { key: keyOf(knot!.tsig), timeoutMs: 20_000 });
      const total = first.messages();
      first.server.close();
      expect(total).toBeGreaterThanOrEqual(2);
      const target = tamperIndex === 'last' ? total - 1 : tamperIndex;
      const proxy = await startProxy(knot!.port, (index, message) => { if (index === target) flipMacByte(message); });
      const result = await transferZone({ host: '127.0.0.1', port: proxy.port }, knot!.zone, { key: keyOf(knot!.tsig), timeoutMs: 20_000 });
      proxy.server.close();
      if (target < 0) {
        expect(result.ok && result.value.length).toBeGreaterThan(10_000);
      } else {
        expect(result.ok ? 'ok' : result.code).toBe('tsig');
      }
    });
  }
});

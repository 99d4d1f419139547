/**
 * Which response answers which request, against small fake DNS servers on loopback (real TCP and
 * UDP sockets) that answer late, out of order, or with another question under the same id.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { queryDns } from '../../../src/adapters/dns-client/dns-client.js';
import { requestKeyOf, responseMatches } from '../../../src/adapters/dns-client/response-match.js';
import { DnsTcpConnection } from '../../../src/adapters/dns-client/tcp-connection.js';
import { Rfc2136Provider } from '../../../src/adapters/dns-rfc2136/rfc2136-provider.js';
import { endpointName, providerId } from '../../../src/core/model/ids.js';
import {
  EMPTY_HEADER, Opcode, RRClass, RRType, Rcode, encodeMessage, makeQuery, parseMessage, type DnsMessage, type Question,
} from '../../../src/dns-wire/index.js';
import { fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';

interface Received {
  readonly socket: Socket;
  readonly connection: number;
  readonly message: DnsMessage;
}

/** A TCP DNS server that hands every request to the test, which answers when and how it likes. */
class FakeTcpDns {
  readonly received: Received[] = [];
  private readonly server: Server;
  private connections = 0;
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = createServer((socket) => {
      const connection = ++this.connections;
      let buffer = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
          const wire = new Uint8Array(buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
          buffer = buffer.subarray(2 + wire.length);
          const parsed = parseMessage(wire);
          if (!parsed.ok) throw new Error(`fake server got a malformed request: ${parsed.error.reason}`);
          this.received.push({ socket, connection, message: parsed.value.message });
          for (const wake of this.waiters.splice(0)) wake();
        }
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  /** Waits (bounded) until `count` requests have arrived. */
  async requests(count: number): Promise<Received[]> {
    for (let wait = 0; wait < 100 && this.received.length < count; wait++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    if (this.received.length < count) throw new Error(`only ${this.received.length} of ${count} requests arrived`);
    return this.received.slice(0, count);
  }

  get connectionCount(): number {
    return this.connections;
  }

  close(): void {
    for (const r of this.received) r.socket.destroy();
    this.server.close();
  }
}

/** Answers `to` on `socket` — or pretends to, with another question or id. */
function answer(socket: Socket, to: DnsMessage, options: { question?: Question; id?: number; rcode?: number; address?: string } = {}): void {
  const question = options.question ?? to.questions[0]!;
  const answers = options.address === undefined ? [] : [{ name: question.name, type: RRType.A, class: RRClass.IN, ttl: 5, data: { kind: 'A' as const, address: options.address } }];
  const response: DnsMessage = {
    header: { ...EMPTY_HEADER, id: options.id ?? to.header.id, qr: true, aa: true, opcode: to.header.opcode, rcode: options.rcode ?? Rcode.NOERROR },
    questions: [question], answers, authorities: [], additionals: [],
  };
  const wire = encodeMessage(response);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wire.length);
  socket.write(Buffer.concat([length, wire]));
}

function questionOf(raw: Uint8Array): Question | undefined {
  const parsed = parseMessage(raw);
  return parsed.ok ? parsed.value.message.questions[0] : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('responseMatches', () => {
  const query = encodeMessage(makeQuery(7, 'a.example.test.', RRType.A));
  const key = requestKeyOf(query)!;
  const response = (id: number, name: string, type: number, extra: Partial<DnsMessage['header']> = {}) => encodeMessage({
    header: { ...EMPTY_HEADER, id, qr: true, ...extra }, questions: [{ name, type, class: RRClass.IN }], answers: [], authorities: [], additionals: [],
  });
  const cases: [string, Uint8Array, boolean][] = [
    ['same id and question', response(7, 'a.example.test.', RRType.A), true],
    ['same question, names compared without case', response(7, 'A.Example.TEST.', RRType.A), true],
    ['another id', response(8, 'a.example.test.', RRType.A), false],
    ['another name', response(7, 'b.example.test.', RRType.A), false],
    ['another type', response(7, 'a.example.test.', RRType.AAAA), false],
    ['another opcode (an UPDATE answer)', response(7, 'a.example.test.', RRType.A, { opcode: Opcode.UPDATE }), false],
    ['not a response (QR clear)', response(7, 'a.example.test.', RRType.A, { qr: false }), false],
    ['no question, NOERROR', encodeMessage({ header: { ...EMPTY_HEADER, id: 7, qr: true }, questions: [], answers: [], authorities: [], additionals: [] }), false],
    ['no question, FORMERR (a server that could not parse the request)', encodeMessage({ header: { ...EMPTY_HEADER, id: 7, qr: true, rcode: Rcode.FORMERR }, questions: [], answers: [], authorities: [], additionals: [] }), true],
    ['shorter than a header', new Uint8Array([0, 7, 0x80]), false],
  ];
  for (const [label, wire, expected] of cases) it(label, () => expect(responseMatches(key, wire)).toBe(expected));
});

describe('DnsTcpConnection matches responses by id and question, and drops the connection after a timeout', () => {
  let fake: FakeTcpDns;
  afterEach(() => fake?.close());

  it('a late answer to a timed-out request is never taken for the next request that drew the same id', async () => {
    fake = new FakeTcpDns();
    const port = await fake.listen();
    const connection = new DnsTcpConnection({ host: '127.0.0.1', port }, 1000);
    const first = encodeMessage(makeQuery(7, 'first.example.test.', RRType.A));
    const second = encodeMessage(makeQuery(7, 'second.example.test.', RRType.A));
    expect(await connection.request(first, 150)).toMatchObject({ ok: false, code: 'timeout', retryable: true });
    const pending = connection.request(second, 2000);
    const [late, next] = await fake.requests(2);
    // Out of order: the first request's answer comes now, before the second's, on the first's connection.
    answer(late!.socket, late!.message, { address: '192.0.2.1' });
    await sleep(50);
    answer(next!.socket, next!.message, { address: '192.0.2.2' });
    const result = await pending;
    connection.close();
    expect(result.ok && questionOf(result.value)?.name).toBe('second.example.test.');
    expect(fake.connectionCount).toBe(2);
    expect(next!.connection).not.toBe(late!.connection);
  });

  it('a response with the waiting id but another question is not the answer; the real one is', async () => {
    fake = new FakeTcpDns();
    const port = await fake.listen();
    const connection = new DnsTcpConnection({ host: '127.0.0.1', port }, 1000);
    const pending = connection.request(encodeMessage(makeQuery(9, 'asked.example.test.', RRType.A)), 2000);
    const [request] = await fake.requests(1);
    answer(request!.socket, request!.message, { question: { name: 'other.example.test.', type: RRType.A, class: RRClass.IN }, address: '192.0.2.66' });
    answer(request!.socket, request!.message, { question: { name: 'asked.example.test.', type: RRType.AAAA, class: RRClass.IN } });
    await sleep(30);
    answer(request!.socket, request!.message, { address: '192.0.2.9' });
    const result = await pending;
    connection.close();
    expect(result.ok && questionOf(result.value)).toEqual({ name: 'asked.example.test.', type: RRType.A, class: RRClass.IN });
    expect(connection.unmatchedResponses).toBe(2);
  });

  it('pipelined requests answered out of order each get their own answer', async () => {
    fake = new FakeTcpDns();
    const port = await fake.listen();
    const connection = new DnsTcpConnection({ host: '127.0.0.1', port }, 1000);
    const names = ['one.example.test.', 'two.example.test.', 'three.example.test.'];
    const pending = names.map((name, i) => connection.request(encodeMessage(makeQuery(100 + i, name, RRType.A)), 2000));
    const requests = await fake.requests(3);
    for (const request of [...requests].reverse()) answer(request.socket, request.message);
    const results = await Promise.all(pending);
    connection.close();
    expect(results.map((r) => (r.ok ? questionOf(r.value)?.name : r.message))).toEqual(names);
  });
});

describe('Rfc2136Provider takes only the answer to its own UPDATE', () => {
  let fake: FakeTcpDns;
  afterEach(() => fake?.close());
  const name = endpointName('api.example.test.');
  const write = { endpoint: name, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1']) };

  it('a NOERROR under the UPDATE\'s id for another zone is not "applied"; after the timeout the next UPDATE goes on a new connection', async () => {
    fake = new FakeTcpDns();
    const port = await fake.listen();
    const provider = new Rfc2136Provider({ id: providerId('fake'), server: { host: '127.0.0.1', port }, zone: 'example.test.', key: null, timeoutMs: 300 });
    const pending = provider.applyFenced([write]);
    const [update] = await fake.requests(1);
    expect(update!.message.header.opcode).toBe(Opcode.UPDATE);
    answer(update!.socket, update!.message, { question: { name: 'other.test.', type: RRType.SOA, class: RRClass.IN } });
    expect(await pending).toMatchObject({ ok: false, code: 'timeout', retryable: true });
    const retry = provider.applyFenced([write]);
    const [, again] = await fake.requests(2);
    // The first UPDATE's real answer, late, on the connection the provider dropped: never seen.
    answer(update!.socket, update!.message, { rcode: Rcode.NXRRSET });
    answer(again!.socket, again!.message);
    expect(await retry).toEqual({ ok: true, value: { kind: 'applied' } });
    expect(again!.connection).not.toBe(update!.connection);
    provider.close();
  });
});

describe('queryDns over UDP takes only the answer to its own question', () => {
  let server: UdpSocket | null = null;
  afterEach(() => server?.close());

  it('ignores an answer with the right id and another question, and one with another id, then takes the real one', async () => {
    server = createSocket('udp4');
    const socket = server;
    socket.on('message', (raw, from) => {
      const parsed = parseMessage(new Uint8Array(raw));
      if (!parsed.ok) return;
      const request = parsed.value.message;
      const send = (message: DnsMessage) => socket.send(encodeMessage(message), from.port, from.address);
      const reply = (id: number, question: Question, address: string): DnsMessage => ({
        header: { ...EMPTY_HEADER, id, qr: true, aa: true }, questions: [question],
        answers: [{ name: question.name, type: RRType.A, class: RRClass.IN, ttl: 5, data: { kind: 'A', address } }], authorities: [], additionals: [],
      });
      send(reply(request.header.id, { name: 'stale.example.test.', type: RRType.A, class: RRClass.IN }, '192.0.2.66'));
      send(reply((request.header.id + 1) & 0xffff, request.questions[0]!, '192.0.2.67'));
      setTimeout(() => send(reply(request.header.id, request.questions[0]!, '192.0.2.1')), 30);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const result = await queryDns({ host: '127.0.0.1', port: socket.address().port }, 'asked.example.test.', RRType.A, { timeoutMs: 2000 });
    expect(result.ok && result.value.questions[0]!.name).toBe('asked.example.test.');
    expect(result.ok && result.value.answers.map((rr) => (rr.data.kind === 'A' ? rr.data.address : ''))).toEqual(['192.0.2.1']);
  });
});

/**
 * Real local servers for prober tests, all on 127.0.0.1 with ephemeral ports, each stopped by the
 * test that started it. "Hanging" comes in two kinds: an HTTP server that accepts and never answers,
 * and a TCP listener whose accept queue is full so that connecting itself hangs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export interface RunningServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Stops listening and destroys every open connection. */
  stop(): Promise<void>;
}

function track(server: Server): { sockets: Set<Socket>; accepted: () => number } {
  const sockets = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { sockets, accepted: () => accepted };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function stopper(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export async function startHttpServer(handler: Handler): Promise<RunningServer> {
  const server = createHttpServer(handler);
  // Long keep-alive: if a prober reused connections, a stopped server would still look alive to it.
  server.keepAliveTimeout = 60_000;
  const { sockets, accepted } = track(server);
  const port = await listen(server);
  return { port, connections: accepted, stop: stopper(server, sockets) };
}

export const okHandler: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('ok\n');
};

export function statusHandler(status: number): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(`status ${status}\n`);
  };
}

/** Reads the request and never answers. */
export const hangingHandler: Handler = () => undefined;

export async function startTcpServer(): Promise<RunningServer> {
  const server = createTcpServer(() => undefined);
  const { sockets, accepted } = track(server);
  const port = await listen(server);
  return { port, connections: accepted, stop: stopper(server, sockets) };
}

/** A port nothing listens on: bind it, note it, release it. */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A listener that never accepts, in a child process blocked forever after listen(backlog 1). Once
 * its accept queue is full, the kernel drops new SYNs, so a connect() hangs: the TCP form of a
 * load balancer that has stopped answering.
 */
export async function startBlackholeListener(): Promise<RunningServer> {
  const script = [
    "const s = require('net').createServer();",
    `s.listen({ port: 0, host: '${LOOPBACK}', backlog: 1 }, () => {`,
    '  process.stdout.write(String(s.address().port) + "\\n", () => {',
    '    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);',
    '  });',
    '});',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await readPort(child);
  const fillers = await fillAcceptQueue(port);
  return {
    port,
    connections: () => fillers.length,
    stop: async () => {
      for (const socket of fillers) socket.destroy();
      await killChild(child);
    },
  };
}

async function readPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(Number(text.trim()));
    });
    child.once('exit', (code) => reject(new Error(`blackhole listener exited early (${String(code)})`)));
  });
}

/** Opens connections until one does not complete within 200 ms; at most 8, so the loop is bounded. */
async function fillAcceptQueue(port: number): Promise<Socket[]> {
  const fillers: Socket[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const socket = connect({ host: LOOPBACK, port });
    socket.on('error', () => undefined);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 200);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) {
      socket.destroy();
      return fillers;
    }
    fillers.push(socket);
  }
  throw new Error(`accept queue of port ${port} did not fill after 8 connections`);
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

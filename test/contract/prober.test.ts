import { HttpProber } from '../../src/adapters/probe-http/http-prober.js';
import { SystemProber } from '../../src/adapters/probe-system/system-prober.js';
import { TcpProber } from '../../src/adapters/probe-tcp/tcp-prober.js';
import type { Prober } from '../../src/core/ports/prober.js';
import {
  LOOPBACK, hangingHandler, okHandler, refusedPort, startBlackholeListener, startHttpServer, startTcpServer, statusHandler,
  type RunningServer,
} from '../adapters/probe-support/probe-servers.js';
import { describeProberContract, type ProberHarness, type ProbeServer } from './prober.contract.js';

const httpTarget = (port: number) => ({ kind: 'http' as const, url: `http://${LOOPBACK}:${port}/health` });
const tcpTarget = (port: number) => ({ kind: 'tcp' as const, host: LOOPBACK, port });

function asProbeServer(server: RunningServer, target: (port: number) => ProbeServer['target']): ProbeServer {
  return { target: target(server.port), stop: () => server.stop() };
}

function httpHarness(prober: Prober): ProberHarness {
  return {
    prober,
    startHealthy: async () => asProbeServer(await startHttpServer(okHandler), httpTarget),
    startHanging: async () => asProbeServer(await startHttpServer(hangingHandler), httpTarget),
    refusedTarget: async () => httpTarget(await refusedPort()),
    startFailing: async () => ({ server: asProbeServer(await startHttpServer(statusHandler(503)), httpTarget), detail: 'status 503' }),
  };
}

function tcpHarness(prober: Prober): ProberHarness {
  return {
    prober,
    startHealthy: async () => asProbeServer(await startTcpServer(), tcpTarget),
    startHanging: async () => asProbeServer(await startBlackholeListener(), tcpTarget),
    refusedTarget: async () => tcpTarget(await refusedPort()),
  };
}

describeProberContract('HttpProber', () => httpHarness(new HttpProber()));
describeProberContract('TcpProber', () => tcpHarness(new TcpProber()));
describeProberContract('SystemProber (http targets)', () => httpHarness(new SystemProber()));
describeProberContract('SystemProber (tcp targets)', () => tcpHarness(new SystemProber()));

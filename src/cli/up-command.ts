/**
 * `dnsplane up`: the whole system in one process. With no --config it runs the demo fleet:
 * four local HTTP "load balancers" it starts itself, so that `dig` shows it working and
 * `dnsplane demo stop lb-a1` visibly changes the answer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoConfig, formatConfigIssues, loadConfigFile, type DnsplaneConfig } from '../app/config/index.js';
import { DemoFleet } from '../app/demo-fleet.js';
import { startRuntime, StartupError } from '../app/runtime.js';
import { startHttpApi } from '../api/http-api.js';
import { parseCommandArgs, stringOption } from './args.js';

export const UP_USAGE = `dnsplane up [--config FILE] [--data-dir DIR] [--dns-listen HOST:PORT] [--http-listen HOST:PORT]
  Runs the plan store, Planner, Enactors, health checker, embedded DNS server and HTTP API.
  --config FILE        the fleet (see docs/configuration.md); without it, a demo fleet
  --data-dir DIR       plans, zone journal and snapshots (default ./dnsplane-data)
  --dns-listen, --http-listen   override the config's listen addresses (port 0: any free port)`;

const DEMO_LB_PORTS = [18081, 18082, 18083, 18084];
const DEMO_LB_IDS = ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'];

export async function upCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    config: { type: 'string' }, 'data-dir': { type: 'string' }, 'dns-listen': { type: 'string' }, 'http-listen': { type: 'string' },
  });
  const dataDir = resolve(stringOption(values, 'data-dir') ?? 'dnsplane-data');
  const configPath = stringOption(values, 'config');
  let demo: DemoFleet | undefined;
  let config: DnsplaneConfig;
  if (configPath === undefined) {
    demo = await DemoFleet.start(DEMO_LB_IDS, DEMO_LB_PORTS);
    config = demoConfig({ dataDir, lbPorts: demo.ports(), ...listenOverrides(values) });
  } else {
    const loaded = await loadConfigFile(configPath, { dataDir });
    if (!loaded.ok) {
      process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
      return 2;
    }
    config = withListenOverrides(loaded.config, values);
  }
  return runUntilSignal(config, dataDir, demo);
}

function listenOverrides(values: Record<string, string | boolean | undefined>): { dnsListen?: string; httpListen?: string } {
  const dns = stringOption(values, 'dns-listen');
  const http = stringOption(values, 'http-listen');
  return { ...(dns === undefined ? {} : { dnsListen: dns }), ...(http === undefined ? {} : { httpListen: http }) };
}

function withListenOverrides(config: DnsplaneConfig, values: Record<string, string | boolean | undefined>): DnsplaneConfig {
  const overrides = listenOverrides(values);
  return {
    ...config,
    dns: overrides.dnsListen === undefined ? config.dns : { ...config.dns, listen: hostPort(overrides.dnsListen) },
    http: overrides.httpListen === undefined ? config.http : { listen: hostPort(overrides.httpListen) },
  };
}

function hostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!match) throw new StartupError(`listen address '${text}' must be HOST:PORT`);
  return { host: match[1] ?? match[2]!, port: Number(match[3]) };
}

async function runUntilSignal(config: DnsplaneConfig, dataDir: string, demo: DemoFleet | undefined): Promise<number> {
  // Only now, with a valid config: bad input leaves no trace, not even an empty data dir.
  mkdirSync(dataDir, { recursive: true });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const runtime = await startRuntime({ config, dataDir, log, ...(demo ? { demo } : {}) });
  const api = await startHttpApi(runtime, config.http.listen);
  const endpoints = { pid: process.pid, dns: { host: config.dns.listen.host, port: runtime.dns.port }, http: { host: config.http.listen.host, port: api.port } };
  // Tools and tests find the ports here (port 0 in config means "any free port").
  writeFileSync(join(dataDir, 'runtime.json'), `${JSON.stringify(endpoints)}\n`);
  process.stdout.write(`dnsplane up: DNS on ${endpoints.dns.host}:${endpoints.dns.port}, HTTP on http://${endpoints.http.host}:${endpoints.http.port}\n`);
  if (demo) {
    const regional = config.fleet.endpoints[0]!.name;
    process.stdout.write(`demo fleet: ${demo.list().map((lb) => `${lb.id} (:${lb.port})`).join(', ')}\n`);
    process.stdout.write(`try: dig @${endpoints.dns.host} -p ${endpoints.dns.port} ${regional} A +short\n`);
    process.stdout.write(`     npx dnsplane demo stop lb-a1 --url http://${endpoints.http.host}:${endpoints.http.port}\n`);
  }
  await new Promise<void>((resolveSignal) => {
    process.once('SIGTERM', () => resolveSignal());
    process.once('SIGINT', () => resolveSignal());
  });
  log(JSON.stringify({ level: 'info', msg: 'stopping: finishing transactions in flight' }));
  await api.close();
  await runtime.stop();
  log(JSON.stringify({ level: 'info', msg: 'stopped' }));
  return 0;
}

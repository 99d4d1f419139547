/**
 * `dnsplane dns-server`: the embedded authoritative server on its own, answering from its
 * persisted zone and written by the Enactors over RFC 2136 (TSIG) like any other target. Nothing
 * here talks to etcd: the answer path does not depend on the control plane.
 */
import { join } from 'node:path';
import { systemRandom } from '../../adapters/random-system/system-random.js';
import { tsigKey } from '../../dns-wire/index.js';
import { DataDirUnwritable } from '../../dns-server/data-dir.js';
import { startEmbeddedDns } from '../../dns-server/server.js';
import type { DnsplaneConfig } from '../config/index.js';
import { StartupError } from '../runtime.js';
import type { RoleProcess } from './role-support.js';

export interface DnsServerRoleOptions {
  readonly dataDir: string;
  readonly log: (line: string) => void;
}

export async function startDnsServerRole(config: DnsplaneConfig, options: DnsServerRoleOptions): Promise<RoleProcess & { readonly port: number }> {
  const tsig = config.dns.tsig;
  if (tsig === undefined) throw new StartupError('dnsplane dns-server needs dns.tsig: the Enactors write it over RFC 2136, signed', 2);
  let dns;
  try {
    dns = await startEmbeddedDns({
      origin: config.zone, listen: config.dns.listen, dataDir: join(options.dataDir, 'zone'),
      tsigKeys: [tsigKey(tsig.name, tsig.algorithm, tsig.secret)], random: systemRandom, workers: config.dns.workers,
    });
  } catch (error) {
    if (error instanceof DataDirUnwritable) throw new StartupError(error.message, 2);
    throw new StartupError(`cannot start the DNS server on ${config.dns.listen.host}:${config.dns.listen.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  options.log(JSON.stringify({ level: 'info', msg: 'dnsplane dns-server', zone: config.zone, dns: `${config.dns.listen.host}:${dns.port}` }));
  return { port: dns.port, stop: async () => { await dns.close(); } };
}

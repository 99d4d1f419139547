/**
 * Reads what is live for endpoints by asking a DNS server, as any resolver would: the fence TXT
 * at `_dnsplane.<name>` and the A and AAAA RRsets. Queries run a bounded number at a time.
 */
import { fenceName, parseFence } from '../../core/model/fence.js';
import type { EndpointName } from '../../core/model/ids.js';
import type { LiveEndpoint } from '../../core/ports/dns-provider.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { RRType, Rcode, type DnsMessage } from '../../dns-wire/index.js';
import { queryDns, type DnsServerAddress, type QueryOptions } from './dns-client.js';

export const LIVE_READ_CONCURRENCY_MAX = 32;

export async function readLiveOverWire(server: DnsServerAddress, names: readonly EndpointName[], options: QueryOptions = {}): Promise<Result<LiveEndpoint[]>> {
  const results: LiveEndpoint[] = new Array<LiveEndpoint>(names.length);
  let next = 0;
  let firstFailure: Result<never> | null = null;
  const worker = async (): Promise<void> => {
    while (next < names.length && firstFailure === null) {
      const index = next++;
      const read = await readOne(server, names[index]!, options);
      if (!read.ok) firstFailure = read;
      else results[index] = read.value;
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIVE_READ_CONCURRENCY_MAX, names.length) }, worker));
  if (firstFailure !== null) return firstFailure;
  return ok(results);
}

async function readOne(server: DnsServerAddress, name: EndpointName, options: QueryOptions): Promise<Result<LiveEndpoint>> {
  const [fence, a, aaaa] = await Promise.all([
    queryDns(server, fenceName(name), RRType.TXT, options),
    queryDns(server, name, RRType.A, options),
    queryDns(server, name, RRType.AAAA, options),
  ]);
  for (const response of [fence, a, aaaa]) {
    if (!response.ok) return response;
    const rcode = response.value.header.rcode;
    if (rcode !== Rcode.NOERROR && rcode !== Rcode.NXDOMAIN) return failure('server', `${name}: server answered rcode ${rcode}`, true);
  }
  if (!fence.ok || !a.ok || !aaaa.ok) return failure('server', 'unreachable', true);
  const addresses = [...addressesIn(a.value, name), ...addressesIn(aaaa.value, name)];
  const texts = fence.value.answers.filter((rr) => rr.data.kind === 'TXT').map((rr) => (rr.data.kind === 'TXT' ? rr.data.strings.join('') : ''));
  if (texts.length === 0) return ok({ name, fence: null, addresses });
  const parsed = texts.length === 1 ? parseFence(texts[0]!) : { ok: false as const, reason: `${texts.length} fence records` };
  if (!parsed.ok) return ok({ name, fence: null, fenceMalformed: texts.join(' | '), addresses });
  return ok({ name, fence: parsed.fence, addresses });
}

function addressesIn(message: DnsMessage, name: string): { family: 'A' | 'AAAA'; address: string }[] {
  const result: { family: 'A' | 'AAAA'; address: string }[] = [];
  for (const rr of message.answers) {
    if (rr.name.toLowerCase() !== name.toLowerCase()) continue;
    if (rr.data.kind === 'A' || rr.data.kind === 'AAAA') result.push({ family: rr.data.kind, address: rr.data.address });
  }
  return result;
}

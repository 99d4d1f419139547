/**
 * The order of the handler chain, declared in one place:
 *
 *   guard ─► edns ─► tsig ─► transfer ─► update ─► query
 *
 * guard drops responses and refuses unknown opcodes; edns negotiates the UDP size and echoes OPT;
 * tsig verifies signatures and signs replies; transfer answers AXFR/IXFR for allowed keys; update applies RFC 2136 updates; query answers.
 */
import type { Random } from '../core/ports/random.js';
import type { TsigKey } from '../dns-wire/index.js';
import type { Handler } from './handler.js';
import { ednsHandler } from './handlers/edns.js';
import { guardHandler } from './handlers/guard.js';
import { queryHandler } from './handlers/query.js';
import { transferHandler, type ZoneContents } from './handlers/transfer.js';
import type { ZoneVersions } from './zone-history.js';
import { tsigHandler } from './handlers/tsig.js';
import { updateHandler, type UpdateApplier } from './handlers/update.js';
import type { UpdateResult } from './update.js';
import type { CompiledUpdatePolicy } from './update-policy.js';
import type { ZoneReader } from './zone.js';

export interface ChainOptions {
  readonly zone: () => ZoneReader;
  readonly random: Random;
  readonly tsigKeys: ReadonlyMap<string, TsigKey>;
  readonly nowSeconds: () => number;
  readonly udpPayloadMax: number;
  readonly applyUpdate: UpdateApplier;
  readonly onUpdate?: (result: UpdateResult) => void;
  /** Absent: every configured key may change every name. */
  readonly updatePolicy?: CompiledUpdatePolicy;
  /** Default: no bound beyond the 64 KiB message. */
  readonly updateRecordsMax?: number;
  readonly onUpdateRefused?: (keyName: string, detail: string) => void;
  /** AXFR/IXFR for these keys (handlers/transfer.ts); absent: transfers are REFUSED. */
  readonly transfer?: { readonly keys: ReadonlySet<string>; readonly contents: ZoneContents; readonly versions: () => ZoneVersions };
}

export function buildChain(options: ChainOptions): Handler[] {
  return [
    guardHandler,
    ednsHandler(options.udpPayloadMax),
    tsigHandler(options.tsigKeys, options.nowSeconds),
    ...(options.transfer === undefined ? [] : [transferHandler({ zone: options.zone, contents: options.transfer.contents, versions: options.transfer.versions }, options.transfer.keys)]),
    updateHandler({
      apply: options.applyUpdate, recordsMax: options.updateRecordsMax ?? Number.POSITIVE_INFINITY,
      ...(options.onUpdate === undefined ? {} : { onResult: options.onUpdate }),
      ...(options.updatePolicy === undefined ? {} : { policy: options.updatePolicy }),
      ...(options.onUpdateRefused === undefined ? {} : { onRefused: options.onUpdateRefused }),
    }),
    queryHandler(options.zone, options.random),
  ];
}

/**
 * update: RFC 2136 dynamic updates. Only TSIG-signed updates with a configured key reach the
 * zone (the tsig handler has already answered NOTAUTH to a bad signature); an unsigned update is
 * REFUSED and changes nothing.
 */
import { Opcode, Rcode } from '../../dns-wire/index.js';
import { replyTo, type Handler } from '../handler.js';
import type { applyUpdate} from '../update.js';
import { type UpdateResult } from '../update.js';

export type UpdateApplier = (request: Parameters<typeof applyUpdate>[1]) => UpdateResult;

export function updateHandler(apply: UpdateApplier, onResult?: (result: UpdateResult) => void): Handler {
  return {
    name: 'update',
    handle(request, next) {
      if (request.message.header.opcode !== Opcode.UPDATE) return next(request);
      if (request.signedBy === undefined) {
        onResult?.({ rcode: Rcode.REFUSED, detail: 'update is not TSIG-signed' });
        return { message: replyTo(request.message, Rcode.REFUSED), cacheable: false };
      }
      const result = apply(request.message);
      onResult?.(result);
      // RFC 2136 §3.8: the response echoes the header and zone section only.
      const echo = { ...request.message, answers: [], authorities: [], additionals: [] };
      return { message: replyTo(echo, result.rcode), cacheable: false };
    },
  };
}

/**
 * NOTIFY (RFC 1996) to the configured secondaries after every committed change, so they transfer
 * the zone at once instead of waiting for the SOA refresh. Over UDP, as BIND and Knot send it:
 * the SOA in the answer section, AA set; retried every `retryMs` until the secondary answers (any
 * reply with our id) or `attemptsMax` is reached. Changes that come while a NOTIFY is still
 * unanswered are folded into one more NOTIFY afterwards: the secondary reads the latest serial anyway.
 */
import { createSocket } from 'node:dgram';
import { Opcode, RRClass, RRType, encodeMessage, type DnsMessage } from '../dns-wire/index.js';
import { logLine, type LogSink } from './log.js';
import type { ZoneStore } from './zone-store.js';

export interface NotifyTarget { readonly host: string; readonly port: number }

export interface NotifierOptions {
  readonly zone: ZoneStore;
  readonly targets: readonly NotifyTarget[];
  readonly log: LogSink;
  readonly retryMs?: number;
  readonly attemptsMax?: number;
}

export interface Notifier {
  /** NOTIFYs answered by a secondary, since start. */
  readonly answered: number;
  close(): void;
}

const RETRY_MS_DEFAULT = 1_000;
const ATTEMPTS_MAX_DEFAULT = 5;

export function startNotifier(options: NotifierOptions): Notifier {
  const retryMs = options.retryMs ?? RETRY_MS_DEFAULT;
  const attemptsMax = options.attemptsMax ?? ATTEMPTS_MAX_DEFAULT;
  const socket = createSocket('udp4');
  socket.on('error', () => undefined); // a secondary that is down must never take the primary down
  let nextId = 1;
  let answered = 0;
  let closed = false;
  const waiting = new Map<number, () => void>();
  socket.on('message', (reply) => {
    if (reply.length < 12) return;
    const done = waiting.get(reply.readUInt16BE(0));
    if (done === undefined) return;
    answered++;
    done();
  });
  const inFlight = new Set<NotifyTarget>();
  const again = new Set<NotifyTarget>();

  const notify = (target: NotifyTarget): void => {
    if (closed) return;
    if (inFlight.has(target)) {
      again.add(target);
      return;
    }
    inFlight.add(target);
    const id = nextId = (nextId % 0xffff) + 1;
    const bytes = encodeMessage(notifyMessage(id, options.zone));
    let attempt = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      waiting.delete(id);
      inFlight.delete(target);
      if (again.delete(target)) notify(target);
    };
    const send = (): void => {
      if (closed) return;
      if (attempt++ >= attemptsMax) {
        options.log(logLine('warn', { msg: 'NOTIFY not answered', secondary: `${target.host}:${target.port}`, attempts: attemptsMax }));
        finish();
        return;
      }
      socket.send(bytes, target.port, target.host);
      timer = setTimeout(send, retryMs);
      timer.unref();
    };
    waiting.set(id, finish);
    send();
  };
  const unsubscribe = options.zone.onCommit(() => { for (const target of options.targets) notify(target); });
  socket.bind(0);
  socket.unref();
  return {
    get answered() { return answered; },
    close() {
      closed = true;
      unsubscribe();
      for (const done of [...waiting.values()]) done();
      socket.close();
    },
  };
}

function notifyMessage(id: number, store: ZoneStore): DnsMessage {
  const reader = store.reader;
  const soa = reader.rrset(reader.origin, RRType.SOA)!;
  return {
    header: { id, qr: false, opcode: Opcode.NOTIFY, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
    questions: [{ name: reader.origin, type: RRType.SOA, class: RRClass.IN }],
    answers: [{ name: reader.origin, type: RRType.SOA, class: RRClass.IN, ttl: soa.ttl, data: soa.rdatas[0]! }],
    authorities: [],
    additionals: [],
  };
}

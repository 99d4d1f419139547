/**
 * NOTIFY (RFC 1996) to the configured secondaries after every committed change, so they transfer
 * the zone at once instead of waiting for the SOA refresh. Over UDP (IPv4 or IPv6, by the
 * target's address), as BIND and Knot send it: the SOA in the answer section, AA set; signed
 * with the target's TSIG key when it has one (a secondary may accept NOTIFY only so signed).
 * Retried every `retryMs` until the secondary answers or `attemptsMax` is reached. An answer is a
 * reply with our id; to a signed NOTIFY it must carry a valid signature too, or it is ignored
 * like a forged one. An answer with an error rcode (NOTAUTH, REFUSED) ends the retries and is
 * logged: asking again would get the same. Changes that come while a NOTIFY is still unanswered
 * are folded into one more NOTIFY afterwards: the secondary reads the latest serial anyway.
 */
import { createSocket } from 'node:dgram';
import { assert } from '../core/model/assert.js';
import { Opcode, RRClass, RRType, Rcode, encodeMessage, rcodeName, parseMessage, signMessage, verifyTsig } from '../dns-wire/index.js';
import { logLine } from './log.js';
const RETRY_MS_DEFAULT = 1_000;
const ATTEMPTS_MAX_DEFAULT = 5;
export function startNotifier(options) {
    const retryMs = options.retryMs ?? RETRY_MS_DEFAULT;
    const attemptsMax = options.attemptsMax ?? ATTEMPTS_MAX_DEFAULT;
    const keyOf = (target) => {
        if (target.key === undefined)
            return undefined;
        const key = options.keys.get(absoluteLowerCase(target.key));
        assert(key !== undefined, `NOTIFY target ${target.host}:${target.port} names key ${target.key}, which the server does not have`);
        return key;
    };
    let nextId = 1;
    let answered = 0;
    let closed = false;
    const waiting = new Map();
    const onReply = (reply) => {
        if (reply.length < 12)
            return;
        const entry = waiting.get(reply.readUInt16BE(0));
        if (entry === undefined)
            return;
        const verdict = checkAnswer(reply, entry, options.nowSeconds());
        switch (verdict.kind) {
            case 'forged':
                return;
            case 'answered':
                answered++;
                break;
            case 'refused':
                options.log(logLine('warn', { msg: 'NOTIFY refused by the secondary', secondary: `${entry.target.host}:${entry.target.port}`, detail: verdict.detail }));
                break;
        }
        entry.finish();
    };
    const sockets = new Map();
    const socketFor = (host) => {
        const family = host.includes(':') ? 'udp6' : 'udp4';
        let socket = sockets.get(family);
        if (socket === undefined) {
            socket = createSocket(family);
            socket.on('error', () => undefined); // a secondary that is down must never take the primary down
            socket.on('message', onReply);
            socket.bind(0);
            socket.unref();
            sockets.set(family, socket);
        }
        return socket;
    };
    for (const target of options.targets) {
        keyOf(target);
        socketFor(target.host);
    }
    const inFlight = new Set();
    const again = new Set();
    const notify = (target) => {
        if (closed)
            return;
        if (inFlight.has(target)) {
            again.add(target);
            return;
        }
        inFlight.add(target);
        const id = nextId = (nextId % 0xffff) + 1;
        const key = keyOf(target);
        const unsigned = encodeMessage(notifyMessage(id, options.zone));
        const signed = key === undefined ? undefined : signMessage(unsigned, key, { timeSignedSeconds: options.nowSeconds() });
        const bytes = signed?.wire ?? unsigned;
        const socket = socketFor(target.host);
        let attempt = 0;
        let timer;
        const finish = () => {
            clearTimeout(timer);
            waiting.delete(id);
            inFlight.delete(target);
            if (again.delete(target))
                notify(target);
        };
        const send = () => {
            if (closed)
                return;
            if (attempt++ >= attemptsMax) {
                options.log(logLine('warn', { msg: 'NOTIFY not answered', secondary: `${target.host}:${target.port}`, attempts: attemptsMax }));
                finish();
                return;
            }
            socket.send(bytes, target.port, target.host);
            timer = setTimeout(send, retryMs);
            timer.unref();
        };
        waiting.set(id, { target, key, mac: signed?.mac, finish });
        send();
    };
    const unsubscribe = options.zone.onCommit(() => { for (const target of options.targets)
        notify(target); });
    return {
        get answered() { return answered; },
        close() {
            closed = true;
            unsubscribe();
            for (const entry of [...waiting.values()])
                entry.finish();
            for (const socket of sockets.values())
                socket.close();
        },
    };
}
function checkAnswer(reply, entry, nowSeconds) {
    const parsed = parseMessage(reply);
    if (!parsed.ok)
        return { kind: 'forged' };
    const rcode = parsed.value.message.header.rcode;
    if (rcode !== Rcode.NOERROR)
        return { kind: 'refused', detail: rcodeName(rcode) };
    if (entry.key === undefined)
        return { kind: 'answered' };
    const verdict = verifyTsig(reply, parsed.value, new Map([[entry.key.name, entry.key]]), nowSeconds, entry.mac);
    return verdict !== null && verdict.ok ? { kind: 'answered' } : { kind: 'forged' };
}
function absoluteLowerCase(name) {
    return (name.endsWith('.') ? name : `${name}.`).toLowerCase();
}
function notifyMessage(id, store) {
    const reader = store.reader;
    const soa = reader.rrset(reader.origin, RRType.SOA);
    return {
        header: { id, qr: false, opcode: Opcode.NOTIFY, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 },
        questions: [{ name: reader.origin, type: RRType.SOA, class: RRClass.IN }],
        answers: [{ name: reader.origin, type: RRType.SOA, class: RRClass.IN, ttl: soa.ttl, data: soa.rdatas[0] }],
        authorities: [],
        additionals: [],
    };
}
//# sourceMappingURL=notify.js.map
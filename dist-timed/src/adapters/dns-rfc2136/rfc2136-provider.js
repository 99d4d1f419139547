/**
 * The DnsProvider for standard authoritative servers that accept RFC 2136 dynamic updates with
 * TSIG: BIND 9, Knot DNS, PowerDNS (and the embedded server over the wire).
 *
 *   applyFenced(batch) ──► one UPDATE: per endpoint a value-dependent prerequisite on its fence
 *        │                 RRset exactly as read, then replace A, AAAA and the fence (update-message.ts)
 *        ├─ sign (TSIG) ─► send over a pipelined TCP connection (several batches may be in flight;
 *        │                 a response counts only with the request's id and zone section)
 *        └─ verify the response's TSIG ─► rcode ─► applied | conflict | failure (response-outcome.ts)
 *
 *   readEndpoints(names) ──► few names: queries (fence TXT, A, AAAA) over UDP/TCP
 *                        └─► many names: one AXFR (a consistent snapshot), falling back to queries
 *                            when the server refuses transfers      (both: dns-client/live-reader.ts)
 *
 *   materialise(records) ──► the top answersMax addresses per family by weight, no weights: what
 *                            the UPDATE writes and what a read returns
 *
 * A batch is one UPDATE message, so it is atomic on every server (all prerequisites are checked
 * before anything changes). On a conflict the Enactor re-reads the batch's endpoints, drops those
 * at or above its generation and retries the rest; repeating an UPDATE whose answer was lost is
 * safe for the same reason: its prerequisite no longer holds.
 */
import { randomInt } from 'node:crypto';
import { materialiseTopByWeight } from '../../core/model/served.js';
import { failure, ok } from '../../core/ports/result.js';
import { canonicalName, encodeMessage, isInZone, parseMessage, signMessage, verifyTsig } from '../../dns-wire/index.js';
import { transferZone } from '../dns-client/axfr.js';
import { liveFromRecords, readLiveOverWire } from '../dns-client/live-reader.js';
import { DnsTcpConnection, TCP_MESSAGE_BYTES_MAX } from '../dns-client/tcp-connection.js';
import { updateOutcome } from './response-outcome.js';
import { buildFencedUpdate } from './update-message.js';
export const RFC2136_DEFAULTS = {
    writesPerTransactionMax: 100,
    timeoutMs: 5000,
    axfrNamesMin: 64,
    inFlightMax: 4,
    axfrTimeoutMs: 60_000,
};
/** TSIG record: name + type/class/ttl/rdlength + algorithm + fixed fields + a 64-byte MAC, with room. */
const TSIG_BYTES_RESERVED = 256;
export class Rfc2136Provider {
    options;
    id;
    writesPerTransactionMax;
    transactionsInFlightMax;
    zone;
    timeoutMs;
    connection;
    keyName;
    /** Set when the server refused a transfer (or sent it unsigned) in 'auto' mode: queries from then on. */
    axfrRefused = false;
    constructor(options) {
        this.options = options;
        this.id = options.id;
        this.zone = canonicalName(options.zone.endsWith('.') ? options.zone : `${options.zone}.`);
        this.writesPerTransactionMax = options.writesPerTransactionMax ?? RFC2136_DEFAULTS.writesPerTransactionMax;
        this.timeoutMs = options.timeoutMs ?? RFC2136_DEFAULTS.timeoutMs;
        this.transactionsInFlightMax = options.inFlightMax ?? RFC2136_DEFAULTS.inFlightMax;
        this.connection = new DnsTcpConnection(options.server, this.timeoutMs, this.transactionsInFlightMax);
        this.keyName = options.key?.name ?? '(unsigned)';
    }
    /** "host:port zone" for messages and status. */
    describe() {
        return `${this.options.server.host}:${this.options.server.port} zone ${this.zone}`;
    }
    close() {
        this.connection.close();
    }
    materialise(records) {
        return materialiseTopByWeight(records);
    }
    async applyFenced(writes) {
        if (writes.length === 0)
            return ok({ kind: 'applied' });
        if (writes.length > this.writesPerTransactionMax) {
            return failure('too-large', `${writes.length} writes exceed ${this.writesPerTransactionMax} per transaction`, false);
        }
        const outside = writes.find((w) => !isInZone(w.endpoint, this.zone));
        if (outside !== undefined)
            return failure('config', `${outside.endpoint} is outside zone ${this.zone} of provider ${this.id}`, false);
        const id = randomInt(0x10000);
        const unsigned = encodeMessage(buildFencedUpdate(this.zone, writes, id));
        if (unsigned.length + TSIG_BYTES_RESERVED > TCP_MESSAGE_BYTES_MAX) {
            return failure('too-large', `an UPDATE for ${writes.length} endpoints needs ${unsigned.length} bytes, over the ${TCP_MESSAGE_BYTES_MAX}-byte limit: lower writesPerTransactionMax`, false);
        }
        const key = this.options.key;
        const signed = key === null ? { wire: unsigned, mac: null } : signMessage(unsigned, key, { timeSignedSeconds: nowSeconds() });
        const response = await this.requestWithFreeId(signed.wire);
        if (!response.ok)
            return response;
        const parsed = parseMessage(response.value);
        if (!parsed.ok)
            return failure('malformed', `${this.describe()}: malformed UPDATE response: ${parsed.error.reason}`, true);
        const tsig = key === null ? { kind: 'verified' } : checkResponseTsig(response.value, parsed.value, key, signed.mac);
        return updateOutcome({
            rcode: parsed.value.message.header.rcode, tsig, server: `${this.options.server.host}:${this.options.server.port}`,
            zone: this.zone, keyName: this.keyName, endpoints: writes.length,
        });
    }
    /** Waits for a slot on the connection when several batches are already in flight (bounded). */
    async requestWithFreeId(wire) {
        const waitsMax = Math.ceil(this.timeoutMs / 5);
        for (let wait = 0; wait < waitsMax; wait++) {
            const result = await this.connection.request(wire, this.timeoutMs);
            if (result.ok || result.code !== 'busy')
                return result;
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return failure('timeout', `${this.describe()}: no free slot for an UPDATE within ${this.timeoutMs} ms`, true);
    }
    async readEndpoints(names) {
        const outside = names.find((name) => !isInZone(name, this.zone));
        if (outside !== undefined)
            return failure('config', `${outside} is outside zone ${this.zone} of provider ${this.id}`, false);
        if (names.length === 0)
            return ok([]);
        if (this.useAxfr(names.length)) {
            const snapshot = await this.readByTransfer(names);
            if (snapshot.ok || this.options.reads === 'axfr')
                return snapshot;
            // A server that refuses transfers, or answers them unsigned (PowerDNS without
            // TSIG-ALLOW-AXFR), will do so again: read by queries from now on.
            if (snapshot.code === 'refused' || snapshot.code === 'tsig')
                this.axfrRefused = true;
        }
        return readLiveOverWire(this.options.server, names, { timeoutMs: this.timeoutMs });
    }
    useAxfr(count) {
        const mode = this.options.reads ?? 'auto';
        if (mode === 'query')
            return false;
        if (mode === 'axfr')
            return true;
        return !this.axfrRefused && count >= (this.options.axfrNamesMin ?? RFC2136_DEFAULTS.axfrNamesMin);
    }
    async readByTransfer(names) {
        const records = await transferZone(this.options.server, this.zone, {
            key: this.options.key, timeoutMs: Math.max(this.timeoutMs, RFC2136_DEFAULTS.axfrTimeoutMs),
        });
        if (!records.ok)
            return records;
        return ok(liveFromRecords(names, records.value));
    }
}
function nowSeconds() {
    return Math.floor(Date.now() / 1000);
}
/** A TSIG error reported by the server wins; otherwise the response must verify against our request. */
function checkResponseTsig(raw, parsed, key, requestMac) {
    const last = parsed.message.additionals[parsed.message.additionals.length - 1];
    if (last === undefined || last.data.kind !== 'TSIG')
        return { kind: 'unsigned' };
    if (last.data.error !== 0)
        return { kind: 'bad', error: last.data.error, reason: `server reported TSIG error ${last.data.error}` };
    const verdict = verifyTsig(raw, parsed, new Map([[key.name, key]]), nowSeconds(), requestMac);
    if (verdict === null)
        return { kind: 'unsigned' };
    if (!verdict.ok)
        return { kind: 'bad', error: 0, reason: verdict.reason };
    return { kind: 'verified' };
}
//# sourceMappingURL=rfc2136-provider.js.map
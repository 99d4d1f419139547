/**
 * An in-memory DnsProvider that enforces the provider contract exactly as a real server does:
 * the fence is kept as TXT character-strings (the wire form), parsed on every read, and a batch
 * applies only if every write's expected fence RRset equals the live one byte for byte; then all
 * of it applies at once. Used by unit tests; hand edits (setFenceRaw, setServed) stand for an
 * operator or a foreign tool.
 */
import { describeFenceRaw, fenceRawEqual, rawOfFence } from '../../core/model/fence.js';
import { materialiseWeighted } from '../../core/model/served.js';
import { liveEndpoint } from '../../core/ports/dns-provider.js';
import { failure, ok } from '../../core/ports/result.js';
const NOTHING_SERVED = { ttlSeconds: null, addresses: [] };
export class MemoryDnsProvider {
    id;
    writesPerTransactionMax;
    endpoints = new Map();
    available = true;
    constructor(id, writesPerTransactionMax = 100) {
        this.id = id;
        this.writesPerTransactionMax = writesPerTransactionMax;
    }
    setAvailable(available) {
        this.available = available;
    }
    materialise(records) {
        return materialiseWeighted(records);
    }
    /** Sets a fence by hand, as an operator or a foreign tool would (null deletes it). */
    setFence(endpoint, fence) {
        this.setFenceRaw(endpoint, fence === null ? null : rawOfFence(fence));
    }
    /** Sets the fence RRset to exactly these character-strings (garbage, several records, a split value). */
    setFenceRaw(endpoint, raw) {
        this.endpoints.set(endpoint, { fenceRaw: raw, served: this.endpoints.get(endpoint)?.served ?? NOTHING_SERVED });
    }
    /** Writes garbage into a fence record, as a broken tool would. */
    setMalformedFence(endpoint, text) {
        this.setFenceRaw(endpoint, [[text]]);
    }
    /** Replaces what a name serves, fence untouched (a hand edit). */
    setServed(endpoint, served) {
        this.endpoints.set(endpoint, { fenceRaw: this.endpoints.get(endpoint)?.fenceRaw ?? null, served });
    }
    state(endpoint) {
        return this.endpoints.get(endpoint);
    }
    async readEndpoints(names) {
        if (!this.available)
            return failure('unavailable', `provider ${this.id} unavailable`, true);
        return ok(names.map((name) => this.readOne(name)));
    }
    readOne(name) {
        const state = this.endpoints.get(name);
        return liveEndpoint(name, state?.fenceRaw ?? null, state?.served ?? NOTHING_SERVED);
    }
    async applyFenced(writes) {
        if (!this.available)
            return failure('unavailable', `provider ${this.id} unavailable`, true);
        if (writes.length > this.writesPerTransactionMax) {
            return failure('too-large', `${writes.length} writes exceed ${this.writesPerTransactionMax} per transaction`, false);
        }
        for (const write of writes) {
            const mismatch = this.prerequisiteMismatch(write);
            if (mismatch !== null)
                return ok({ kind: 'conflict', detail: mismatch });
        }
        for (const write of writes)
            this.endpoints.set(write.endpoint, { fenceRaw: rawOfFence(write.newFence), served: this.materialise(write.records) });
        return ok({ kind: 'applied' });
    }
    prerequisiteMismatch(write) {
        const live = this.endpoints.get(write.endpoint)?.fenceRaw ?? null;
        if (fenceRawEqual(live, write.expectedFence))
            return null;
        return `fence of ${write.endpoint} is ${describeFenceRaw(live)}, expected ${describeFenceRaw(write.expectedFence)}`;
    }
}
//# sourceMappingURL=memory-dns-provider.js.map
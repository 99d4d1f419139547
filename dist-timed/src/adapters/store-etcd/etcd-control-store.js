import { failure, ok } from '../../core/ports/result.js';
import { compare, op } from './etcd-connection.js';
const CONTROLS_PREFIX = 'controls/';
/** A Record so that a new kind fails to compile here until it is listed. */
const CONTROL_KINDS = { 'velocity-override': true, failback: true, freeze: true, adopt: true };
export class EtcdControlStore {
    etcd;
    constructor(etcd) {
        this.etcd = etcd;
    }
    async list() {
        const read = await this.read();
        return read.ok ? ok(read.value.map((entry) => entry.control)) : read;
    }
    async add(control) {
        const key = this.etcd.key(CONTROLS_PREFIX + control.id);
        const written = await this.etcd.txn('add control', [compare.absent(key)], [op.put(key, JSON.stringify(control))]);
        if (!written.ok)
            return written;
        return written.value.succeeded ? ok(undefined) : failure('exists', `a control with id ${control.id} is stored`, false);
    }
    async remove(kind, target) {
        return this.removeWhere((c) => c.kind === kind && c.target === target);
    }
    async prune(beforeMs) {
        const removed = await this.removeWhere((c) => c.expiresAtMs !== null && c.expiresAtMs < beforeMs);
        return removed.ok ? ok(removed.value.length) : removed;
    }
    /** Deletes each match only if it is unchanged since read (mod revision), in one txn. */
    async removeWhere(matches) {
        const read = await this.read();
        if (!read.ok)
            return read;
        const doomed = read.value.filter((entry) => matches(entry.control));
        if (doomed.length === 0)
            return ok([]);
        const removed = await this.etcd.txn('remove controls', doomed.map((e) => compare.modRevision(e.kv.key, e.kv.mod_revision)), doomed.map((e) => op.delete(e.kv.key)));
        if (!removed.ok)
            return removed;
        if (!removed.value.succeeded)
            return failure('unavailable', 'controls changed while being removed; retry', true);
        return ok(doomed.map((e) => e.control));
    }
    async read() {
        const read = await this.etcd.rangePrefix('list controls', CONTROLS_PREFIX, false);
        if (!read.ok)
            return read;
        const entries = [];
        for (const kv of read.value) {
            const control = parseControl(kv.value);
            if (control === null)
                return failure('corrupt', `control ${kv.key.toString('utf8')} does not decode; delete it with etcdctl del`, true);
            entries.push({ control, kv });
        }
        entries.sort((a, b) => Number(a.kv.create_revision) - Number(b.kv.create_revision));
        return ok(entries);
    }
}
function parseControl(value) {
    try {
        const c = JSON.parse(value.toString('utf8'));
        if (c === null || typeof c.id !== 'string' || typeof c.kind !== 'string' || !Object.hasOwn(CONTROL_KINDS, c.kind))
            return null;
        if (typeof c.target !== 'string' || typeof c.reason !== 'string' || typeof c.by !== 'string' || !Number.isSafeInteger(c.createdAtMs))
            return null;
        if (c.expiresAtMs !== null && !Number.isSafeInteger(c.expiresAtMs))
            return null;
        return { id: c.id, kind: c.kind, target: c.target, reason: c.reason, by: c.by, createdAtMs: c.createdAtMs, expiresAtMs: c.expiresAtMs };
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=etcd-control-store.js.map
/**
 * Heartbeats of the role processes, so `dnsplane status` can say, from any machine, which
 * Planner leads and what each Enactor last did:
 *
 *     P heartbeats/<role>/<instance>   JSON { role, instance, atMs, ...detail }
 *
 * A heartbeat is a plain key, not attached to a lease: a process that died stays listed with its
 * age, which is what an operator wants to see. Two Enactors of one zone are two instances.
 */
import { ok } from '../../core/ports/result.js';
import { op } from './etcd-connection.js';
const HEARTBEATS_PREFIX = 'heartbeats/';
export async function writeHeartbeat(etcd, heartbeat) {
    const written = await etcd.txn('heartbeat', [], [op.put(etcd.key(`${HEARTBEATS_PREFIX}${heartbeat.role}/${heartbeat.instance}`), JSON.stringify(heartbeat))]);
    return written.ok ? ok(undefined) : written;
}
export async function readHeartbeats(etcd) {
    const read = await etcd.rangePrefix('heartbeats', HEARTBEATS_PREFIX, false);
    if (!read.ok)
        return read;
    const beats = [];
    for (const kv of read.value) {
        try {
            const beat = JSON.parse(kv.value.toString('utf8'));
            if (typeof beat.role === 'string' && typeof beat.instance === 'string' && Number.isFinite(beat.atMs))
                beats.push(beat);
        }
        catch {
            // A heartbeat that does not decode is skipped: it is only information.
        }
    }
    return ok(beats);
}
//# sourceMappingURL=etcd-heartbeats.js.map
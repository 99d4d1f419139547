/**
 * The authoritative zone with its persistence: the single place where the zone changes.
 *
 * `transact(build)` runs `build` against the live zone, and if it returns changes, journals them
 * (fsync) and applies them, with one serial bump — all synchronously, so the check inside `build`
 * (an UPDATE's prerequisites, a provider's fence comparison) and the write are one atomic step.
 * Listeners hear about every committed transaction (answer cache, worker replicas).
 */
import { assert } from '../core/model/assert.js';
import { RRType, canonicalName } from '../dns-wire/index.js';
import { ZonePersistence } from './persistence.js';
import { ZoneHistory } from './zone-history.js';
import { Zone, nextSerial, serialGreater } from './zone.js';
const COMPACT_AFTER_TRANSACTIONS_DEFAULT = Number.POSITIVE_INFINITY;
export class ZoneStore {
    zone;
    /** The recent versions, both sides of every change: what an IXFR sends (zone-history.ts). */
    history;
    persistence;
    listeners = [];
    compactAfterTransactions;
    seq = 0;
    replicationBarrier = null;
    constructor(options) {
        this.zone = new Zone(options.origin);
        this.history = new ZoneHistory(options.historyLimits);
        this.compactAfterTransactions = options.compactAfterTransactions ?? COMPACT_AFTER_TRANSACTIONS_DEFAULT;
        assert(this.compactAfterTransactions >= 1, 'compactAfterTransactions must be at least 1');
        this.persistence = options.dataDir === null ? null : new ZonePersistence(options.dataDir);
        const loaded = this.loadOrRelease();
        if (loaded !== null) {
            assert(canonicalName(loaded.snapshot.origin) === this.zone.origin, `data dir holds zone ${loaded.snapshot.origin}, configured ${this.zone.origin}`);
            this.zone.apply(loaded.snapshot.rrsets, loaded.snapshot.serial);
            // The journal since the snapshot is replayed as versions: after a restart, IXFR reaches back to the snapshot.
            for (const entry of loaded.entries)
                this.history.apply(this.zone, entry.changes, entry.serial);
            this.seq = loaded.entries.at(-1)?.seq ?? loaded.snapshot.seq;
            return;
        }
        this.zone.apply(initialZone(this.zone.origin, options), 1);
        this.persistence?.writeSnapshot(this.snapshot());
    }
    /** The persisted zone; a load that fails (a damaged data dir) lets go of the lock and the journal. */
    loadOrRelease() {
        try {
            return this.persistence?.load() ?? null;
        }
        catch (error) {
            this.persistence?.close();
            throw error;
        }
    }
    get serial() {
        return this.zone.serial;
    }
    get reader() {
        return this.zone;
    }
    /** The sequence number of the last committed transaction. */
    get lastSeq() {
        return this.seq;
    }
    /**
     * With worker processes answering queries, a commit is visible to clients only once every
     * worker has applied it; writers that acknowledge to someone (UPDATE replies, the provider)
     * wait for this before they do.
     */
    setReplicationBarrier(barrier) {
        this.replicationBarrier = barrier;
    }
    replicated() {
        return this.replicationBarrier === null ? Promise.resolve() : this.replicationBarrier(this.seq);
    }
    onCommit(listener) {
        this.listeners.push(listener);
        return () => {
            const index = this.listeners.indexOf(listener);
            if (index >= 0)
                this.listeners.splice(index, 1);
        };
    }
    transact(build) {
        const plan = build(this.zone);
        if (plan.changes.length === 0)
            return { ok: true, value: plan.result, serial: this.zone.serial };
        const entry = { seq: this.seq + 1, serial: this.serialAfter(plan.changes), changes: plan.changes };
        // Encoding first, outside the try: data that cannot be encoded is a bug, not a disk failure.
        const line = this.persistence === null ? '' : ZonePersistence.encodeEntry(entry);
        try {
            this.persistence?.append(line);
        }
        catch (error) {
            // The zone is unchanged: the transaction is not acknowledged and may be retried.
            return { ok: false, reason: `journal write failed: ${String(error)}` };
        }
        this.seq = entry.seq;
        this.history.apply(this.zone, entry.changes, entry.serial);
        for (const listener of this.listeners)
            listener(entry);
        this.compactIfDue();
        return { ok: true, value: plan.result, serial: entry.serial };
    }
    /** Every RRset of the zone, for snapshots and worker replicas. */
    snapshot() {
        const rrsets = [];
        for (const [name, node] of this.zone.names()) {
            for (const [type, rrset] of node)
                rrsets.push({ name, type, rrset });
        }
        return { origin: this.zone.origin, seq: this.seq, serial: this.zone.serial, rrsets };
    }
    close() {
        this.persistence?.close();
    }
    /** A change that sets the SOA explicitly to a newer serial keeps it; otherwise serial + 1. */
    serialAfter(changes) {
        const bumped = nextSerial(this.zone.serial);
        const soaChange = changes.find((c) => c.type === RRType.SOA && c.name === this.zone.origin);
        const explicit = soaChange?.rrset?.rdatas[0];
        if (explicit?.kind === 'SOA' && serialGreater(explicit.serial, bumped))
            return explicit.serial;
        return bumped;
    }
    compactIfDue() {
        if (this.persistence === null)
            return;
        if (this.persistence.entriesSinceSnapshot < this.compactAfterTransactions && !this.persistence.journalOutgrewSnapshot)
            return;
        try {
            this.persistence.writeSnapshot(this.snapshot());
        }
        catch {
            // The journal still holds every transaction; compaction is retried after the next one.
        }
    }
}
function initialZone(origin, options) {
    const servers = options.nameServers ?? [{ name: `ns1.${origin}`, address: '127.0.0.1' }];
    assert(servers.length > 0, 'a zone needs at least one name server');
    const ttl = options.soaTtlSeconds ?? 60;
    const soa = {
        kind: 'SOA', mname: servers[0].name, rname: `hostmaster.${origin}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60,
    };
    const changes = [
        { name: origin, type: RRType.SOA, rrset: { type: RRType.SOA, ttl, rdatas: [soa] } },
        { name: origin, type: RRType.NS, rrset: { type: RRType.NS, ttl, rdatas: servers.map((s) => ({ kind: 'NS', host: s.name })) } },
    ];
    for (const server of servers) {
        if (server.address === undefined)
            continue;
        const family = server.address.includes(':') ? RRType.AAAA : RRType.A;
        const glue = { type: family, ttl, rdatas: [family === RRType.A ? { kind: 'A', address: server.address } : { kind: 'AAAA', address: server.address }] };
        changes.push({ name: canonicalName(server.name), type: family, rrset: glue });
    }
    return changes;
}
//# sourceMappingURL=zone-store.js.map
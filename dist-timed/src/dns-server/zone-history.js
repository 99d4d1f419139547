/**
 * The zone's recent versions, for incremental zone transfer (IXFR, RFC 1995). The journal keeps
 * only the RRsets a transaction wrote, not the ones it replaced, so it cannot say what a
 * transaction deleted; this history keeps both sides of every change of the last versions, in
 * memory:
 *
 *   version:  serial a ──► serial b   SOA before, SOA after, per (name, type): RRset before, after
 *
 * Only references are kept (RRsets are immutable, replaced whole by a commit), so remembering a
 * version costs O(changes); the record-level difference is worked out when an IXFR asks for it.
 * The history is bounded by versions and by the records it holds; past either bound the oldest
 * versions are forgotten, and a client whose serial is older gets the whole zone (RFC 1995 §4).
 */
import { assert } from '../core/model/assert.js';
import { RRClass, RRType, rdataBytes } from '../dns-wire/index.js';
export const ZONE_HISTORY_LIMITS_DEFAULT = { versionsMax: 1_000, recordsMax: 200_000 };
export class ZoneHistory {
    limits;
    versions = [];
    recordsKept = 0;
    constructor(limits = ZONE_HISTORY_LIMITS_DEFAULT) {
        this.limits = limits;
        assert(limits.versionsMax >= 1 && limits.recordsMax >= 1, 'zone history limits must be at least 1');
    }
    /** Applies a transaction's changes to `zone` (as Zone.apply does) and remembers the version. */
    apply(zone, changes, serial) {
        const fromSerial = zone.serial;
        const fromSoa = soaRecord(zone);
        const kept = keptChanges(zone, changes);
        zone.apply(changes, serial);
        const version = { fromSerial, toSerial: serial, fromSoa, toSoa: soaRecord(zone), changes: kept, records: countRecords(kept) };
        const last = this.versions.at(-1);
        // A gap would make an IXFR skip a version: start over rather than serve a wrong difference.
        if (last !== undefined && last.toSerial !== fromSerial)
            this.forgetAll();
        this.versions.push(version);
        this.recordsKept += version.records;
        while (this.versions.length > this.limits.versionsMax || this.recordsKept > this.limits.recordsMax) {
            const oldest = this.versions.shift();
            if (oldest === undefined)
                break;
            this.recordsKept -= oldest.records;
        }
    }
    since(serial) {
        // The newest version starting at `serial`: serials only repeat after wrapping around 2^32.
        for (let i = this.versions.length - 1; i >= 0; i--) {
            if (this.versions[i].fromSerial === serial)
                return this.versions.slice(i).map(difference);
        }
        return null;
    }
    /** Versions held (tests). */
    get length() {
        return this.versions.length;
    }
    forgetAll() {
        this.versions.length = 0;
        this.recordsKept = 0;
    }
}
/** One entry per (name, type), the last change to it winning, as Zone.apply applies them. */
function keptChanges(zone, changes) {
    const byKey = new Map();
    for (const change of changes) {
        if (change.type === RRType.SOA && change.name === zone.origin)
            continue; // carried by fromSoa/toSoa
        const after = change.rrset === null || change.rrset.rdatas.length === 0 ? undefined : change.rrset;
        const key = `${change.name}|${change.type}`;
        const before = byKey.get(key)?.before ?? zone.rrset(change.name, change.type);
        byKey.set(key, { name: change.name, type: change.type, before, after });
    }
    return [...byKey.values()];
}
function countRecords(changes) {
    let records = 2;
    for (const change of changes)
        records += (change.before?.rdatas.length ?? 0) + (change.after?.rdatas.length ?? 0);
    return records;
}
function difference(version) {
    const deleted = [];
    const added = [];
    for (const change of version.changes) {
        deleted.push(...recordsOnlyIn(change.name, change.before, change.after));
        added.push(...recordsOnlyIn(change.name, change.after, change.before));
    }
    return { fromSoa: version.fromSoa, deleted, toSoa: version.toSoa, added };
}
/**
 * The records of `rrset` that `other` does not hold. Records compare by TTL and rdata: a new TTL
 * is a deletion of every old record and an addition of every new one. Weights are not DNS data.
 */
function recordsOnlyIn(name, rrset, other) {
    if (rrset === undefined)
        return [];
    const otherKeys = other === undefined || other.ttl !== rrset.ttl ? new Set() : new Set(other.rdatas.map(rdataKey));
    const records = [];
    for (const data of rrset.rdatas) {
        if (!otherKeys.has(rdataKey(data)))
            records.push({ name, type: rrset.type, class: RRClass.IN, ttl: rrset.ttl, data });
    }
    return records;
}
function rdataKey(data) {
    return Buffer.from(rdataBytes(data)).toString('latin1');
}
export function soaRecord(zone) {
    const soa = zone.rrset(zone.origin, RRType.SOA);
    const data = soa?.rdatas[0];
    assert(soa !== undefined && data !== undefined, `zone ${zone.origin} has no SOA`);
    return { name: zone.origin, type: RRType.SOA, class: RRClass.IN, ttl: soa.ttl, data };
}
//# sourceMappingURL=zone-history.js.map
/**
 * RFC 2136 UPDATE, as one atomic transaction on the zone store:
 *
 *   zone section ─► prerequisites (§3.2) ─► update-section prescan (§3.4.1) ─► apply (§3.4.2)
 *        │ FORMERR/NOTAUTH   │ NXDOMAIN, YXDOMAIN, NXRRSET,     │ FORMERR, NOTZONE    │ all changes,
 *        │                   │ YXRRSET, NOTZONE, FORMERR        │                     │ one serial bump
 *
 * Prerequisites and the update are evaluated inside ZoneStore.transact, so nothing can change
 * the zone between the check and the write. Any failure leaves the zone exactly as it was.
 */
import { RRClass, RRType, Rcode, canonicalName, isInZone, rdataBytes } from '../dns-wire/index.js';
import { serialGreater } from './zone.js';
/** Types that cannot be stored as data. */
const META_TYPES = new Set([RRType.OPT, RRType.TSIG, RRType.IXFR, RRType.AXFR, RRType.ANY, 249 /* TKEY */, 253 /* MAILB */, 254 /* MAILA */]);
export function applyUpdate(store, message) {
    const zoneCheck = checkZoneSection(store.reader, message);
    if (zoneCheck !== null)
        return zoneCheck;
    const outcome = store.transact((zone) => {
        const prerequisite = checkPrerequisites(zone, message.answers);
        if (prerequisite !== null)
            return { changes: [], result: prerequisite };
        const prescan = prescanUpdates(zone, message.authorities);
        if (prescan !== null)
            return { changes: [], result: prescan };
        const changes = computeChanges(zone, message.authorities);
        return { changes, result: { rcode: Rcode.NOERROR, detail: `${changes.length} RRsets changed` } };
    });
    if (!outcome.ok)
        return { rcode: Rcode.SERVFAIL, detail: outcome.reason };
    return outcome.value;
}
function checkZoneSection(zone, message) {
    const [section, ...extra] = message.questions;
    if (section === undefined || extra.length > 0)
        return { rcode: Rcode.FORMERR, detail: 'the zone section must hold exactly one zone' };
    if (section.type !== RRType.SOA)
        return { rcode: Rcode.FORMERR, detail: 'the zone section type must be SOA' };
    if (canonicalName(section.name) !== zone.origin || section.class !== RRClass.IN) {
        return { rcode: Rcode.NOTAUTH, detail: `not authoritative for ${section.name}` };
    }
    return null;
}
function checkPrerequisites(zone, prerequisites) {
    const valueSets = new Map();
    for (const rr of prerequisites) {
        const name = canonicalName(rr.name);
        if (rr.ttl !== 0)
            return { rcode: Rcode.FORMERR, detail: `prerequisite ${rr.name} has a non-zero TTL` };
        if (!isInZone(name, zone.origin))
            return { rcode: Rcode.NOTZONE, detail: `prerequisite ${rr.name} is outside the zone` };
        const failed = checkOnePrerequisite(zone, rr, name, valueSets);
        if (failed !== null)
            return failed;
    }
    // Value-dependent: the RRset must equal the listed records exactly (RFC 2136 §3.2.3).
    for (const expected of valueSets.values()) {
        const live = zone.rrset(expected.name, expected.type);
        if (live === undefined || !sameRecordSet(live.rdatas, expected.rdatas)) {
            return { rcode: Rcode.NXRRSET, detail: `${expected.name} does not hold exactly the RRset the prerequisite lists` };
        }
    }
    return null;
}
function checkOnePrerequisite(zone, rr, name, valueSets) {
    const hasData = rr.data.kind !== 'empty';
    if (rr.class === RRClass.ANY) {
        if (hasData)
            return { rcode: Rcode.FORMERR, detail: 'class ANY prerequisite with data' };
        if (rr.type === RRType.ANY)
            return zone.rrsetsAt(name) ? null : { rcode: Rcode.NXDOMAIN, detail: `${rr.name} is not in use` };
        return zone.rrset(name, rr.type) ? null : { rcode: Rcode.NXRRSET, detail: `${rr.name} has no ${rr.type} RRset` };
    }
    if (rr.class === RRClass.NONE) {
        if (hasData)
            return { rcode: Rcode.FORMERR, detail: 'class NONE prerequisite with data' };
        if (rr.type === RRType.ANY)
            return zone.rrsetsAt(name) ? { rcode: Rcode.YXDOMAIN, detail: `${rr.name} is in use` } : null;
        return zone.rrset(name, rr.type) ? { rcode: Rcode.YXRRSET, detail: `${rr.name} has a ${rr.type} RRset` } : null;
    }
    if (rr.class === RRClass.IN) {
        if (!hasData || META_TYPES.has(rr.type))
            return { rcode: Rcode.FORMERR, detail: 'value-dependent prerequisite without data' };
        const key = `${name}|${rr.type}`;
        const set = valueSets.get(key) ?? { name, type: rr.type, rdatas: [] };
        set.rdatas.push(rr.data);
        valueSets.set(key, set);
        return null;
    }
    return { rcode: Rcode.FORMERR, detail: `prerequisite class ${rr.class}` };
}
function prescanUpdates(zone, updates) {
    for (const rr of updates) {
        if (!isInZone(rr.name, zone.origin))
            return { rcode: Rcode.NOTZONE, detail: `update ${rr.name} is outside the zone` };
        const hasData = rr.data.kind !== 'empty';
        if (rr.class === RRClass.IN) {
            if (META_TYPES.has(rr.type) || !hasData)
                return { rcode: Rcode.FORMERR, detail: `cannot add type ${rr.type} without data` };
        }
        else if (rr.class === RRClass.ANY) {
            if (rr.ttl !== 0 || hasData || (META_TYPES.has(rr.type) && rr.type !== RRType.ANY))
                return { rcode: Rcode.FORMERR, detail: 'malformed RRset deletion' };
        }
        else if (rr.class === RRClass.NONE) {
            if (rr.ttl !== 0 || META_TYPES.has(rr.type))
                return { rcode: Rcode.FORMERR, detail: 'malformed RR deletion' };
        }
        else {
            return { rcode: Rcode.FORMERR, detail: `update class ${rr.class}` };
        }
    }
    return null;
}
/** Applies the update section to an overlay of the zone and returns the RRsets that differ. */
function computeChanges(zone, updates) {
    const overlay = new Overlay(zone);
    for (const rr of updates) {
        const name = canonicalName(rr.name);
        if (rr.class === RRClass.IN)
            addRecord(overlay, zone.origin, name, rr);
        else if (rr.class === RRClass.ANY)
            deleteRRsets(overlay, zone.origin, name, rr.type);
        else
            deleteRecord(overlay, zone.origin, name, rr);
    }
    return overlay.changes();
}
function addRecord(overlay, origin, name, rr) {
    const existing = overlay.get(name, rr.type);
    if (rr.type === RRType.SOA) {
        // The SOA can only be replaced at the apex, and only by a newer serial (§3.4.2.2).
        const soa = existing?.rdatas[0];
        if (name !== origin || rr.data.kind !== 'SOA' || soa?.kind !== 'SOA' || !serialGreater(rr.data.serial, soa.serial))
            return;
        overlay.set(name, rr.type, { type: rr.type, ttl: rr.ttl, rdatas: [rr.data] });
        return;
    }
    // CNAME and other data cannot share a name (§3.4.2.2): the add that would mix them is ignored.
    if (rr.type === RRType.CNAME && overlay.typesAt(name).some((t) => t !== RRType.CNAME))
        return;
    if (rr.type !== RRType.CNAME && overlay.get(name, RRType.CNAME) !== undefined)
        return;
    if (rr.type === RRType.CNAME) {
        overlay.set(name, rr.type, { type: rr.type, ttl: rr.ttl, rdatas: [rr.data] });
        return;
    }
    overlay.add(name, rr.type, rr.ttl, rr.data);
}
function deleteRRsets(overlay, origin, name, type) {
    const types = type === RRType.ANY ? overlay.typesAt(name) : [type];
    for (const t of types) {
        // The apex keeps its SOA and NS whatever the update says (§3.4.2.3).
        if (name === origin && (t === RRType.SOA || t === RRType.NS))
            continue;
        overlay.set(name, t, null);
    }
}
function deleteRecord(overlay, origin, name, rr) {
    if (name === origin && rr.type === RRType.SOA)
        return;
    const existing = overlay.get(name, rr.type);
    if (existing === undefined)
        return;
    const keep = existing.rdatas.map((d, i) => ({ d, i })).filter(({ d }) => !sameRecord(d, rr.data));
    if (keep.length === existing.rdatas.length)
        return;
    if (keep.length === 0 && name === origin && rr.type === RRType.NS)
        return; // never the last apex NS (§3.4.2.4)
    const rdatas = keep.map(({ d }) => d);
    const weights = existing.weights === undefined ? undefined : keep.map(({ i }) => existing.weights[i]);
    overlay.set(name, rr.type, rdatas.length === 0 ? null : weights === undefined ? { ...existing, rdatas } : { ...existing, rdatas, weights });
}
function recordKey(data) {
    return Buffer.from(canonicalRData(data)).toString('latin1');
}
/** Pending RRsets on top of the live zone, keyed by name and type. */
class Overlay {
    zone;
    pending = new Map();
    growing = new Map();
    constructor(zone) {
        this.zone = zone;
    }
    get(name, type) {
        const key = `${name}|${type}`;
        if (this.pending.has(key))
            return this.pending.get(key).rrset ?? undefined;
        return this.zone.rrset(name, type);
    }
    set(name, type, rrset) {
        const key = `${name}|${type}`;
        this.pending.set(key, { name, type, rrset });
        this.growing.delete(key);
    }
    /**
     * Adds one record (a duplicate only sets the TTL). The RRset being grown is kept as arrays this
     * overlay owns, with the canonical form of every record in a set, so an UPDATE of N adds costs
     * O(N), not O(N²) comparisons and copies.
     */
    add(name, type, ttl, data) {
        const key = `${name}|${type}`;
        let growing = this.growing.get(key);
        if (growing === undefined) {
            const existing = this.get(name, type);
            growing = {
                rdatas: [...(existing?.rdatas ?? [])],
                weights: existing?.weights === undefined ? undefined : [...existing.weights],
                answersMax: existing?.answersMax,
                keys: new Set((existing?.rdatas ?? []).map(recordKey)),
                ttl: existing?.ttl ?? ttl,
            };
        }
        const recordId = recordKey(data);
        if (!growing.keys.has(recordId)) {
            growing.keys.add(recordId);
            growing.rdatas.push(data);
            // A record added by hand to a plan endpoint joins it with weight 1.
            growing.weights?.push(1);
        }
        growing.ttl = ttl;
        const base = { type, ttl: growing.ttl, rdatas: growing.rdatas };
        const rrset = growing.weights === undefined ? base : { ...base, weights: growing.weights, ...(growing.answersMax === undefined ? {} : { answersMax: growing.answersMax }) };
        this.set(name, type, rrset);
        this.growing.set(key, growing);
    }
    typesAt(name) {
        const types = new Set(this.zone.rrsetsAt(name)?.keys() ?? []);
        for (const entry of this.pending.values()) {
            if (entry.name !== name)
                continue;
            if (entry.rrset === null)
                types.delete(entry.type);
            else
                types.add(entry.type);
        }
        return [...types];
    }
    changes() {
        const changes = [];
        for (const entry of this.pending.values()) {
            const live = this.zone.rrset(entry.name, entry.type);
            if (entry.rrset === null && live === undefined)
                continue;
            if (entry.rrset !== null && live !== undefined && sameRRset(entry.rrset, live))
                continue;
            changes.push({ name: entry.name, type: entry.type, rrset: entry.rrset });
        }
        return changes;
    }
}
export function sameRecord(a, b) {
    return bytesEqual(canonicalRData(a), canonicalRData(b));
}
/** Names inside rdata compare case-insensitively (RFC 4034 §6.2), so compare a lower-cased form. */
function canonicalRData(data) {
    switch (data.kind) {
        case 'NS':
        case 'CNAME':
            return rdataBytes({ ...data, host: canonicalName(data.host) });
        case 'SOA':
            return rdataBytes({ ...data, mname: canonicalName(data.mname), rname: canonicalName(data.rname) });
        default:
            return rdataBytes(data);
    }
}
function sameRecordSet(a, b) {
    const left = new Set(a.map((d) => Buffer.from(canonicalRData(d)).toString('hex')));
    const right = new Set(b.map((d) => Buffer.from(canonicalRData(d)).toString('hex')));
    return left.size === right.size && [...left].every((k) => right.has(k));
}
function sameRRset(a, b) {
    return a.ttl === b.ttl && a.answersMax === b.answersMax && a.rdatas.length === b.rdatas.length
        && a.rdatas.every((d, i) => sameRecord(d, b.rdatas[i])) && JSON.stringify(a.weights) === JSON.stringify(b.weights);
}
function bytesEqual(a, b) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
//# sourceMappingURL=update.js.map
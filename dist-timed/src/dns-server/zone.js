/**
 * The zone's data in memory: for every owner name, its RRsets by type. Plan endpoints are
 * ordinary A/AAAA RRsets that also carry a weight per address and an `answersMax`.
 *
 * A Zone is changed only through `apply`, with a whole transaction's changes at once: the server
 * is single-threaded, so no query can observe half of a transaction (ARCHITECTURE §2: "the
 * embedded server in one in-memory swap").
 */
import { assert } from '../core/model/assert.js';
import { RRType, canonicalName, isInZone, parentName } from '../dns-wire/index.js';
export class Zone {
    origin;
    nodes = new Map();
    /** For every name, how many names below it hold data: tells empty non-terminals apart. */
    descendantsWithData = new Map();
    constructor(origin) {
        assert(origin.endsWith('.'), `zone origin must be absolute, got '${origin}'`);
        this.origin = canonicalName(origin);
    }
    get serial() {
        return this.soa().serial;
    }
    soa() {
        const soa = this.rrset(this.origin, RRType.SOA)?.rdatas[0];
        assert(soa !== undefined && soa.kind === 'SOA', `zone ${this.origin} has no SOA`);
        return soa;
    }
    rrset(name, type) {
        return this.nodes.get(name)?.get(type);
    }
    rrsetsAt(name) {
        return this.nodes.get(name);
    }
    isEmptyNonTerminal(name) {
        return !this.nodes.has(name) && (this.descendantsWithData.get(name) ?? 0) > 0;
    }
    names() {
        return this.nodes.entries();
    }
    get nameCount() {
        return this.nodes.size;
    }
    /** Applies a transaction's changes and sets the SOA serial to `serial`. */
    apply(changes, serial) {
        for (const change of changes)
            this.applyOne(change);
        const soaSet = this.rrset(this.origin, RRType.SOA);
        assert(soaSet !== undefined, `zone ${this.origin} lost its SOA`);
        const soa = soaSet.rdatas[0];
        this.setRRset(this.origin, RRType.SOA, { ...soaSet, rdatas: [{ ...soa, serial }] });
    }
    applyOne(change) {
        assert(change.name === canonicalName(change.name), `zone change name must be canonical: ${change.name}`);
        assert(isInZone(change.name, this.origin), `${change.name} is outside ${this.origin}`);
        if (change.rrset === null || change.rrset.rdatas.length === 0) {
            this.deleteRRset(change.name, change.type);
            return;
        }
        assert(change.rrset.type === change.type, 'zone change type mismatch');
        assert(change.rrset.weights === undefined || change.rrset.weights.length === change.rrset.rdatas.length, 'one weight per record');
        this.setRRset(change.name, change.type, change.rrset);
    }
    setRRset(name, type, rrset) {
        let node = this.nodes.get(name);
        if (node === undefined) {
            node = new Map();
            this.nodes.set(name, node);
            this.countAncestors(name, 1);
        }
        node.set(type, rrset);
    }
    deleteRRset(name, type) {
        const node = this.nodes.get(name);
        if (node === undefined || !node.delete(type))
            return;
        if (node.size > 0)
            return;
        this.nodes.delete(name);
        this.countAncestors(name, -1);
    }
    countAncestors(name, delta) {
        for (let parent = parentName(name); parent !== null && isInZone(parent, this.origin); parent = parentName(parent)) {
            const count = (this.descendantsWithData.get(parent) ?? 0) + delta;
            if (count === 0)
                this.descendantsWithData.delete(parent);
            else
                this.descendantsWithData.set(parent, count);
        }
    }
}
/** RFC 1982 serial arithmetic: is `a` newer than `b`? */
export function serialGreater(a, b) {
    return a !== b && ((a > b && a - b < 0x80000000) || (a < b && b - a > 0x80000000));
}
export function nextSerial(serial) {
    const next = (serial + 1) >>> 0;
    return next === 0 ? 1 : next;
}
//# sourceMappingURL=zone.js.map
/**
 * Messages between the primary (which owns the zone store and its journal) and the worker
 * processes that answer queries from replicas of the zone. A change travels as the ZoneChange
 * itself (the IPC channel writes JSON): producing the journal's base64 wire form and parsing it
 * back in every worker took most of the time from a commit to the last worker's ack (a commit of
 * 1,000 endpoints: about 4x less with this form, `npm run bench -- dns`). Only rdata kept as raw
 * bytes (types the codec does not interpret) is carried as base64, since JSON has no bytes.
 */
import { assert } from '../core/model/assert.js';
export function encodeChanges(changes) {
    return changes.map(replicatedChange);
}
export function decodeChanges(changes) {
    return changes.map(zoneChange);
}
function replicatedChange(change) {
    const rrset = change.rrset;
    if (rrset === null || !rrset.rdatas.some(holdsBytes))
        return change;
    return { ...change, rrset: { ...rrset, rdatas: rrset.rdatas.map(replicatedRData) } };
}
function holdsBytes(data) {
    // A zone holds no meta records; their bytes would reach the workers as garbage.
    assert(data.kind !== 'TSIG' && data.kind !== 'OPT', `a zone change carries a ${data.kind} record`);
    return data.kind === 'raw';
}
function replicatedRData(data) {
    return data.kind === 'raw' ? { kind: 'raw64', base64: Buffer.from(data.bytes).toString('base64') } : data;
}
function zoneChange(change) {
    const rrset = change.rrset;
    if (rrset === null || !rrset.rdatas.some((data) => data.kind === 'raw64'))
        return change;
    return { ...change, rrset: { ...rrset, rdatas: rrset.rdatas.map((data) => (data.kind === 'raw64' ? { kind: 'raw', bytes: new Uint8Array(Buffer.from(data.base64, 'base64')) } : data)) } };
}
export function isMessage(value) {
    return typeof value === 'object' && value !== null && typeof value.t === 'string';
}
//# sourceMappingURL=replication.js.map
import { assert } from '../../core/model/assert.js';
import { fenceName, fenceRawEqual, formatFence, GENERATION_MAX, rawOfFence } from '../../core/model/fence.js';
import { generation } from '../../core/model/ids.js';
import { topAddressesByWeight } from '../../core/model/served.js';
export const ROUTE53_LIMITS = { recordsPerRequestMax: 1000, valueCharactersPerRequestMax: 32_000 };
/** Fences carry this TTL: resolvers never need them, and a fixed TTL keeps DELETE values predictable. */
export const FENCE_TTL_SECONDS = 60;
/** The longest fence this code writes: `gen=` 16 digits ` digest=` 64 hex ` by=` 63 characters, quoted. */
const FENCE_VALUE_CHARACTERS_MAX = txtValue([formatFence({ generation: generation(GENERATION_MAX), digest: 'f'.repeat(64), by: 'x'.repeat(63) })]).length;
const IPV4_CHARACTERS_MAX = '255.255.255.255'.length;
const IPV6_CHARACTERS_MAX = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'.length;
/** One TXT record in Route 53's syntax: each character-string quoted, `"` and `\` escaped, other bytes outside printable ASCII as \DDD octal. */
export function txtValue(strings) {
    return strings.map((text) => `"${[...text].map(escapeTxtCharacter).join('')}"`).join(' ');
}
function escapeTxtCharacter(character) {
    if (character === '"' || character === '\\')
        return `\\${character}`;
    const code = character.codePointAt(0);
    if (code >= 0x20 && code <= 0x7e)
        return character;
    // Character-strings read from DNS are bytes (latin1); anything wider goes as its UTF-8 bytes.
    const bytes = code <= 0xff ? [code] : [...Buffer.from(character, 'utf8')];
    return bytes.map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
}
/** A TXT Value as Route 53 returns it → its character-strings: `"a b" "c"` → ['a b', 'c']; \DDD is octal. */
export function parseTxtValue(value) {
    const strings = [];
    const token = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
    for (const match of value.matchAll(token))
        strings.push(unescapeTxt(match[1] ?? match[2]));
    return strings;
}
function unescapeTxt(text) {
    return text.replace(/\\([0-7]{3}|.)/g, (_, escaped) => (escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped));
}
function addressSetChange(action, name, set) {
    const recordSet = {
        Name: name, Type: set.type, TTL: set.ttl, ResourceRecords: set.values.map((Value) => ({ Value })),
        ...(set.setIdentifier !== undefined ? { SetIdentifier: set.setIdentifier } : {}),
        ...(set.weight !== undefined ? { Weight: set.weight } : {}),
    };
    return { Action: action, ResourceRecordSet: recordSet };
}
function fenceDelete(write, expected, live) {
    // Our own read of this fence, if it is the one expected, is repeated verbatim; otherwise the
    // expected strings in Route 53's syntax (a mismatch then fails the DELETE: a conflict).
    const values = live !== null && fenceRawEqual(live.raw, expected) ? live.values : expected.map(txtValue);
    return { Action: 'DELETE', ResourceRecordSet: {
            Name: fenceName(write.endpoint), Type: 'TXT', TTL: live?.ttl ?? FENCE_TTL_SECONDS, ResourceRecords: values.map((Value) => ({ Value })),
        } };
}
/** The sets a write leaves at the endpoint's name: one simple set per family with addresses. */
export function desiredAddressSets(write) {
    return ['A', 'AAAA'].flatMap((type) => {
        const values = topAddressesByWeight(write.records, type).map((a) => a.address);
        return values.length === 0 ? [] : [{ type, ttl: write.records.ttlSeconds, values }];
    });
}
/** The changes of one endpoint's fenced write, given what the last read saw at its name. */
export function endpointChanges(write, live) {
    const changes = [];
    const expected = write.expectedFence ?? [];
    if (expected.length > 0)
        changes.push(fenceDelete(write, expected, live?.fence ?? null));
    changes.push({ Action: 'CREATE', ResourceRecordSet: {
            Name: fenceName(write.endpoint), Type: 'TXT', TTL: FENCE_TTL_SECONDS, ResourceRecords: rawOfFence(write.newFence).map((strings) => ({ Value: txtValue(strings) })),
        } });
    for (const set of live?.addressSets ?? [])
        changes.push(addressSetChange('DELETE', write.endpoint, set));
    for (const set of desiredAddressSets(write))
        changes.push(addressSetChange('CREATE', write.endpoint, set));
    return changes;
}
/** What a request costs against Route 53's limits; an UPSERT counts twice (we send none). */
export function changeCost(changes) {
    let records = 0;
    let valueCharacters = 0;
    for (const change of changes) {
        const factor = change.Action === 'UPSERT' ? 2 : 1;
        for (const record of change.ResourceRecordSet?.ResourceRecords ?? []) {
            records += factor;
            valueCharacters += factor * (record.Value?.length ?? 0);
        }
    }
    return { records, valueCharacters };
}
/** null when the changes fit one request, else why not. */
export function overRequestLimits(changes) {
    const cost = changeCost(changes);
    if (cost.records <= ROUTE53_LIMITS.recordsPerRequestMax && cost.valueCharacters <= ROUTE53_LIMITS.valueCharactersPerRequestMax)
        return null;
    return `the change batch needs ${cost.records} records and ${cost.valueCharacters} characters of values, over Route 53's ${ROUTE53_LIMITS.recordsPerRequestMax} and ${ROUTE53_LIMITS.valueCharactersPerRequestMax} per request`;
}
/**
 * The worst case of one endpoint's write when the A and AAAA sets hold at most
 * `addressesPerFamilyMax` values each, before and after: DELETE and CREATE of the fence (ours,
 * at its longest), DELETE and CREATE of the A and the AAAA set.
 */
export function endpointWriteCostMax(addressesPerFamilyMax) {
    assert(Number.isInteger(addressesPerFamilyMax) && addressesPerFamilyMax >= 1, `addressesPerFamilyMax ${addressesPerFamilyMax} must be a positive integer`);
    const perFamilyBothWays = 2 * addressesPerFamilyMax;
    return {
        records: 2 + 2 * perFamilyBothWays,
        valueCharacters: 2 * FENCE_VALUE_CHARACTERS_MAX + perFamilyBothWays * (IPV4_CHARACTERS_MAX + IPV6_CHARACTERS_MAX),
    };
}
/** How many endpoint writes always fit one request, so that a batch never needs cutting. */
export function writesPerTransactionMaxFor(addressesPerFamilyMax) {
    const cost = endpointWriteCostMax(addressesPerFamilyMax);
    const writes = Math.min(Math.floor(ROUTE53_LIMITS.recordsPerRequestMax / cost.records), Math.floor(ROUTE53_LIMITS.valueCharactersPerRequestMax / cost.valueCharacters));
    assert(writes >= 1, `one endpoint write with ${addressesPerFamilyMax} addresses per family does not fit a Route 53 request`);
    return writes;
}
//# sourceMappingURL=change-batch.js.map
/**
 * The Route 53 change batch of a fenced write batch. Pure: no SDK client, no I/O.
 *
 * One applyFenced call is exactly one change batch (Route 53 applies a batch atomically and rejects
 * all of it when any change fails), holding for each endpoint:
 *
 *   DELETE  _dnsplane.<name> TXT  <the fence records exactly as read>  (omitted for a first write)
 *   CREATE  _dnsplane.<name> TXT  "<new fence>"                       (never UPSERT: CREATE fails
 *                                                                      when a fence appeared meanwhile)
 *   DELETE  every A/AAAA set at <name>, exactly as last read           (simple or weighted)
 *   CREATE  <name> A, <name> AAAA: the top answersMax addresses by weight, one simple set per family
 *
 * A fence that differs from the one read makes its DELETE (or the CREATE) fail, so the batch is a
 * compare-and-swap. Route 53 compares a DELETE's values with the live ones as text, so the fence
 * DELETE carries the values exactly as the listing returned them (LiveRecordSets), and is only
 * rendered from the expected character-strings when this provider has not read them itself.
 *
 * A batch must fit Route 53's per-request limits — 1,000 ResourceRecord elements and 32,000
 * characters of Value — or it is refused before anything is sent: cutting it in two would break
 * the all-or-nothing promise of the port. `writesPerTransactionMaxFor` derives how many endpoint
 * writes always fit.
 */
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { assert } from '../../core/model/assert.js';
import { fenceName, fenceRawEqual, formatFence, GENERATION_MAX, rawOfFence, type FenceRaw } from '../../core/model/fence.js';
import { generation } from '../../core/model/ids.js';
import { topAddressesByWeight } from '../../core/model/served.js';
import type { FencedWrite } from '../../core/ports/dns-provider.js';

export const ROUTE53_LIMITS = { recordsPerRequestMax: 1000, valueCharactersPerRequestMax: 32_000 } as const;
/** Fences carry this TTL: resolvers never need them, and a fixed TTL keeps DELETE values predictable. */
export const FENCE_TTL_SECONDS = 60;

/** The longest fence this code writes: `gen=` 16 digits ` digest=` 64 hex ` by=` 63 characters, quoted. */
const FENCE_VALUE_CHARACTERS_MAX = txtValue([formatFence({ generation: generation(GENERATION_MAX), digest: 'f'.repeat(64), by: 'x'.repeat(63) })]).length;
const IPV4_CHARACTERS_MAX = '255.255.255.255'.length;
const IPV6_CHARACTERS_MAX = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'.length;

/** One live record set at an endpoint's name, as last read (needed to DELETE it exactly). */
export interface LiveAddressSet {
  readonly type: 'A' | 'AAAA';
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly ttl: number;
  readonly values: readonly string[];
}

/** The fence set as last read: its Values verbatim (a DELETE must repeat them) and what they say. */
export interface LiveFenceSet {
  readonly ttl: number;
  readonly values: readonly string[];
  readonly raw: FenceRaw;
}

export interface LiveRecordSets {
  readonly fence: LiveFenceSet | null;
  readonly addressSets: readonly LiveAddressSet[];
}

/** One TXT record in Route 53's syntax: each character-string quoted, `"` and `\` escaped, other bytes outside printable ASCII as \DDD octal. */
export function txtValue(strings: readonly string[]): string {
  return strings.map((text) => `"${[...text].map(escapeTxtCharacter).join('')}"`).join(' ');
}

function escapeTxtCharacter(character: string): string {
  if (character === '"' || character === '\\') return `\\${character}`;
  const code = character.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return character;
  // Character-strings read from DNS are bytes (latin1); anything wider goes as its UTF-8 bytes.
  const bytes = code <= 0xff ? [code] : [...Buffer.from(character, 'utf8')];
  return bytes.map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
}

/** A TXT Value as Route 53 returns it → its character-strings: `"a b" "c"` → ['a b', 'c']; \DDD is octal. */
export function parseTxtValue(value: string): string[] {
  const strings: string[] = [];
  const token = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of value.matchAll(token)) strings.push(unescapeTxt(match[1] ?? match[2]!));
  return strings;
}

function unescapeTxt(text: string): string {
  return text.replace(/\\([0-7]{3}|.)/g, (_, escaped: string) => (escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped));
}

function addressSetChange(action: 'DELETE' | 'CREATE', name: string, set: LiveAddressSet): Change {
  const recordSet: ResourceRecordSet = {
    Name: name, Type: set.type, TTL: set.ttl, ResourceRecords: set.values.map((Value) => ({ Value })),
    ...(set.setIdentifier !== undefined ? { SetIdentifier: set.setIdentifier } : {}),
    ...(set.weight !== undefined ? { Weight: set.weight } : {}),
  };
  return { Action: action, ResourceRecordSet: recordSet };
}

function fenceDelete(write: FencedWrite, expected: FenceRaw, live: LiveFenceSet | null): Change {
  // Our own read of this fence, if it is the one expected, is repeated verbatim; otherwise the
  // expected strings in Route 53's syntax (a mismatch then fails the DELETE: a conflict).
  const values = live !== null && fenceRawEqual(live.raw, expected) ? live.values : expected.map(txtValue);
  return { Action: 'DELETE', ResourceRecordSet: {
    Name: fenceName(write.endpoint), Type: 'TXT', TTL: live?.ttl ?? FENCE_TTL_SECONDS, ResourceRecords: values.map((Value) => ({ Value })),
  } };
}

/** The sets a write leaves at the endpoint's name: one simple set per family with addresses. */
export function desiredAddressSets(write: FencedWrite): LiveAddressSet[] {
  return (['A', 'AAAA'] as const).flatMap((type): LiveAddressSet[] => {
    const values = topAddressesByWeight(write.records, type).map((a) => a.address);
    return values.length === 0 ? [] : [{ type, ttl: write.records.ttlSeconds, values }];
  });
}

/** The changes of one endpoint's fenced write, given what the last read saw at its name. */
export function endpointChanges(write: FencedWrite, live: LiveRecordSets | undefined): Change[] {
  const changes: Change[] = [];
  const expected = write.expectedFence ?? [];
  if (expected.length > 0) changes.push(fenceDelete(write, expected, live?.fence ?? null));
  changes.push({ Action: 'CREATE', ResourceRecordSet: {
    Name: fenceName(write.endpoint), Type: 'TXT', TTL: FENCE_TTL_SECONDS, ResourceRecords: rawOfFence(write.newFence).map((strings) => ({ Value: txtValue(strings) })),
  } });
  for (const set of live?.addressSets ?? []) changes.push(addressSetChange('DELETE', write.endpoint, set));
  for (const set of desiredAddressSets(write)) changes.push(addressSetChange('CREATE', write.endpoint, set));
  return changes;
}

export interface ChangeCost {
  readonly records: number;
  readonly valueCharacters: number;
}

/** What a request costs against Route 53's limits; an UPSERT counts twice (we send none). */
export function changeCost(changes: readonly Change[]): ChangeCost {
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
export function overRequestLimits(changes: readonly Change[]): string | null {
  const cost = changeCost(changes);
  if (cost.records <= ROUTE53_LIMITS.recordsPerRequestMax && cost.valueCharacters <= ROUTE53_LIMITS.valueCharactersPerRequestMax) return null;
  return `the change batch needs ${cost.records} records and ${cost.valueCharacters} characters of values, over Route 53's ${ROUTE53_LIMITS.recordsPerRequestMax} and ${ROUTE53_LIMITS.valueCharactersPerRequestMax} per request`;
}

/**
 * The worst case of one endpoint's write when the A and AAAA sets hold at most
 * `addressesPerFamilyMax` values each, before and after: DELETE and CREATE of the fence (ours,
 * at its longest), DELETE and CREATE of the A and the AAAA set.
 */
export function endpointWriteCostMax(addressesPerFamilyMax: number): ChangeCost {
  assert(Number.isInteger(addressesPerFamilyMax) && addressesPerFamilyMax >= 1, `addressesPerFamilyMax ${addressesPerFamilyMax} must be a positive integer`);
  const perFamilyBothWays = 2 * addressesPerFamilyMax;
  return {
    records: 2 + 2 * perFamilyBothWays,
    valueCharacters: 2 * FENCE_VALUE_CHARACTERS_MAX + perFamilyBothWays * (IPV4_CHARACTERS_MAX + IPV6_CHARACTERS_MAX),
  };
}

/** How many endpoint writes always fit one request, so that a batch never needs cutting. */
export function writesPerTransactionMaxFor(addressesPerFamilyMax: number): number {
  const cost = endpointWriteCostMax(addressesPerFamilyMax);
  const writes = Math.min(Math.floor(ROUTE53_LIMITS.recordsPerRequestMax / cost.records), Math.floor(ROUTE53_LIMITS.valueCharactersPerRequestMax / cost.valueCharacters));
  assert(writes >= 1, `one endpoint write with ${addressesPerFamilyMax} addresses per family does not fit a Route 53 request`);
  return writes;
}

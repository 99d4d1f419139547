/**
 * Route 53 change batches for fenced writes. Pure: no SDK client, no I/O.
 *
 * One endpoint's write, always inside one change batch (Route 53 applies a batch atomically and
 * rejects all of it when any change fails):
 *
 *   DELETE  _dnsplane.<name> TXT  "<the exact fence value read>"   (omitted for a first write)
 *   CREATE  _dnsplane.<name> TXT  "<new fence>"                     (never UPSERT: CREATE fails
 *                                                                   when a fence appeared meanwhile)
 *   DELETE  every live A/AAAA set of <name> not in the plan (exact live values, from the last read)
 *   UPSERT  one weighted set per address: SetIdentifier = load balancer, Weight scaled to 1..255
 *
 * A mismatching fence makes the DELETE (or the CREATE) fail, so the batch is a compare-and-swap.
 * Batches are cut at whole endpoints to stay under Route 53's limits: 1,000 ResourceRecord
 * elements and 32,000 characters of values per request, where an UPSERT counts twice.
 */
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { assert } from '../../core/model/assert.js';
import { fenceName, formatFence } from '../../core/model/fence.js';
import type { FencedWrite } from '../../core/ports/dns-provider.js';

export const ROUTE53_LIMITS = { recordsPerBatchMax: 1000, valueCharactersPerBatchMax: 32_000, weightMax: 255 } as const;
/** Fences carry this TTL: resolvers never need them, and a fixed TTL keeps DELETE values predictable. */
export const FENCE_TTL_SECONDS = 60;

/** One live record set at an endpoint's name, as last read (needed to DELETE it exactly). */
export interface LiveAddressSet {
  readonly type: 'A' | 'AAAA';
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly ttl: number;
  readonly values: readonly string[];
}

export interface LiveRecordSets {
  /** The fence set's TTL as read (a fence written by hand may differ from FENCE_TTL_SECONDS). */
  readonly fenceTtl: number | null;
  readonly addressSets: readonly LiveAddressSet[];
}

export function txtValue(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Scales positive integer weights into Route 53's 1..255, keeping their proportions as well as it can. */
export function route53Weight(weight: number, heaviest: number): number {
  assert(weight > 0 && heaviest >= weight, `weight ${weight} must be in 1..${heaviest}`);
  return Math.max(1, Math.round((weight * ROUTE53_LIMITS.weightMax) / heaviest));
}

function addressSetChange(action: 'DELETE' | 'UPSERT', name: string, set: LiveAddressSet): Change {
  const recordSet: ResourceRecordSet = {
    Name: name, Type: set.type, TTL: set.ttl, ResourceRecords: set.values.map((Value) => ({ Value })),
    ...(set.setIdentifier !== undefined ? { SetIdentifier: set.setIdentifier } : {}),
    ...(set.weight !== undefined ? { Weight: set.weight } : {}),
  };
  return { Action: action, ResourceRecordSet: recordSet };
}

function setKey(set: { type: string; setIdentifier?: string | undefined }): string {
  return `${set.type} ${set.setIdentifier ?? ''}`;
}

/** The changes of one endpoint's fenced write, given what the last read saw at its name. */
export function endpointChanges(write: FencedWrite, live: LiveRecordSets | undefined): Change[] {
  const fence = fenceName(write.endpoint);
  const changes: Change[] = [];
  if (write.expectedFence !== null) {
    changes.push({ Action: 'DELETE', ResourceRecordSet: {
      Name: fence, Type: 'TXT', TTL: live?.fenceTtl ?? FENCE_TTL_SECONDS, ResourceRecords: [{ Value: txtValue(formatFence(write.expectedFence)) }],
    } });
  }
  changes.push({ Action: 'CREATE', ResourceRecordSet: {
    Name: fence, Type: 'TXT', TTL: FENCE_TTL_SECONDS, ResourceRecords: [{ Value: txtValue(formatFence(write.newFence)) }],
  } });
  const heaviest = Math.max(1, ...write.records.addresses.map((a) => a.weight));
  const desired: LiveAddressSet[] = write.records.addresses.map((a) => ({
    type: a.family, setIdentifier: a.loadBalancer, weight: route53Weight(a.weight, heaviest), ttl: write.records.ttlSeconds, values: [a.address],
  }));
  const desiredKeys = new Set(desired.map(setKey));
  for (const set of live?.addressSets ?? []) {
    // Sets the plan keeps are UPSERTed in place; every other set at the name goes, exactly as read.
    if (!desiredKeys.has(setKey(set)) || set.setIdentifier === undefined) changes.push(addressSetChange('DELETE', write.endpoint, set));
  }
  for (const set of desired) changes.push(addressSetChange('UPSERT', write.endpoint, set));
  return changes;
}

export interface ChangeCost {
  readonly records: number;
  readonly valueCharacters: number;
}

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

export type ChangeBatches = { readonly ok: true; readonly batches: Change[][] } | { readonly ok: false; readonly reason: string };

/** Cuts the writes' changes into batches under the limits; an endpoint is never split. */
export function splitIntoBatches(perEndpoint: readonly Change[][]): ChangeBatches {
  const batches: Change[][] = [];
  let current: Change[] = [];
  let used: ChangeCost = { records: 0, valueCharacters: 0 };
  for (const changes of perEndpoint) {
    const cost = changeCost(changes);
    if (cost.records > ROUTE53_LIMITS.recordsPerBatchMax || cost.valueCharacters > ROUTE53_LIMITS.valueCharactersPerBatchMax) {
      return { ok: false, reason: `one endpoint needs ${cost.records} records / ${cost.valueCharacters} characters, over Route 53's per-request limits` };
    }
    const fits = used.records + cost.records <= ROUTE53_LIMITS.recordsPerBatchMax
      && used.valueCharacters + cost.valueCharacters <= ROUTE53_LIMITS.valueCharactersPerBatchMax;
    if (!fits) {
      batches.push(current);
      current = [];
      used = { records: 0, valueCharacters: 0 };
    }
    current.push(...changes);
    used = { records: used.records + cost.records, valueCharacters: used.valueCharacters + cost.valueCharacters };
  }
  if (current.length > 0) batches.push(current);
  return { ok: true, batches };
}

/**
 * The stored form of the zone, shared by the journal, the snapshot and replication messages: a
 * change is `{ n: name, t: type }` (the RRset deleted) or that plus `ttl`, `rd` (each rdata as
 * base64 of its uncompressed wire form) and, for plan endpoints, `w` (weights) and `m` (answersMax).
 *
 * Reading checks the shape of everything before it is trusted: replay must tell a damaged file
 * from a good one, and a check that throws names the field that is wrong (persistence.ts adds the
 * file and the line).
 */
import { readRData, rdataBytes, type RData } from '../dns-wire/index.js';
import type { RRset, ZoneChange } from './zone.js';

export interface StoredChange {
  readonly n: string;
  readonly t: number;
  readonly ttl?: number;
  /** Rdata as base64 of its uncompressed wire form. */
  readonly rd?: readonly string[];
  readonly w?: readonly number[];
  readonly m?: number;
}

/** A stored file whose content cannot be trusted; the message says where and what. */
export class StoredDataError extends Error {
  override readonly name = 'StoredDataError';
}

const SERIAL_MAX = 0xffff_ffff;
const TTL_MAX = 0x7fff_ffff;
const TYPE_MAX = 0xffff;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The encoded rdata of each RRset and each rdata, remembered: RRsets and rdata are immutable, and
 * the same RRset is encoded for the journal and again for every snapshot that holds it. At
 * 100,000 names each snapshot made a buffer per rdata (about 900,000), and an address record is
 * one shared object for every name that holds it. (Replication to the workers has its own form,
 * replication.ts.)
 */
const encodedRRsets = new WeakMap<RRset, readonly string[]>();
const encodedRData = new WeakMap<RData, string>();

function encodedRDatas(rrset: RRset): readonly string[] {
  let known = encodedRRsets.get(rrset);
  if (known === undefined) {
    known = rrset.rdatas.map(encodedOne);
    encodedRRsets.set(rrset, known);
  }
  return known;
}

function encodedOne(data: RData): string {
  let known = encodedRData.get(data);
  if (known === undefined) {
    known = Buffer.from(rdataBytes(data)).toString('base64');
    encodedRData.set(data, known);
  }
  return known;
}

export function encodeChange(change: ZoneChange): StoredChange {
  if (change.rrset === null) return { n: change.name, t: change.type };
  const rrset = change.rrset;
  const stored: StoredChange = { n: change.name, t: change.type, ttl: rrset.ttl, rd: encodedRDatas(rrset) };
  if (rrset.weights === undefined) return stored;
  return { ...stored, w: rrset.weights, ...(rrset.answersMax === undefined ? {} : { m: rrset.answersMax }) };
}

/** Decodes a change that passed `checkChange` (or came from `encodeChange`); throws on bad rdata. */
export function decodeChange(stored: StoredChange): ZoneChange {
  if (stored.rd === undefined) return { name: stored.n, type: stored.t, rrset: null };
  const rdatas = stored.rd.map((text) => {
    const bytes = Buffer.from(text, 'base64');
    return readRData(bytes, 0, bytes.length, stored.t);
  });
  const base = { type: stored.t, ttl: stored.ttl ?? 0, rdatas };
  const rrset: RRset = stored.w === undefined ? base : { ...base, weights: stored.w, ...(stored.m === undefined ? {} : { answersMax: stored.m }) };
  return { name: stored.n, type: stored.t, rrset };
}

/** Parses one journal line (without its newline) into checked, decoded changes. */
export function parseEntryLine(line: string): { readonly seq: number; readonly serial: number; readonly changes: ZoneChange[] } {
  const value = parseJson(line);
  const entry = record(value, 'the line');
  const seq = integer(entry['seq'], 'seq', 1, Number.MAX_SAFE_INTEGER);
  const serial = integer(entry['serial'], 'serial', 0, SERIAL_MAX);
  const changes = array(entry['changes'], 'changes');
  if (changes.length === 0) throw new StoredDataError('changes: a transaction holds at least one change');
  return { seq, serial, changes: decodeChecked(changes) };
}

/** Parses a snapshot file's text into checked, decoded RRsets. */
export function parseSnapshot(text: string): { readonly origin: string; readonly seq: number; readonly serial: number; readonly rrsets: ZoneChange[] } {
  const snapshot = record(parseJson(text), 'the snapshot');
  const origin = entryString(snapshot['origin'], 'origin');
  const seq = integer(snapshot['seq'], 'seq', 0, Number.MAX_SAFE_INTEGER);
  const serial = integer(snapshot['serial'], 'serial', 0, SERIAL_MAX);
  return { origin, seq, serial, rrsets: decodeChecked(array(snapshot['rrsets'], 'rrsets')) };
}

function decodeChecked(values: readonly unknown[]): ZoneChange[] {
  return values.map((value, index) => {
    const where = `change ${index + 1}`;
    const change = checkChange(value, where);
    try {
      return decodeChange(change);
    } catch (error) {
      throw new StoredDataError(`${where}: record data does not decode: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function checkChange(value: unknown, where: string): StoredChange {
  const change = record(value, where);
  const n = entryString(change['n'], `${where}: n`);
  const t = integer(change['t'], `${where}: t`, 0, TYPE_MAX);
  if (change['rd'] === undefined) {
    for (const key of ['ttl', 'w', 'm']) if (change[key] !== undefined) throw new StoredDataError(`${where}: a deletion carries no ${key}`);
    return { n, t };
  }
  const rd = array(change['rd'], `${where}: rd`).map((text, i) => {
    if (typeof text !== 'string' || !BASE64.test(text)) throw new StoredDataError(`${where}: rd[${i}]: expected base64`);
    return text;
  });
  const ttl = integer(change['ttl'], `${where}: ttl`, 0, TTL_MAX);
  if (change['w'] === undefined) {
    if (change['m'] !== undefined) throw new StoredDataError(`${where}: m without weights`);
    return { n, t, ttl, rd };
  }
  const w = array(change['w'], `${where}: w`).map((weight, i) => {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new StoredDataError(`${where}: w[${i}]: expected a weight >= 0`);
    return weight;
  });
  if (w.length !== rd.length) throw new StoredDataError(`${where}: ${w.length} weights for ${rd.length} records`);
  if (change['m'] === undefined) return { n, t, ttl, rd, w };
  return { n, t, ttl, rd, w, m: integer(change['m'], `${where}: m`, 1, TYPE_MAX) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoredDataError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function record(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StoredDataError(`${what}: expected an object`);
  return value as Readonly<Record<string, unknown>>;
}

function array(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new StoredDataError(`${what}: expected an array`);
  return value as readonly unknown[];
}

function entryString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new StoredDataError(`${what}: expected a name`);
  return value;
}

function integer(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StoredDataError(`${what}: expected an integer in ${min}..${max}, found ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

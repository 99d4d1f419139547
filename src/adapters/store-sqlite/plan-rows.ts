/**
 * The per-endpoint layout of the SQLite plan store (schema version 3, "dnsplane-plan-rows/1").
 *
 * A generation that changes 1 endpoint of 100,000 writes 1 row, not the whole plan: every version
 * of an endpoint is one row, valid for the generations [from_generation, to_generation), and a
 * generation's plan is every row whose range contains it. The row that is still current has
 * to_generation NULL ("open"). Creating generation G closes the open row of each endpoint that
 * changed or left (to = G) and inserts a row from G for each one that changed or arrived.
 * Endpoints that did not change are not touched, so a generation costs O(changed) in encoding,
 * I/O and fsync; the `plans` row beside it keeps the generation's digest, note and endpoint count.
 * There are no periodic snapshots: the open rows are the newest generation's plan at all times,
 * and an older one is read by its range.
 *
 * Invariant: the open rows are exactly the plan of the newest stored generation of this layout.
 * `create` keeps it (it diffs against that plan, or, when it does not hold it, closes every open
 * row and writes the whole plan); deleting the newest generation reverts the rows to the one below;
 * deleting any other removes the versions no stored generation can see any more.
 *
 * Addresses are interned: (load balancer, family, address) tuples live once in `plan_addresses`,
 * and a row's `addresses` blob holds (id, weight) pairs as little-endian uint32. A decoded plan
 * shares one string per load balancer and address across all of its endpoints.
 *
 * Reading checks everything it serves: each endpoint row by its row check (a short hash over
 * its stored bytes and digest, schema 4) and the address rows it names by theirs, or, for a row
 * without one, by recomputing its digest from its content; then the plan digest (the sum of the
 * endpoint digests) and the endpoint count must match the `plans` row. Anything else is a corrupt
 * row, thrown as RowDecodeError inside the read transaction and reported by the caller.
 */
import { digestText, addDigest, subtractDigest, formatDigestSum, DIGEST_SUM_ZERO, type DigestSum } from '../../core/model/digest.js';
import { assert } from '../../core/model/assert.js';
import { loadBalancerId, type EndpointName, type Generation } from '../../core/model/ids.js';
import { compareAddresses, endpointCanonicalText, type AddressFamily, type EndpointPlan, type Plan, type WeightedAddress } from '../../core/model/plan.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-connection.js';

export const ROWS_ENCODING = 'dnsplane-plan-rows/1';

/** Schema version 3 of the `plans` component. */
export const PLAN_ROWS_SQL = `
  CREATE TABLE plan_addresses (
    id            INTEGER PRIMARY KEY,
    load_balancer TEXT    NOT NULL,
    family        TEXT    NOT NULL CHECK (family IN ('A', 'AAAA')),
    address       TEXT    NOT NULL,
    UNIQUE (load_balancer, family, address)
  ) STRICT;
  CREATE TABLE plan_endpoints (
    name            TEXT    NOT NULL,
    from_generation INTEGER NOT NULL CHECK (from_generation > 0),
    to_generation   INTEGER CHECK (to_generation IS NULL OR to_generation > from_generation),
    ttl_seconds     INTEGER NOT NULL,
    answers_max     INTEGER NOT NULL,
    addresses       BLOB    NOT NULL,
    PRIMARY KEY (name, from_generation)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX plan_endpoints_open ON plan_endpoints (name) WHERE to_generation IS NULL;
  CREATE INDEX plan_endpoints_from ON plan_endpoints (from_generation);
  CREATE INDEX plan_endpoints_to ON plan_endpoints (to_generation) WHERE to_generation IS NOT NULL;
`;

/**
 * Schema version 4: each endpoint row keeps its endpoint digest and a check over the whole row,
 * each address row a check over its tuple (rowCheck, addressCheck). A cold read then verifies a
 * row by one short hash over its stored bytes instead of rebuilding its canonical text and
 * hashing that; the plan digest is still the sum of the endpoint digests, checked against the
 * `plans` row. NULL in rows written before: those are checked the old way (backfillChecks fills
 * them in when the store opens).
 */
export const ROW_CHECKS_SQL = `
  ALTER TABLE plan_endpoints ADD COLUMN digest TEXT;
  ALTER TABLE plan_endpoints ADD COLUMN row_check INTEGER;
  ALTER TABLE plan_addresses ADD COLUMN row_check INTEGER;
  CREATE INDEX plan_endpoints_unchecked ON plan_endpoints (name) WHERE digest IS NULL;
`;

/**
 * Prepared statements per connection: preparing compiles the SQL, which costs more than running
 * these statements, and a whole plan runs some of them 100,000 times.
 */
const statements = new WeakMap<SqliteDatabase, Map<string, Statement>>();

export function prepared<P extends unknown[] = unknown[], R = unknown>(db: SqliteDatabase, sql: string): Statement<P, R> {
  let cache = statements.get(db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<P, R>;
}

/** A stored row that does not decode or does not match its generation's digest. */
export class RowDecodeError extends Error {}

const PAIR_BYTES = 8;
const UINT32_MAX = 0xffff_ffff;
/** Weights shared per address; beyond, a decoded address gets an object of its own (correct, only larger). */
const WEIGHTS_SHARED_PER_ADDRESS_MAX = 1_000;

type AddressBase = Omit<WeightedAddress, 'weight'>;
/**
 * An address row's tuple, whether its stored check was verified (rows from before schema 4 have
 * none), and one immutable WeightedAddress per weight in use, shared by every endpoint and plan
 * that carries it: a 100,000 × 8 plan then holds a few thousand address objects, not 800,000.
 */
interface AddressEntry { readonly base: AddressBase; readonly checked: boolean; readonly byWeight: Map<number, WeightedAddress> }
/**
 * A row as read: the addresses blob comes as SQLite's hex() of it (upper-case, two digits per
 * byte). A V8 string costs far less to make and collect than a Buffer per row, which at 100,000
 * rows was a large share of a cold read.
 */
type RowTuple = [name: string, ttlSeconds: number, answersMax: number, addressesHex: string, digest: string | null, rowCheck: number | null];
const ROW_COLUMNS = 'name, ttl_seconds, answers_max, hex(addresses), digest, row_check';
/** Hex digits of one (id, weight) pair: 8 bytes. */
const PAIR_HEX_DIGITS = 2 * 8;

/** The little-endian uint32 at 32-bit word `index` of a hex()-encoded blob. */
function hexWordAt(hex: string, index: number): number {
  const offset = index * 8;
  let value = 0;
  // Little-endian: the last byte is the most significant.
  for (let byte = 3; byte >= 0; byte--) value = value * 256 + hexByteAt(hex, offset + byte * 2);
  return value;
}

function hexByteAt(hex: string, at: number): number {
  return (hexDigit(hex.charCodeAt(at)) << 4) | hexDigit(hex.charCodeAt(at + 1));
}

/** SQLite's hex() writes 0-9 and A-F only. */
function hexDigit(code: number): number {
  return code >= 65 ? code - 55 : code - 48;
}

/**
 * A 32-bit check over a string and integers (FNV-1a over UTF-16 code units and 32-bit words,
 * with a final avalanche). It catches a garbled or hand-edited row; like the plan digest it is
 * not a security boundary (whoever can write the file can write a matching check).
 */
const CHECK_SEED = 0x811c9dc5;
const CHECK_PRIME = 0x01000193;

function checkText(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), CHECK_PRIME);
  // The length ends the text, so that "ab" + "c" and "a" + "bc" differ.
  return Math.imul(x ^ text.length, CHECK_PRIME);
}

function checkWord(h: number, word: number): number {
  return Math.imul(h ^ word, CHECK_PRIME);
}

function finishCheck(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The check of an endpoint row: name, ttl, answers, the (id, weight) pairs and the stored digest. */
export function rowCheck(name: string, ttlSeconds: number, answersMax: number, blob: Buffer, digest: string): number {
  let h = checkRowHead(name, ttlSeconds, answersMax, blob.length);
  for (let offset = 0; offset + 4 <= blob.length; offset += 4) h = checkWord(h, blob.readUInt32LE(offset));
  return finishCheck(checkText(h, digest));
}

/** rowCheck of the same row read with its blob as hex (equal for equal bytes). */
function rowCheckOfHex(name: string, ttlSeconds: number, answersMax: number, hex: string, digest: string): number {
  let h = checkRowHead(name, ttlSeconds, answersMax, hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) h = checkWord(h, hexWordAt(hex, word));
  return finishCheck(checkText(h, digest));
}

function checkRowHead(name: string, ttlSeconds: number, answersMax: number, blobBytes: number): number {
  return checkWord(checkWord(checkWord(checkText(CHECK_SEED, name), ttlSeconds), answersMax), blobBytes);
}

/** The check of an address row: its id and tuple. */
export function addressCheck(id: number, a: AddressBase): number {
  return finishCheck(checkText(checkText(checkText(checkWord(CHECK_SEED, id), a.loadBalancer), a.family), a.address));
}

/**
 * The address table of one connection: ids to interned tuples and back. Ids are never reused or
 * renumbered, so a cached entry stays true; an id this connection has not seen (another process
 * added it) reloads the table. `forget()` after a failed write: ids inserted by a rolled-back
 * transaction must not be reused.
 */
export class AddressTable {
  private byId = new Map<number, AddressEntry>();
  private byTuple = new Map<string, Map<string, [a: number | undefined, aaaa: number | undefined]>>();

  forget(): void {
    this.byId = new Map();
    this.byTuple = new Map();
  }

  base(db: SqliteDatabase, id: number): AddressBase {
    return this.entry(db, id).base;
  }

  entry(db: SqliteDatabase, id: number): AddressEntry {
    let found = this.byId.get(id);
    if (found === undefined) {
      this.reload(db);
      found = this.byId.get(id);
      if (found === undefined) throw new RowDecodeError(`address id ${id} is not in plan_addresses`);
    }
    return found;
  }

  /** The shared WeightedAddress of `entry` with `weight`. */
  weightedAddress(entry: AddressEntry, weight: number): WeightedAddress {
    const known = entry.byWeight.get(weight);
    if (known !== undefined) return known;
    const address: WeightedAddress = { loadBalancer: entry.base.loadBalancer, family: entry.base.family, address: entry.base.address, weight };
    if (entry.byWeight.size < WEIGHTS_SHARED_PER_ADDRESS_MAX) entry.byWeight.set(weight, address);
    return address;
  }

  /** Call inside the write transaction. */
  idFor(db: SqliteDatabase, a: WeightedAddress): number {
    const known = this.lookup(a);
    if (known !== undefined) return known;
    prepared(db, 'INSERT INTO plan_addresses (load_balancer, family, address) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(a.loadBalancer, a.family, a.address);
    const row = prepared<[string, string, string], { id: number; row_check: number | null }>(db, 'SELECT id, row_check FROM plan_addresses WHERE load_balancer = ? AND family = ? AND address = ?').get(a.loadBalancer, a.family, a.address);
    assert(row !== undefined, `address ${a.address} of ${a.loadBalancer} vanished inside its insert's transaction`);
    const base: AddressBase = { loadBalancer: a.loadBalancer, family: a.family, address: a.address };
    const check = addressCheck(row.id, base);
    if (row.row_check !== check) prepared(db, 'UPDATE plan_addresses SET row_check = ? WHERE id = ?').run(check, row.id);
    this.remember(row.id, { base, checked: true, byWeight: new Map() });
    return row.id;
  }

  private lookup(a: AddressBase): number | undefined {
    const slots = this.byTuple.get(a.address)?.get(a.loadBalancer);
    return slots?.[a.family === 'A' ? 0 : 1];
  }

  private remember(id: number, entry: AddressEntry): void {
    const { base } = entry;
    this.byId.set(id, entry);
    let byLoadBalancer = this.byTuple.get(base.address);
    if (byLoadBalancer === undefined) {
      byLoadBalancer = new Map();
      this.byTuple.set(base.address, byLoadBalancer);
    }
    let slots = byLoadBalancer.get(base.loadBalancer);
    if (slots === undefined) {
      slots = [undefined, undefined];
      byLoadBalancer.set(base.loadBalancer, slots);
    }
    slots[base.family === 'A' ? 0 : 1] = id;
  }

  private reload(db: SqliteDatabase): void {
    const rows = prepared<[], [number, string, string, string, number | null]>(db, 'SELECT id, load_balancer, family, address, row_check FROM plan_addresses').raw(true).all();
    for (const [id, lb, family, address, check] of rows) {
      if (this.byId.has(id)) continue;
      if (family !== 'A' && family !== 'AAAA') throw new RowDecodeError(`address id ${id} has family '${family}'`);
      const base: AddressBase = { loadBalancer: loadBalancerId(lb), family: family satisfies AddressFamily, address };
      // A garbled row is refused when a plan uses it (a wrong tuple under a stored digest would be served otherwise).
      if (check !== null && check !== addressCheck(id, base)) throw new RowDecodeError(`address id ${id} (${address} of ${lb}) fails its row check`);
      this.remember(id, { base, checked: check !== null, byWeight: new Map() });
    }
  }
}

/** What a new generation changes against the plan below it. */
export interface PlanDiff {
  /** Changed or added, in name order. */
  readonly upserts: readonly EndpointPlan[];
  /** Removed (not in the new plan). */
  readonly removed: readonly EndpointName[];
  /** The base endpoints replaced or removed (their digests leave the sum). */
  readonly replaced: readonly EndpointPlan[];
}

/**
 * The endpoints of `next` that differ from `base`, in one walk over both sorted lists. An
 * endpoint object shared with the base (the Planner reuses unchanged ones) costs one comparison.
 * Asserts that `next` is strictly sorted by name (a caller bug otherwise).
 */
export function diffPlans(base: readonly EndpointPlan[], next: readonly EndpointPlan[]): PlanDiff {
  const upserts: EndpointPlan[] = [];
  const removed: EndpointName[] = [];
  const replaced: EndpointPlan[] = [];
  let i = 0;
  // The previous endpoint, not its name: reading `.name` of every endpoint would touch 100,000
  // objects scattered over the heap; the fast path below reads only the two arrays.
  let previous: EndpointPlan | null = null;
  for (let k = 0; k < next.length; k++) {
    const endpoint = next[k]!;
    // The common case, an endpoint object the Planner carried over from the base: one pointer
    // comparison. Order still holds: the base is sorted, and an endpoint written before this one
    // was compared with the base endpoints up to here.
    if (base[i] === endpoint) {
      i++;
      previous = endpoint;
      continue;
    }
    // (Not assert(cond, `…`): the message would be built for every endpoint.)
    if (previous !== null && previous.name >= endpoint.name) assert(false, `plan endpoints not strictly sorted at ${endpoint.name}`);
    previous = endpoint;
    while (i < base.length && base[i]!.name < endpoint.name) {
      removed.push(base[i]!.name);
      replaced.push(base[i]!);
      i++;
    }
    const old = base[i];
    if (old !== undefined && old.name === endpoint.name) {
      i++;
      if (old === endpoint || old.digest === endpoint.digest) continue;
      replaced.push(old);
    }
    upserts.push(endpoint);
  }
  for (; i < base.length; i++) {
    removed.push(base[i]!.name);
    replaced.push(base[i]!);
  }
  return { upserts, removed, replaced };
}

/** The digest sum of a plan digest (16 hex digits). */
export function digestSumOf(digest: string): DigestSum {
  return addDigest(DIGEST_SUM_ZERO, digest);
}

/** `baseDigest` with the replaced endpoints' digests taken out and the upserts' put in. */
export function digestAfter(baseDigest: string, diff: Pick<PlanDiff, 'upserts' | 'replaced'>): string {
  let sum = digestSumOf(baseDigest);
  for (const e of diff.replaced) sum = subtractDigest(sum, e.digest);
  for (const e of diff.upserts) sum = addDigest(sum, e.digest);
  return formatDigestSum(sum);
}

/**
 * Writes the endpoint rows of generation `g`. With `diff`, only what changed against the open rows
 * (the plan of the newest generation of this layout); without, every open row is closed and the
 * whole plan written. Call inside the IMMEDIATE create transaction.
 */
export function writeEndpointRows(db: SqliteDatabase, table: AddressTable, g: Generation, plan: Plan, diff: PlanDiff | null): void {
  const close = prepared(db, 'UPDATE plan_endpoints SET to_generation = ? WHERE name = ? AND to_generation IS NULL');
  const insert = prepared(db, 'INSERT INTO plan_endpoints (name, from_generation, to_generation, ttl_seconds, answers_max, addresses, digest, row_check) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)');
  if (diff === null) {
    prepared(db, 'UPDATE plan_endpoints SET to_generation = ? WHERE to_generation IS NULL').run(g);
  } else {
    for (const name of diff.removed) close.run(g, name);
  }
  for (const endpoint of diff === null ? plan.endpoints : diff.upserts) {
    if (diff !== null) close.run(g, endpoint.name);
    const blob = encodeAddresses(db, table, endpoint);
    insert.run(endpoint.name, g, endpoint.ttlSeconds, endpoint.answersMax, blob, endpoint.digest, rowCheck(endpoint.name, endpoint.ttlSeconds, endpoint.answersMax, blob, endpoint.digest));
  }
}

function encodeAddresses(db: SqliteDatabase, table: AddressTable, endpoint: EndpointPlan): Buffer {
  const blob = Buffer.allocUnsafe(endpoint.addresses.length * PAIR_BYTES);
  endpoint.addresses.forEach((a, k) => {
    assert(a.weight <= UINT32_MAX, `weight ${a.weight} of ${a.address} in ${endpoint.name} does not fit the stored form`);
    blob.writeUInt32LE(table.idFor(db, a), k * PAIR_BYTES);
    blob.writeUInt32LE(a.weight, k * PAIR_BYTES + 4);
  });
  return blob;
}

/**
 * The endpoints of generation `g`, in name order. `newest`: `g` is the newest generation of this
 * layout, so its rows are the open ones (read through their own index). `reference`: endpoints
 * already checked (usually the cached plan), reused when a row carries exactly their content.
 */
export function readEndpointsAt(db: SqliteDatabase, table: AddressTable, g: Generation, newest: boolean, reference: readonly EndpointPlan[]): EndpointPlan[] {
  // Iterated, not read all at once: each row's array and strings die young (a cheap scavenge)
  // instead of 100,000 of them living until the end and being promoted.
  const rows: IterableIterator<RowTuple> = newest
    ? prepared<[], RowTuple>(db, `SELECT ${ROW_COLUMNS} FROM plan_endpoints WHERE to_generation IS NULL ORDER BY name`).raw(true).iterate()
    : prepared<[number, number], RowTuple>(db, `SELECT ${ROW_COLUMNS} FROM plan_endpoints WHERE from_generation <= ? AND (to_generation IS NULL OR to_generation > ?) ORDER BY name`).raw(true).iterate(g, g);
  const endpoints: EndpointPlan[] = [];
  let cursor = 0;
  let previousName: string | null = null;
  for (const row of rows) {
    const name = row[0];
    if (previousName !== null && previousName >= name) throw new RowDecodeError(`generation ${g}: endpoint ${name} appears twice or out of order`);
    previousName = name;
    while (cursor < reference.length && reference[cursor]!.name < name) cursor++;
    endpoints.push(decodeRow(db, table, row, reference[cursor]));
  }
  return endpoints;
}

/**
 * The rows that differ between generation `after` and generation `upTo` (after < upTo): versions
 * that start in (after, upTo] and are still valid at `upTo`, and the names whose version valid at
 * `after` ended in (after, upTo].
 */
export function readChangedRows(db: SqliteDatabase, table: AddressTable, after: Generation, upTo: Generation, reference: (name: string) => EndpointPlan | undefined): { upserts: EndpointPlan[]; ended: Set<string> } {
  const started = prepared<[number, number, number], RowTuple>(db,
    `SELECT ${ROW_COLUMNS} FROM plan_endpoints WHERE from_generation > ? AND from_generation <= ? AND (to_generation IS NULL OR to_generation > ?) ORDER BY name`,
  ).raw(true).all(after, upTo, upTo);
  const ended = prepared<[number, number, number], [string]>(db,
    'SELECT name FROM plan_endpoints WHERE to_generation > ? AND to_generation <= ? AND from_generation <= ?',
  ).raw(true).all(after, upTo, after);
  const upserts: EndpointPlan[] = [];
  for (const row of started) {
    if (upserts.length > 0 && upserts[upserts.length - 1]!.name >= row[0]) throw new RowDecodeError(`generation ${upTo}: endpoint ${row[0]} appears twice`);
    upserts.push(decodeRow(db, table, row, reference(row[0])));
  }
  return { upserts, ended: new Set(ended.map((r) => r[0])) };
}

/**
 * Names whose records differ between `after` and `upTo` (after < upTo): a version valid at `upTo`
 * that started after `after` and carries another digest than the name's version at `after` (or
 * the name had none), and a version valid at `after` that ended with no version at `upTo`. The
 * stored digests make it exact: a create that rewrote every row (its connection did not hold the
 * newest plan) or a change undone later names nothing that is the same at both ends. A row
 * without a digest (from before schema 4) counts as changed.
 */
export function readChangedNames(db: SqliteDatabase, after: Generation, upTo: Generation): EndpointName[] {
  const rows = prepared<[{ after: number; upTo: number }], [string]>(db, `
    SELECT n.name FROM plan_endpoints n
      LEFT JOIN plan_endpoints o ON o.name = n.name AND o.from_generation <= :after AND (o.to_generation IS NULL OR o.to_generation > :after)
      WHERE n.from_generation > :after AND n.from_generation <= :upTo AND (n.to_generation IS NULL OR n.to_generation > :upTo)
        AND (o.name IS NULL OR o.digest IS NULL OR n.digest IS NULL OR o.digest != n.digest)
    UNION
    SELECT o.name FROM plan_endpoints o
      WHERE o.from_generation <= :after AND o.to_generation > :after AND o.to_generation <= :upTo
        AND NOT EXISTS (SELECT 1 FROM plan_endpoints n WHERE n.name = o.name AND n.from_generation <= :upTo AND (n.to_generation IS NULL OR n.to_generation > :upTo))
    ORDER BY 1`).raw(true).all({ after, upTo });
  return rows.map((r) => r[0] as EndpointName);
}

/**
 * Every name a generation in (after, upTo] changed, with the newest such generation: a version
 * starting there (added, changed) or ending there (changed, removed). Both columns are indexed.
 */
export function readLastChanges(db: SqliteDatabase, after: Generation, upTo: Generation): Map<EndpointName, Generation> {
  const rows = prepared<[{ after: number; upTo: number }], [string, number]>(db, `
    SELECT name, MAX(g) FROM (
      SELECT name, from_generation AS g FROM plan_endpoints WHERE from_generation > :after AND from_generation <= :upTo
      UNION ALL
      SELECT name, to_generation AS g FROM plan_endpoints WHERE to_generation > :after AND to_generation <= :upTo
    ) GROUP BY name`).raw(true).all({ after, upTo });
  return new Map(rows.map((r) => [r[0] as EndpointName, r[1] as Generation]));
}

/**
 * `previous` with the changed rows applied: endpoints whose version ended are dropped, upserts
 * merged in by name. Returns the endpoints and the previous ones that left (for the digest).
 * Each changed name is found by binary search and the runs between are copied, so no name of
 * an unchanged endpoint is compared.
 */
export function applyChangedRows(previous: readonly EndpointPlan[], upserts: readonly EndpointPlan[], ended: ReadonlySet<string>): { endpoints: EndpointPlan[]; replaced: EndpointPlan[] } {
  const byName = new Map<string, EndpointPlan>(upserts.map((e) => [e.name, e]));
  const touched = [...new Set<string>([...ended, ...byName.keys()])].sort();
  const endpoints: EndpointPlan[] = [];
  const replaced: EndpointPlan[] = [];
  let cursor = 0;
  for (const name of touched) {
    const at = lowerBound(previous, name, cursor);
    for (let k = cursor; k < at; k++) endpoints.push(previous[k]!);
    cursor = at;
    if (previous[at]?.name === name) {
      replaced.push(previous[at]!);
      cursor = at + 1;
    }
    const upsert = byName.get(name);
    if (upsert !== undefined) endpoints.push(upsert);
  }
  for (let k = cursor; k < previous.length; k++) endpoints.push(previous[k]!);
  return { endpoints, replaced };
}

/** The first index at or after `from` whose name is not below `name` (the list is sorted). */
export function lowerBound(sorted: readonly { readonly name: string }[], name: string, from = 0): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.name < name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * After the `plans` row of `deleted` is gone: the endpoint versions nobody can read any more are
 * removed. `below` / `above`: the nearest stored generations of this layout (0 / null for none).
 * Deleting the newest reverts the open rows to `below`'s plan (the invariant above).
 */
export function collectAfterDelete(db: SqliteDatabase, below: number, above: number | null): void {
  if (above === null) {
    prepared(db, 'DELETE FROM plan_endpoints WHERE from_generation > ?').run(below);
    prepared(db, 'UPDATE plan_endpoints SET to_generation = NULL WHERE to_generation > ?').run(below);
    return;
  }
  // A closed version is visible to the stored generations inside [from, to); those between
  // `below` and `above` saw only the deleted one.
  prepared(db, 'DELETE FROM plan_endpoints WHERE to_generation > ? AND to_generation <= ? AND from_generation > ?').run(below, above, below);
}

/**
 * One endpoint row, checked. A row with a stored digest (schema 4) is verified by its row check
 * and the checks of the address rows it names, and keeps its stored digest; the plan digest (their
 * sum) is compared with the `plans` row by the caller. A row without one, or naming an address
 * row without a check, has its digest recomputed from its content, as before schema 4.
 */
function decodeRow(db: SqliteDatabase, table: AddressTable, row: RowTuple, reference: EndpointPlan | undefined): EndpointPlan {
  const [name, ttlSeconds, answersMax, hex, storedDigest, storedCheck] = row;
  if (typeof name !== 'string' || !Number.isSafeInteger(ttlSeconds) || !Number.isSafeInteger(answersMax) || typeof hex !== 'string' || hex.length % PAIR_HEX_DIGITS !== 0) {
    throw new RowDecodeError(`endpoint row ${JSON.stringify(name)} does not decode`);
  }
  if (storedDigest !== null) {
    if (typeof storedDigest !== 'string' || storedCheck !== rowCheckOfHex(name, ttlSeconds, answersMax, hex, storedDigest)) {
      throw new RowDecodeError(`endpoint row ${name} fails its row check (its content, digest or check was altered)`);
    }
    // The row is as written, and its writer stored the digest of its content: equal digests, equal content.
    if (reference !== undefined && reference.name === name && reference.digest === storedDigest) return reference;
  } else if (reference !== undefined && reference.name === name && sameContent(db, table, reference, ttlSeconds, answersMax, hex)) {
    return reference;
  }
  const decoded = decodeAddresses(db, table, name, hex);
  // The name is covered by the digest (and the row check); only its shape is checked here.
  if (!name.endsWith('.')) throw new RowDecodeError(`endpoint row name ${JSON.stringify(name)} is not an absolute DNS name`);
  if (storedDigest !== null && decoded.allChecked) return { name: name as EndpointName, ttlSeconds, answersMax, addresses: decoded.addresses, digest: storedDigest };
  const content = { name: name as EndpointName, ttlSeconds, answersMax, addresses: decoded.addresses };
  const digest = digestText(endpointCanonicalText(content));
  if (storedDigest !== null && digest !== storedDigest) throw new RowDecodeError(`endpoint ${name}: stored digest ${storedDigest} but content digests to ${digest}`);
  return { ...content, digest };
}

function decodeAddresses(db: SqliteDatabase, table: AddressTable, name: string, hex: string): { addresses: WeightedAddress[]; allChecked: boolean } {
  const count = hex.length / PAIR_HEX_DIGITS;
  const addresses: WeightedAddress[] = [];
  let allChecked = true;
  for (let k = 0; k < count; k++) {
    const id = hexWordAt(hex, 2 * k);
    const entry = table.entry(db, id);
    const weight = hexWordAt(hex, 2 * k + 1);
    if (weight === 0) throw new RowDecodeError(`endpoint ${name}: weight 0`);
    const address = table.weightedAddress(entry, weight);
    if (k > 0 && compareAddresses(addresses[k - 1]!, address) > 0) throw new RowDecodeError(`endpoint ${name}: addresses not sorted`);
    addresses.push(address);
    allChecked &&= entry.checked;
  }
  return { addresses, allChecked };
}

function sameContent(db: SqliteDatabase, table: AddressTable, endpoint: EndpointPlan, ttlSeconds: number, answersMax: number, hex: string): boolean {
  const count = hex.length / PAIR_HEX_DIGITS;
  if (endpoint.ttlSeconds !== ttlSeconds || endpoint.answersMax !== answersMax || endpoint.addresses.length !== count) return false;
  for (let k = 0; k < count; k++) {
    const a = endpoint.addresses[k]!;
    const base = table.base(db, hexWordAt(hex, 2 * k));
    if (a.weight !== hexWordAt(hex, 2 * k + 1) || a.address !== base.address || a.family !== base.family || a.loadBalancer !== base.loadBalancer) return false;
  }
  return true;
}

/**
 * Fills in the checks (and endpoint digests) that rows written before schema 4 lack; call inside
 * an IMMEDIATE transaction. A row that does not decode keeps its NULLs and is refused when read,
 * as before. Backfilling an altered row cannot make it pass: the plan digest (the sum of the
 * endpoint digests) is still compared with the `plans` row. Returns how many rows it filled in.
 */
export function backfillChecks(db: SqliteDatabase, table: AddressTable): number {
  const addressRows = prepared<[], [number, string, string, string]>(db, 'SELECT id, load_balancer, family, address FROM plan_addresses WHERE row_check IS NULL').raw(true).all();
  const setAddress = prepared(db, 'UPDATE plan_addresses SET row_check = ? WHERE id = ?');
  for (const [id, lb, family, address] of addressRows) {
    if (family !== 'A' && family !== 'AAAA') continue;
    setAddress.run(addressCheck(id, { loadBalancer: loadBalancerId(lb), family, address }), id);
  }
  if (addressRows.length > 0) table.forget();
  const endpointRows = prepared<[], [...RowTuple, number]>(db, `SELECT ${ROW_COLUMNS}, from_generation FROM plan_endpoints WHERE digest IS NULL`).raw(true).all();
  const setEndpoint = prepared(db, 'UPDATE plan_endpoints SET digest = ?, row_check = ? WHERE name = ? AND from_generation = ?');
  let filled = addressRows.length;
  for (const row of endpointRows) {
    const [name, ttlSeconds, answersMax, hex] = row;
    let digest: string;
    try {
      digest = decodeRow(db, table, [name, ttlSeconds, answersMax, hex, null, null], undefined).digest;
    } catch (error: unknown) {
      if (error instanceof RowDecodeError) continue;
      throw error;
    }
    setEndpoint.run(digest, rowCheckOfHex(name, ttlSeconds, answersMax, hex, digest), name, row[6]);
    filled++;
  }
  return filled;
}

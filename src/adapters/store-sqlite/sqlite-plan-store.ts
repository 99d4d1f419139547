/**
 * The default PlanStore: plan generations in a SQLite file (better-sqlite3, WAL, synchronous=FULL).
 * Contract: src/core/ports/plan-store.ts, tested by test/contract/plan-store.contract.ts.
 *
 * Conditional create: one IMMEDIATE transaction reads the Planner lease row and the highest
 * generation ever created (a high-water mark that deletion does not lower), and inserts only if
 * the caller's fencing token is the newest granted and the generation is above the mark.
 * IMMEDIATE takes the write lock before the reads, so a second connection or process racing on
 * the same file waits and then sees the first one's rows: two writers can never both create
 * generation N, a Planner whose lease passed to another cannot write at all, and a number once
 * used is never reused with other content (an Enactor that applied the old N would otherwise skip
 * the new N as "already live").
 *
 * Lease time is wall time (`wallClock`, default Date.now()): the lease row is shared by every
 * process on the file, and monotonic clocks mean nothing across processes. A wall-clock step can
 * shorten a lease (forward: another Planner takes over early) or lengthen it (backward: by at most
 * one ttl, see planner-lease.ts), but it can never let two holders write, because `create` checks
 * the token, not the time.
 *
 * A damaged store (a table dropped, the high-water or lease row deleted, a body garbled) answers
 * a retryable 'corrupt' Failure naming the repair, never a throw: in `dnsplane up` a throw would
 * take down the embedded DNS server too. Nothing is recreated behind the operator's back: a lost
 * high-water mark cannot be recomputed from the stored plans (the newest may have been deleted),
 * and a lost lease row cannot restart tokens at 1 (a paused old Planner may hold one). Every call
 * reads the rows afresh, so a repaired store works again without a restart.
 *
 * `latest()` is called by every Enactor on every tick, and decoding a 100,000-endpoint plan costs
 * far more than a query, so the decoded latest plan is cached. Each call still asks the database
 * for the newest (generation, digest, createdAtMs), so a generation written by another connection
 * or process is noticed on the next call.
 */
import Database from 'better-sqlite3';
import { assert, assertNever } from '../../core/model/assert.js';
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import { compareAddresses, compareNames, findEndpoint, planContentDigest, type EndpointPlan, type Plan } from '../../core/model/plan.js';
import type { GenerationInfo, LastChanges, LeaseGrant, PlanChanges, PlanStore } from '../../core/ports/plan-store.js';
import { failure, ok, type Failure, type Result } from '../../core/ports/result.js';
import { decideLease, fenced, isFenced, type LeaseDecision, type LeaseRecord } from '../store-memory/planner-lease.js';
import { decodePlanRow, PLAN_ENCODING, type StoredPlanRow } from './plan-codec.js';
import {
  AddressTable, applyChangedRows, backfillChecks, prepared, collectAfterDelete, diffPlans, digestAfter, PLAN_ROWS_SQL, readChangedNames, readChangedRows, readLastChanges,
  readEndpointsAt, ROW_CHECKS_SQL, RowDecodeError, ROWS_ENCODING, writeEndpointRows, type PlanDiff,
} from './plan-rows.js';
import { BUSY_WAIT_MS_DEFAULT, migrate, openSqlite, runWithBusyRetry, type Migration, type SqliteDatabase, type SqliteOpenOptions } from './sqlite-connection.js';

export const PLAN_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE plans (
        generation     INTEGER PRIMARY KEY CHECK (generation > 0),
        digest         TEXT    NOT NULL,
        created_at_ms  INTEGER NOT NULL,
        note           TEXT    NOT NULL,
        endpoint_count INTEGER NOT NULL,
        encoding       TEXT    NOT NULL,
        body           BLOB    NOT NULL
      ) STRICT;
      CREATE TABLE plan_store_meta (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO plan_store_meta (key, value) VALUES ('generation_high_water', 0);
    `,
  },
  {
    // The Planner lease: one row, always present once migrated. `token` is the newest fencing
    // token ever granted (kept when the lease lapses), so a new grant is token + 1.
    version: 2,
    sql: `
      CREATE TABLE planner_lease (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        holder        TEXT    NOT NULL,
        token         INTEGER NOT NULL CHECK (token >= 0),
        ttl_ms        INTEGER NOT NULL CHECK (ttl_ms >= 0),
        expires_at_ms INTEGER NOT NULL
      ) STRICT;
      INSERT INTO planner_lease (id, holder, token, ttl_ms, expires_at_ms) VALUES (1, '', 0, 0, 0);
    `,
  },
  {
    // Per-endpoint rows (plan-rows.ts): a generation costs O(changed). Plans stored as one body
    // by versions 1 and 2 are rewritten into rows when the store opens (convertBodies).
    version: 3,
    sql: PLAN_ROWS_SQL,
  },
  {
    // Stored endpoint digests and row checks (plan-rows.ts): a cold read verifies each row by a
    // short hash over its bytes. Rows from version 3 are filled in when the store opens (backfillChecks).
    version: 4,
    sql: ROW_CHECKS_SQL,
  },
];

export interface SqlitePlanStoreOptions extends SqliteOpenOptions {
  /** Measures lease expiry; default Date.now(). Wall time: the lease row is shared by processes. */
  readonly wallClock?: { nowMs(): number };
  /**
   * Creates issued in one turn of the event loop share one commit (one transaction, one fsync).
   * After a commit that was shared, creates arriving within this long of it share the next one.
   * A lone writer (one create per commit) never waits for it. Default
   * GROUP_COMMIT_WINDOW_MS_DEFAULT; 0 shares only what arrives in the same turn.
   */
  readonly groupCommitWindowMs?: number;
}

export const GROUP_COMMIT_WINDOW_MS_DEFAULT = 2;
const GROUP_COMMIT_WINDOW_MS_MAX = 100;
/** Creates in one transaction at most; the rest wait for the next. */
const CREATES_PER_COMMIT_MAX = 64;

/** A create waiting for its group commit, with the diff taken when it arrived. */
interface QueuedCreate {
  readonly plan: Plan;
  readonly base: Plan | null;
  readonly diff: PlanDiff | null;
  readonly token: number;
  readonly resolve: (result: Result<void>) => void;
  readonly reject: (error: unknown) => void;
}

/** Where an operator finds the repair for each kind of damage. */
const REPAIR_DOC = 'docs/stores.md, "Repairing a damaged plan store"';
/** Suggested when nobody knows the newest token: tokens grow by one per takeover, so this is far above. */
const LEASE_TOKEN_RESTORE_SUGGESTED = 1_000_000_000;

interface RowHead { generation: number; digest: string; created_at_ms: number }
interface RowMeta extends RowHead { note: string; endpoint_count: number; encoding: string }
interface RowFull extends RowMeta { body: Buffer }

const HEAD_COLUMNS = 'generation, digest, created_at_ms, note, endpoint_count, encoding';
const EMPTY_BODY = Buffer.alloc(0);

/** What a read transaction found; decoding failures are data here, turned into Failures outside. */
type ReadOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'plan'; readonly plan: Plan }
  | { readonly kind: 'legacy'; readonly row: RowFull }
  | { readonly kind: 'corrupt'; readonly message: string };

interface LeaseRow { holder: string; token: number; ttl_ms: number; expires_at_ms: number }

/** What a transaction found damaged; turned into a 'corrupt' Failure outside it. */
interface Damaged { readonly kind: 'damaged'; readonly message: string }

type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'exists'; readonly highWater: number }
  | { readonly kind: 'fenced'; readonly lease: LeaseRecord }
  | Damaged;

export class SqlitePlanStore implements PlanStore {
  /** The decoded plan of the newest generation seen, so `latest()` does not decode it again. */
  private cachedLatest: Plan | null = null;
  /** The interned address table of this connection (plan-rows.ts). */
  private readonly addresses = new AddressTable();
  /** Creates waiting for the next group commit, in arrival order. */
  private readonly queued: QueuedCreate[] = [];
  /** A commit is scheduled or running: creates arriving now wait for the one after it. */
  private commitScheduled = false;
  private lastCommitEndedMs = Number.NEGATIVE_INFINITY;
  private lastCommitShared = false;
  private readonly commits = { transactions: 0, creates: 0 };

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly busyWaitMs: number,
    private readonly wallClock: { nowMs(): number },
    private readonly groupCommitWindowMs: number,
  ) {}

  static async open(options: SqlitePlanStoreOptions): Promise<Result<SqlitePlanStore>> {
    const db = await openSqlite(options);
    if (!db.ok) return db;
    const busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT;
    const migrated = await migrate(db.value, busyWaitMs, 'plans', PLAN_STORE_MIGRATIONS);
    if (!migrated.ok) {
      db.value.close();
      return migrated;
    }
    const groupCommitWindowMs = options.groupCommitWindowMs ?? GROUP_COMMIT_WINDOW_MS_DEFAULT;
    assert(Number.isFinite(groupCommitWindowMs) && groupCommitWindowMs >= 0 && groupCommitWindowMs <= GROUP_COMMIT_WINDOW_MS_MAX, `groupCommitWindowMs must be within 0..${GROUP_COMMIT_WINDOW_MS_MAX}, got ${groupCommitWindowMs}`);
    const store = new SqlitePlanStore(db.value, busyWaitMs, options.wallClock ?? { nowMs: () => Date.now() }, groupCommitWindowMs);
    const converted = await store.convertBodies();
    if (!converted.ok) {
      store.close();
      return converted;
    }
    // Best effort: a store that cannot be filled in now (damaged, locked) reads those rows the slow way.
    await store.backfillRowChecks();
    return ok(store);
  }

  /** Closes the connection; every later call fails as 'unavailable'. Idempotent. */
  close(): void {
    if (this.db.open) this.db.close();
    this.cachedLatest = null;
  }

  async acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>> {
    const outcome = await this.run('acquireLease', () => this.db.transaction((): LeaseDecision | Damaged => {
      const current = this.readLease();
      if (current.kind === 'damaged') return current;
      // Read inside the transaction, after the write lock was taken: a long wait for the lock
      // does not eat into the lease.
      const decision = decideLease(current.record, holder, ttlMs, Math.floor(this.wallClock.nowMs()));
      const next = decision.record;
      // A refusal writes only when it pulled in an expiry that a backward clock step left too far ahead.
      if (decision.kind !== 'held' || next.expiresAtMs !== current.record.expiresAtMs) {
        prepared(this.db, 'UPDATE planner_lease SET holder = ?, token = ?, ttl_ms = ?, expires_at_ms = ? WHERE id = 1').run(next.holder, next.token, next.ttlMs, next.expiresAtMs);
      }
      return decision;
    }).immediate());
    if (!outcome.ok) return outcome;
    const decision = outcome.value;
    switch (decision.kind) {
      case 'damaged': return damaged(decision.message);
      case 'held': {
        const { holder: current, token, expiresAtMs } = decision.record;
        return failure('held', `planner lease is held by ${current} (token ${token}) until ${wallTimeText(expiresAtMs)} (in ${decision.remainingMs} ms by this host's wall clock)`, true);
      }
      case 'granted':
      case 'renewed':
        return ok({ holder, token: decision.record.token, ttlMs });
      default: return assertNever(decision, 'lease decision');
    }
  }

  async latest(): Promise<Result<Plan | null>> {
    return this.readPlan('latest', `SELECT ${HEAD_COLUMNS} FROM plans ORDER BY generation DESC LIMIT 1`, [], true);
  }

  async highWater(): Promise<Result<Generation>> {
    const read = await this.run('highWater', () => this.db.transaction(() => this.readHighWater()).deferred());
    if (!read.ok) return read;
    if (read.value.kind === 'damaged') return damaged(read.value.message);
    return ok(toGeneration(read.value.highWater));
  }

  async get(generation: Generation): Promise<Result<Plan | null>> {
    return this.readPlan('get', `SELECT ${HEAD_COLUMNS} FROM plans WHERE generation = ?`, [generation], false);
  }

  /**
   * Queued for the group commit: creates arriving in the same turn of the event loop, or within
   * `groupCommitWindowMs` of a shared commit, are written in one IMMEDIATE transaction, each with
   * its own checks in arrival order, and share its fsync. Each answer comes after that commit:
   * ok means durable.
   */
  async create(plan: Plan, token: number): Promise<Result<void>> {
    // The diff against the plan this connection will hold when this create runs (the last one
    // queued, else the one it created or read last) is taken before the write lock; the
    // transaction checks that it is still the newest stored, and writes the whole plan if not.
    const held = this.queued.at(-1)?.plan ?? this.cachedLatest;
    const base = held !== null && held.generation < plan.generation ? held : null;
    const diff = base === null ? (assertCanonical(plan), null) : checkedDiff(base, plan);
    return new Promise<Result<void>>((resolve, reject) => {
      this.queued.push({ plan, base, diff, token, resolve, reject });
      this.scheduleCommit();
    });
  }

  /** How many create transactions were committed (or failed) and how many creates they carried. */
  groupCommitStats(): { readonly transactions: number; readonly creates: number } {
    return { transactions: this.commits.transactions, creates: this.commits.creates };
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    // A lone writer (the last commit carried one create: it awaits each answer before the next
    // create) gains nothing from waiting: commit at the next turn. Overlapping writers (the last
    // commit was shared): wait out the window after it, so that creates arriving meanwhile share
    // the next one too.
    const waitMs = this.lastCommitShared ? this.groupCommitWindowMs - (performance.now() - this.lastCommitEndedMs) : 0;
    // commitQueued hands every failure to its creates; anything escaping it is a bug and crashes.
    const commit = (): void => {
      this.commitQueued().catch((error: unknown) => setImmediate(() => { throw error; }));
    };
    if (waitMs > 0) setTimeout(commit, waitMs);
    else setImmediate(commit);
  }

  /** Runs one group commit of the oldest queued creates; a bug (a throw) rejects each of them. */
  private async commitQueued(): Promise<void> {
    const batch = this.queued.splice(0, CREATES_PER_COMMIT_MAX);
    try {
      const outcomes = await this.run('create', () => this.db.transaction(() => batch.map((c) => this.insertIfCurrent(c))).immediate());
      this.commits.transactions++;
      this.commits.creates += batch.length;
      // Ids an aborted create inserted into plan_addresses were rolled back with it.
      if (!outcomes.ok || outcomes.value.some((o) => o.kind !== 'created')) this.addresses.forget();
      batch.forEach((c, i) => c.resolve(outcomes.ok ? this.answerFor(c, outcomes.value[i]!) : outcomes));
    } catch (error: unknown) {
      this.addresses.forget();
      for (const c of batch) c.reject(error);
    } finally {
      this.lastCommitEndedMs = performance.now();
      this.lastCommitShared = batch.length > 1;
      this.commitScheduled = false;
      if (this.queued.length > 0) this.scheduleCommit();
    }
  }

  private answerFor(queued: QueuedCreate, outcome: CreateOutcome): Result<void> {
    const { plan, token } = queued;
    switch (outcome.kind) {
      case 'damaged': return damaged(outcome.message);
      case 'fenced': return fenced(outcome.lease, token);
      case 'exists':
        return failure('exists', `generation ${plan.generation} is not above the highest generation created so far (${outcome.highWater})`, false);
      case 'created':
        // In arrival order: the last created of a batch is what the connection holds.
        this.cachedLatest = plan;
        return ok(undefined);
      default: return assertNever(outcome, 'create outcome');
    }
  }

  async list(): Promise<Result<readonly GenerationInfo[]>> {
    const rows = await this.run('list', () => prepared<[], RowHead>(this.db,
      'SELECT generation, digest, created_at_ms FROM plans ORDER BY generation ASC').all());
    if (!rows.ok) return rows;
    return ok(rows.value.map((r) => ({ generation: toGeneration(r.generation), digest: r.digest, createdAtMs: r.created_at_ms })));
  }

  async delete(generation: Generation): Promise<Result<void>> {
    const deleted = await this.run('delete', () => this.db.transaction(() => {
      const head = prepared<[number], { encoding: string }>(this.db, 'SELECT encoding FROM plans WHERE generation = ?').get(generation);
      if (head === undefined) return;
      prepared(this.db, 'DELETE FROM plans WHERE generation = ?').run(generation);
      if (head.encoding !== ROWS_ENCODING) return;
      const below = prepared<[string, number], { g: number | null }>(this.db, 'SELECT MAX(generation) AS g FROM plans WHERE encoding = ? AND generation < ?').get(ROWS_ENCODING, generation)?.g ?? 0;
      const above = prepared<[string, number], { g: number | null }>(this.db, 'SELECT MIN(generation) AS g FROM plans WHERE encoding = ? AND generation > ?').get(ROWS_ENCODING, generation)?.g ?? null;
      collectAfterDelete(this.db, below, above);
    }).immediate());
    if (!deleted.ok) return deleted;
    if (this.cachedLatest?.generation === generation) this.cachedLatest = null;
    return ok(undefined);
  }

  /**
   * The latest plan and the names that changed since `since`, from the endpoint versions that
   * started or ended after it: O(changed). null when `since` is not stored below the latest (the
   * Cleaner deleted it, or the caller is ahead) or is of the old body layout.
   */
  async changedSince(since: Generation): Promise<Result<PlanChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    if (plan === null || plan.generation <= since) return ok(null);
    const names = await this.run('changedSince', () => this.db.transaction(() => {
      // Both ends must still be stored: deleting either may have collected versions in between.
      const ends = prepared<[string, number, number], { n: number }>(this.db, 'SELECT COUNT(*) AS n FROM plans WHERE encoding = ? AND generation IN (?, ?)').get(ROWS_ENCODING, since, plan.generation);
      return ends?.n === 2 ? readChangedNames(this.db, since, plan.generation) : null;
    }).deferred());
    if (!names.ok) return names;
    return ok(names.value === null ? null : { plan, since, changed: names.value });
  }

  /**
   * From the endpoint versions that started or ended after `since`: O(changed). Every number from
   * `since` to the latest must be a stored generation of the row layout (counted in the same read
   * transaction): a deleted one may have collected versions, and a jump may hide another lineage.
   */
  async lastChangesSince(since: Generation): Promise<Result<LastChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    if (plan === null || plan.generation < since) return ok(null);
    const upTo = plan.generation;
    const changes = await this.run('lastChangesSince', () => this.db.transaction(() => {
      const stored = prepared<[string, number, number], { n: number }>(this.db, 'SELECT COUNT(*) AS n FROM plans WHERE encoding = ? AND generation BETWEEN ? AND ?').get(ROWS_ENCODING, since, upTo);
      return stored?.n === upTo - since + 1 ? readLastChanges(this.db, since, upTo) : null;
    }).deferred());
    if (!changes.ok) return changes;
    return ok(changes.value === null ? null : { since, latest: upTo, changes: changes.value });
  }

  /**
   * Rewrites the plans that versions 1 and 2 stored as one body into endpoint rows, oldest first,
   * in one transaction (a second process opening the file at once waits, then finds nothing to
   * do). Only before the first row-layout generation: after it, a body-layout plan (one that did
   * not decode, left as it was) is still read, and reported, through the old decoder.
   */
  private async convertBodies(): Promise<Result<number>> {
    return this.run('convert plan bodies', () => this.db.transaction((): number => {
      const rowsLayout = prepared<[string], { n: number }>(this.db, 'SELECT COUNT(*) AS n FROM plans WHERE encoding = ?').get(ROWS_ENCODING)?.n ?? 0;
      if (rowsLayout > 0) return 0;
      const bodies = prepared<[string], RowFull>(this.db, `SELECT ${HEAD_COLUMNS}, body FROM plans WHERE encoding = ? ORDER BY generation`).all(PLAN_ENCODING);
      let previous: Plan | null = null;
      let converted = 0;
      for (const row of bodies) {
        const decoded = decodePlanRow(toStoredRow(row), previous);
        if (!decoded.ok) continue;
        const plan = decoded.value;
        writeEndpointRows(this.db, this.addresses, plan.generation, plan, previous === null ? null : diffPlans(previous.endpoints, plan.endpoints));
        prepared(this.db, 'UPDATE plans SET encoding = ?, body = ?, endpoint_count = ? WHERE generation = ?').run(ROWS_ENCODING, EMPTY_BODY, plan.endpoints.length, plan.generation);
        previous = plan;
        converted++;
      }
      return converted;
    }).immediate());
  }

  /** Rows written before schema 4 get their checks (plan-rows.ts, backfillChecks); a no-op once done. */
  private async backfillRowChecks(): Promise<Result<number>> {
    const pending = await this.run('backfill row checks', () => prepared<[], { n: number }>(this.db,
      'SELECT EXISTS (SELECT 1 FROM plan_addresses WHERE row_check IS NULL) + EXISTS (SELECT 1 FROM plan_endpoints WHERE digest IS NULL) AS n').get()?.n ?? 0);
    if (!pending.ok || pending.value === 0) return pending;
    return this.run('backfill row checks', () => this.db.transaction(() => backfillChecks(this.db, this.addresses)).immediate());
  }

  /**
   * The conditional insert of one create; call inside the group commit's IMMEDIATE transaction.
   * Fencing is decided first: a Planner that lost the lease must step down whatever it tried to
   * write. Nothing is written before the checks pass, so a refused create leaves the others of
   * its batch as they are.
   */
  private insertIfCurrent({ plan, base, diff, token }: QueuedCreate): CreateOutcome {
    const lease = this.readLease();
    if (lease.kind === 'damaged') return lease;
    if (isFenced(lease.record, token)) return { kind: 'fenced', lease: lease.record };
    const read = this.readHighWater();
    if (read.kind === 'damaged') return read;
    if (plan.generation <= read.highWater) return { kind: 'exists', highWater: read.highWater };
    // The open rows are the newest row-layout generation's plan; the diff applies only if that is `base`.
    const newest = prepared<[string], { generation: number; digest: string }>(this.db, 'SELECT generation, digest FROM plans WHERE encoding = ? ORDER BY generation DESC LIMIT 1').get(ROWS_ENCODING);
    const diffApplies = diff !== null && base !== null && newest !== undefined && newest.generation === base.generation && newest.digest === base.digest;
    // Versions no stored generation can read (their plans rows were deleted by hand) must not leak into this one.
    if (newest === undefined) prepared(this.db, 'DELETE FROM plan_endpoints').run();
    writeEndpointRows(this.db, this.addresses, plan.generation, plan, diffApplies ? diff : null);
    prepared(this.db, 'INSERT INTO plans (generation, digest, created_at_ms, note, endpoint_count, encoding, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(plan.generation, plan.digest, plan.createdAtMs, plan.note, plan.endpoints.length, ROWS_ENCODING, EMPTY_BODY);
    prepared(this.db, "UPDATE plan_store_meta SET value = ? WHERE key = 'generation_high_water'").run(plan.generation);
    return { kind: 'created' };
  }

  /** Call inside a transaction. */
  private readLease(): { readonly kind: 'ok'; readonly record: LeaseRecord } | Damaged {
    const row = prepared<[], LeaseRow>(this.db, 'SELECT holder, token, ttl_ms, expires_at_ms FROM planner_lease WHERE id = 1').get();
    const token = `T above every token ever granted (when unsure, a number far above, such as ${LEASE_TOKEN_RESTORE_SUGGESTED}); see ${REPAIR_DOC}`;
    if (row === undefined) {
      return {
        kind: 'damaged',
        message: 'planner_lease has no row. Tokens must not restart at 1: a paused old Planner may still hold an older one. ' +
          `Restore it with INSERT INTO planner_lease (id, holder, token, ttl_ms, expires_at_ms) VALUES (1, '', T, 0, 0), ${token}`,
      };
    }
    if (![row.token, row.ttl_ms, row.expires_at_ms].every(Number.isSafeInteger)) {
      return {
        kind: 'damaged',
        message: `planner_lease holds values beyond 2^53 (token ${row.token}, ttl_ms ${row.ttl_ms}, expires_at_ms ${row.expires_at_ms}). ` +
          `Set them with UPDATE planner_lease SET holder = '', token = T, ttl_ms = 0, expires_at_ms = 0 WHERE id = 1, ${token}`,
      };
    }
    return { kind: 'ok', record: { holder: row.holder, token: row.token, ttlMs: row.ttl_ms, expiresAtMs: row.expires_at_ms } };
  }

  /**
   * The high-water mark, checked against the stored plans (call inside a transaction). A missing
   * mark is not recomputed as max(stored generation): if the newest generations were deleted,
   * that would hand their numbers out again.
   */
  private readHighWater(): { readonly kind: 'ok'; readonly highWater: number } | Damaged {
    const highWater = prepared<[], { value: number }>(this.db, "SELECT value FROM plan_store_meta WHERE key = 'generation_high_water'").get()?.value;
    const storedMax = prepared<[], { g: number | null }>(this.db, 'SELECT MAX(generation) AS g FROM plans').get()?.g ?? 0;
    const set = `at least ${storedMax} (the highest stored generation) and at least the highest generation any Enactor applied (the fences on the DNS providers show it); see ${REPAIR_DOC}`;
    if (highWater === undefined) {
      return {
        kind: 'damaged',
        message: "plan_store_meta has no 'generation_high_water' row. It is not recomputed from the stored plans: the newest generations may have been deleted, " +
          `and reusing their numbers would make Enactors that applied them skip the new plans. Restore it with INSERT INTO plan_store_meta (key, value) VALUES ('generation_high_water', N), N ${set}`,
      };
    }
    if (!Number.isSafeInteger(highWater) || highWater < storedMax) {
      return {
        kind: 'damaged',
        message: `plan_store_meta 'generation_high_water' is ${highWater}, below the stored generation ${storedMax} or beyond 2^53: it was altered. ` +
          `Set it with UPDATE plan_store_meta SET value = N WHERE key = 'generation_high_water', N ${set}`,
      };
    }
    return { kind: 'ok', highWater };
  }

  /**
   * Reads the generation the head query selects, in one read transaction (one snapshot, so a
   * concurrent create or delete cannot slip in between): the cached object when it is the same
   * plan; else, when the cached plan is an older generation still stored, the cached plan with the
   * endpoint versions that changed since applied (O(changed)); else every row of the generation.
   * What `latest` read is always cached (even when it is older than the cached plan: another
   * client deleted the newest); what `get` read is cached only when it is newer.
   */
  private async readPlan(what: string, headSql: string, params: readonly number[], isLatest: boolean): Promise<Result<Plan | null>> {
    const cached = this.cachedLatest;
    const read = await this.run(what, () => this.db.transaction((): ReadOutcome => {
      const head = prepared<unknown[], RowMeta>(this.db, headSql).get(...params);
      if (head === undefined) return { kind: 'none' };
      if (cached !== null && cached.generation === head.generation && cached.digest === head.digest && cached.createdAtMs === head.created_at_ms) {
        return { kind: 'plan', plan: cached };
      }
      if (head.encoding !== ROWS_ENCODING) {
        const row = prepared<[number], RowFull>(this.db, `SELECT ${HEAD_COLUMNS}, body FROM plans WHERE generation = ?`).get(head.generation);
        assert(row !== undefined, `generation ${head.generation} vanished inside one read transaction`);
        return { kind: 'legacy', row };
      }
      try {
        return { kind: 'plan', plan: this.readRows(head, cached) };
      } catch (error: unknown) {
        if (error instanceof RowDecodeError) return { kind: 'corrupt', message: `stored plan is corrupted: generation ${head.generation}: ${error.message}` };
        throw error;
      }
    }).deferred());
    if (!read.ok) return read;
    const outcome = read.value;
    switch (outcome.kind) {
      case 'none':
        if (isLatest) this.cachedLatest = null;
        return ok(null);
      // A row that does not decode is never served; it is retryable because an operator may
      // restore the row (or delete it) while dnsplane runs.
      case 'corrupt': return failure('corrupt', outcome.message, true);
      case 'legacy': {
        const decoded = decodePlanRow(toStoredRow(outcome.row), cached);
        if (!decoded.ok) return failure(decoded.code, decoded.message, true);
        return ok(this.remember(decoded.value, isLatest));
      }
      case 'plan': return ok(this.remember(outcome.plan, isLatest));
      default: return assertNever(outcome, 'read outcome');
    }
  }

  private remember(plan: Plan, isLatest: boolean): Plan {
    const cached = this.cachedLatest;
    if (isLatest || cached === null || plan.generation > cached.generation) this.cachedLatest = plan;
    return plan;
  }

  /** Call inside the read transaction. Throws RowDecodeError for anything that does not check. */
  private readRows(head: RowMeta, cached: Plan | null): Plan {
    const g = toGeneration(head.generation);
    let endpoints: EndpointPlan[];
    let digest: string;
    if (cached !== null && cached.generation < g && this.storedAsRows(cached)) {
      const changed = readChangedRows(this.db, this.addresses, cached.generation, g, (name) => findEndpoint(cached.endpoints, name));
      const applied = applyChangedRows(cached.endpoints, changed.upserts, changed.ended);
      endpoints = applied.endpoints;
      digest = digestAfter(cached.digest, { upserts: changed.upserts, replaced: applied.replaced });
    } else {
      const newest = prepared<[string], { g: number | null }>(this.db, 'SELECT MAX(generation) AS g FROM plans WHERE encoding = ?').get(ROWS_ENCODING)?.g === g;
      endpoints = readEndpointsAt(this.db, this.addresses, g, newest, cached?.endpoints ?? []);
      digest = planContentDigest(endpoints);
    }
    if (endpoints.length !== head.endpoint_count) throw new RowDecodeError(`${endpoints.length} endpoint rows, but the plan has ${head.endpoint_count}`);
    if (digest !== head.digest) throw new RowDecodeError(`stored digest ${head.digest} but content digests to ${digest}`);
    return { generation: g, digest, createdAtMs: head.created_at_ms, endpoints, note: head.note };
  }

  /** Whether `plan` is still stored, in the row layout, with its digest (its versions are then all there). */
  private storedAsRows(plan: Plan): boolean {
    const row = prepared<[number], { digest: string; encoding: string }>(this.db, 'SELECT digest, encoding FROM plans WHERE generation = ?').get(plan.generation);
    return row !== undefined && row.encoding === ROWS_ENCODING && row.digest === plan.digest;
  }

  /**
   * Runs one database operation (see runWithBusyRetry). A table or column missing from the
   * schema is damage an operator can repair, so it is 'corrupt', not 'unavailable'.
   */
  private async run<T>(what: string, operation: () => T): Promise<Result<T>> {
    const seen: { missing: string | null } = { missing: null };
    const result = await runWithBusyRetry(this.db, this.busyWaitMs, what, () => {
      seen.missing = null;
      try {
        return operation();
      } catch (error: unknown) {
        seen.missing = missingFromSchema(error);
        throw error;
      }
    });
    if (!result.ok && seen.missing !== null) {
      return damaged(`sqlite ${what}: ${seen.missing}. The plan store schema (version ${PLAN_STORE_MIGRATIONS.length}) lacks it; recreate it as ${REPAIR_DOC} shows (no restart needed)`);
    }
    return result;
  }
}

/** SQLite reports a missing table or column only in its message (code SQLITE_ERROR). */
function missingFromSchema(error: unknown): string | null {
  if (error instanceof Database.SqliteError && /^no such (table|column)\b/.test(error.message)) return error.message;
  return null;
}

function damaged(message: string): Failure {
  return failure('corrupt', `plan store damaged: ${message}`, true);
}

/** An ISO timestamp, or the raw number when it is outside what Date can show (an edited row). */
function wallTimeText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms since the epoch` : date.toISOString();
}

/**
 * The diff of `plan` against `base` (a plan this connection created or read and checked), with the
 * canonical checks of assertCanonical done in O(changed): order over the walk, address order of the
 * changed endpoints, and the plan digest as the base's with the changes applied.
 */
function checkedDiff(base: Plan, plan: Plan): PlanDiff {
  assert(plan.generation > 0, `a stored generation must be positive, got ${plan.generation}`);
  assert(Number.isSafeInteger(plan.createdAtMs), `createdAtMs must be an integer, got ${plan.createdAtMs}`);
  const diff = diffPlans(base.endpoints, plan.endpoints);
  for (const endpoint of diff.upserts) {
    for (let j = 1; j < endpoint.addresses.length; j++) {
      assert(compareAddresses(endpoint.addresses[j - 1]!, endpoint.addresses[j]!) <= 0, `plan ${plan.generation}: addresses of ${endpoint.name} not sorted`);
    }
  }
  assert(digestAfter(base.digest, diff) === plan.digest, `plan ${plan.generation}: digest ${plan.digest} does not match its endpoints`);
  return diff;
}

function toStoredRow(row: RowFull): StoredPlanRow {
  return {
    generation: toGeneration(row.generation),
    digest: row.digest,
    createdAtMs: row.created_at_ms,
    note: row.note,
    encoding: row.encoding,
    body: row.body,
  };
}

/**
 * A plan handed to the store must be what `makePlan` produces: endpoints sorted by name, addresses
 * sorted, and a plan digest that sums the endpoint digests. Anything else is a caller bug; storing
 * it would make the row fail its digest check on every later load.
 */
function assertCanonical(plan: Plan): void {
  assert(plan.generation > 0, `a stored generation must be positive, got ${plan.generation}`);
  assert(Number.isSafeInteger(plan.createdAtMs), `createdAtMs must be an integer, got ${plan.createdAtMs}`);
  for (let i = 0; i < plan.endpoints.length; i++) {
    const endpoint = plan.endpoints[i]!;
    if (i > 0) assert(compareNames(plan.endpoints[i - 1]!, endpoint) < 0, `plan ${plan.generation}: endpoints not strictly sorted at ${endpoint.name}`);
    for (let j = 1; j < endpoint.addresses.length; j++) {
      assert(compareAddresses(endpoint.addresses[j - 1]!, endpoint.addresses[j]!) <= 0, `plan ${plan.generation}: addresses of ${endpoint.name} not sorted`);
    }
  }
  assert(planContentDigest(plan.endpoints) === plan.digest, `plan ${plan.generation}: digest ${plan.digest} does not match its endpoints`);
}

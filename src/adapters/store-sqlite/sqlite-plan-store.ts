/**
 * The default PlanStore: plan generations in a SQLite file (better-sqlite3, WAL, synchronous=FULL).
 * Contract: src/core/ports/plan-store.ts, tested by test/contract/plan-store.contract.ts.
 *
 * Conditional create: one IMMEDIATE transaction reads the highest generation ever created (a
 * high-water mark that deletion does not lower) and inserts only above it. IMMEDIATE takes the
 * write lock before the read, so a second connection or process racing on the same file waits
 * and then sees the first one's row: two writers can never both create generation N, and a number
 * once used is never reused with other content (an Enactor that applied the old N would otherwise
 * skip the new N as "already live").
 *
 * `latest()` is called by every Enactor on every tick, and decoding a 100,000-endpoint plan costs
 * far more than a query, so the decoded latest plan is cached. Each call still asks the database
 * for the newest (generation, digest, createdAtMs), so a generation written by another connection
 * or process is noticed on the next call.
 */
import { assert } from '../../core/model/assert.js';
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import { compareAddresses, compareNames, planContentDigest, type Plan } from '../../core/model/plan.js';
import type { GenerationInfo, PlanStore } from '../../core/ports/plan-store.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { decodePlanRow, encodePlanBody, PLAN_ENCODING, type StoredPlanRow } from './plan-codec.js';
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
];

interface RowHead { generation: number; digest: string; created_at_ms: number }
interface RowFull extends RowHead { note: string; encoding: string; body: Buffer }

type CreateOutcome = { readonly kind: 'created' } | { readonly kind: 'exists'; readonly highWater: number };

export class SqlitePlanStore implements PlanStore {
  /** The decoded plan of the newest generation seen, so `latest()` does not decode it again. */
  private cachedLatest: Plan | null = null;

  private constructor(private readonly db: SqliteDatabase, private readonly busyWaitMs: number) {}

  static async open(options: SqliteOpenOptions): Promise<Result<SqlitePlanStore>> {
    const db = await openSqlite(options);
    if (!db.ok) return db;
    const busyWaitMs = options.busyWaitMs ?? BUSY_WAIT_MS_DEFAULT;
    const migrated = await migrate(db.value, busyWaitMs, 'plans', PLAN_STORE_MIGRATIONS);
    if (!migrated.ok) {
      db.value.close();
      return migrated;
    }
    return ok(new SqlitePlanStore(db.value, busyWaitMs));
  }

  /** Closes the connection; every later call fails as 'unavailable'. Idempotent. */
  close(): void {
    if (this.db.open) this.db.close();
    this.cachedLatest = null;
  }

  async latest(): Promise<Result<Plan | null>> {
    return this.readPlan('latest', 'SELECT generation, digest, created_at_ms FROM plans ORDER BY generation DESC LIMIT 1', [], true);
  }

  async highWater(): Promise<Result<Generation>> {
    const row = await this.run('highWater', () => this.db.prepare<[], { value: number }>("SELECT value FROM plan_store_meta WHERE key = 'generation_high_water'").get());
    if (!row.ok) return row;
    return ok(toGeneration(row.value?.value ?? 0));
  }

  async get(generation: Generation): Promise<Result<Plan | null>> {
    return this.readPlan('get', 'SELECT generation, digest, created_at_ms FROM plans WHERE generation = ?', [generation], false);
  }

  async create(plan: Plan): Promise<Result<void>> {
    assertCanonical(plan);
    // Encoding is the slow part; it happens before the write lock is taken.
    const body = encodePlanBody(plan);
    const outcome = await this.run('create', () => this.insertIfAboveHighWater(plan, body));
    if (!outcome.ok) return outcome;
    if (outcome.value.kind === 'exists') {
      return failure('exists', `generation ${plan.generation} is not above the highest generation created so far (${outcome.value.highWater})`, false);
    }
    this.cachedLatest = plan;
    return ok(undefined);
  }

  async list(): Promise<Result<readonly GenerationInfo[]>> {
    const rows = await this.run('list', () => this.db.prepare<[], RowHead>(
      'SELECT generation, digest, created_at_ms FROM plans ORDER BY generation ASC').all());
    if (!rows.ok) return rows;
    return ok(rows.value.map((r) => ({ generation: toGeneration(r.generation), digest: r.digest, createdAtMs: r.created_at_ms })));
  }

  async delete(generation: Generation): Promise<Result<void>> {
    const deleted = await this.run('delete', () => this.db.prepare('DELETE FROM plans WHERE generation = ?').run(generation));
    if (!deleted.ok) return deleted;
    if (this.cachedLatest?.generation === generation) this.cachedLatest = null;
    return ok(undefined);
  }

  private insertIfAboveHighWater(plan: Plan, body: Buffer): CreateOutcome {
    return this.db.transaction((): CreateOutcome => {
      const highWater = this.db.prepare<[], { value: number }>("SELECT value FROM plan_store_meta WHERE key = 'generation_high_water'").get()?.value;
      assert(highWater !== undefined, 'plan_store_meta lacks generation_high_water (schema damaged)');
      if (plan.generation <= highWater) return { kind: 'exists', highWater };
      this.db.prepare('INSERT INTO plans (generation, digest, created_at_ms, note, endpoint_count, encoding, body) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(plan.generation, plan.digest, plan.createdAtMs, plan.note, plan.endpoints.length, PLAN_ENCODING, body);
      this.db.prepare("UPDATE plan_store_meta SET value = ? WHERE key = 'generation_high_water'").run(plan.generation);
      return { kind: 'created' };
    }).immediate();
  }

  /**
   * Reads the row the head query selects and returns its plan: the cached object when it is the
   * same plan, else the decoded row. Head and body are read in one transaction (one snapshot), so
   * a concurrent delete cannot slip between them; decoding happens after the read ends.
   * What `latest` read is always cached (even when it is older than the cached plan: another
   * client deleted the newest); what `get` read is cached only when it is newer.
   */
  private async readPlan(what: string, headSql: string, params: readonly number[], isLatest: boolean): Promise<Result<Plan | null>> {
    const read = await this.run(what, () => this.db.transaction((): { cached: Plan } | RowFull | null => {
      const head = this.db.prepare<unknown[], RowHead>(headSql).get(...params);
      if (head === undefined) return null;
      const cached = this.cachedLatest;
      if (cached !== null && cached.generation === head.generation && cached.digest === head.digest && cached.createdAtMs === head.created_at_ms) {
        return { cached };
      }
      const row = this.db.prepare<[number], RowFull>('SELECT generation, digest, created_at_ms, note, encoding, body FROM plans WHERE generation = ?').get(head.generation);
      assert(row !== undefined, `generation ${head.generation} vanished inside one read transaction`);
      return row;
    }).deferred());
    if (!read.ok) return read;
    if (read.value === null) {
      if (isLatest) this.cachedLatest = null;
      return ok(null);
    }
    if ('cached' in read.value) return ok(read.value.cached);
    const cached = this.cachedLatest;
    const decoded = decodePlanRow(toStoredRow(read.value), cached);
    if (!decoded.ok) return decoded;
    if (isLatest || cached === null || decoded.value.generation > cached.generation) this.cachedLatest = decoded.value;
    return decoded;
  }

  private run<T>(what: string, operation: () => T): Promise<Result<T>> {
    return runWithBusyRetry(this.db, this.busyWaitMs, what, operation);
  }
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

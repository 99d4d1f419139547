/**
 * Where plan generations live. Small on purpose so that SQLite, etcd and the simulator's
 * in-memory store can all implement it with the same contract (test/contract/plan-store.ts).
 *
 * Contract:
 * - `create` is conditional: it succeeds only if no plan with that generation exists and the
 *   generation is above every stored one; otherwise it fails with code 'exists' (not retryable
 *   as is: the caller re-reads and renumbers). Two Planners racing cannot both create N.
 * - `latest` returns the highest stored generation (or null when empty).
 * - `highWater` returns the highest generation ever created, even if since deleted: numbers are
 *   never reused (an Enactor that applied an old N would skip a new N as "already live"), so the
 *   Planner numbers above it.
 * - `delete` of a missing generation succeeds (idempotent).
 * - Unavailability is a retryable Failure with code 'unavailable', never an exception. A damaged
 *   store (missing tables or rows, undecodable plans) is a Failure with code 'corrupt' (retryable:
 *   an operator may repair it while dnsplane runs), never an exception or an assertion.
 * - Planner fencing (ARCHITECTURE §7): `acquireLease(holder, ttlMs)` grants the Planner lease to
 *   `holder` when it is free, expired or already held by `holder` (a renewal). A grant to a new
 *   holder carries a fencing token greater than every token granted before; a renewal keeps the
 *   token. `create(plan, token)` succeeds only while `token` is the newest token granted, so a
 *   paused old leader whose lease passed to another Planner cannot write (code 'fenced', not
 *   retryable as is). A held lease fails with code 'held' (retryable: it may expire).
 */
import type { EndpointName, Generation } from '../model/ids.js';
import type { Plan } from '../model/plan.js';
import type { Result } from './result.js';

export interface GenerationInfo {
  readonly generation: Generation;
  readonly digest: string;
  readonly createdAtMs: number;
}

export interface LeaseGrant {
  readonly holder: string;
  /** The fencing token `create` must carry. */
  readonly token: number;
  /** The lease lasts `ttlMs` from the grant (measured by the store). */
  readonly ttlMs: number;
}

/** What `changedSince` answers: the latest plan and what changed in it since an earlier generation. */
export interface PlanChanges {
  /** The latest stored plan. */
  readonly plan: Plan;
  /** The earlier generation the changes are counted from. */
  readonly since: Generation;
  /** Sorted, unique: every endpoint added, removed or changed after `since` up to `plan.generation`. */
  readonly changed: readonly EndpointName[];
}

/**
 * What `lastChangesSince` answers: for every endpoint that any generation after `since` up to
 * `latest` added, removed or gave other records, the newest such generation. Unlike
 * `changedSince` (the net difference of two plans), an endpoint changed and changed back in
 * between is listed: an Enactor leaves a fence behind only where no plan in between differs.
 */
export interface LastChanges {
  readonly since: Generation;
  readonly latest: Generation;
  readonly changes: ReadonlyMap<EndpointName, Generation>;
}

export interface PlanStore {
  acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>>;
  latest(): Promise<Result<Plan | null>>;
  /** The highest generation ever created (0 for a new store). */
  highWater(): Promise<Result<Generation>>;
  get(generation: Generation): Promise<Result<Plan | null>>;
  /** Conditional on the generation (above every one created) and on the fencing token (the newest granted). */
  create(plan: Plan, token: number): Promise<Result<void>>;
  /** Ascending by generation. */
  list(): Promise<Result<readonly GenerationInfo[]>>;
  delete(generation: Generation): Promise<Result<void>>;
  /** Optional (see the contract above): null when the store cannot tell; the caller then diffs the plans. */
  changedSince?(since: Generation): Promise<Result<PlanChanges | null>>;
  /**
   * Optional: null when the store cannot tell — `since` not stored, or not every number between it
   * and the latest stored (a deletion, or a jump in numbering after a restore: plans of another
   * lineage may have existed there). The caller then treats every endpoint as changed.
   */
  lastChangesSince?(since: Generation): Promise<Result<LastChanges | null>>;
}

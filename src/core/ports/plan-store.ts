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
 * - Unavailability is a retryable Failure with code 'unavailable', never an exception.
 */
import type { Generation } from '../model/ids.js';
import type { Plan } from '../model/plan.js';
import type { Result } from './result.js';

export interface GenerationInfo {
  readonly generation: Generation;
  readonly digest: string;
  readonly createdAtMs: number;
}

export interface PlanStore {
  latest(): Promise<Result<Plan | null>>;
  /** The highest generation ever created (0 for a new store). */
  highWater(): Promise<Result<Generation>>;
  get(generation: Generation): Promise<Result<Plan | null>>;
  create(plan: Plan): Promise<Result<void>>;
  /** Ascending by generation. */
  list(): Promise<Result<readonly GenerationInfo[]>>;
  delete(generation: Generation): Promise<Result<void>>;
}

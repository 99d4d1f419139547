/**
 * Where operator controls live (port). Implementations: adapters/controls-memory (tests, the
 * simulator) and adapters/store-sqlite (the running process), both held to one contract suite
 * (test/contract/control-store.contract.ts). Unavailability is a retryable Failure, as for plans.
 */
import type { Result } from './result.js';
import type { ControlKind, OperatorControl } from '../safety/operator-controls.js';

export interface ControlStore {
  /** Every stored control, expired or not, oldest first (expired ones are history until pruned). */
  list(): Promise<Result<readonly OperatorControl[]>>;
  /** Fails with code 'exists' if a control with this id is stored. */
  add(control: OperatorControl): Promise<Result<void>>;
  /** Removes the controls of this kind and exact target; returns the ones removed. */
  remove(kind: ControlKind, target: string): Promise<Result<readonly OperatorControl[]>>;
  /** Deletes controls that expired before `beforeMs`. */
  prune(beforeMs: number): Promise<Result<number>>;
}

/** ControlStore in memory: for tests and the simulator; same contract as the SQLite store. */
import type { ControlStore } from '../../core/ports/control-store.js';
import type { ControlKind, OperatorControl } from '../../core/safety/operator-controls.js';
import { failure, ok, type Result } from '../../core/ports/result.js';

export class MemoryControlStore implements ControlStore {
  private readonly controls: OperatorControl[] = [];

  async list(): Promise<Result<readonly OperatorControl[]>> {
    return ok([...this.controls]);
  }

  async add(control: OperatorControl): Promise<Result<void>> {
    if (this.controls.some((c) => c.id === control.id)) return failure('exists', `control ${control.id} exists`, false);
    this.controls.push(control);
    return ok(undefined);
  }

  async remove(kind: ControlKind, target: string): Promise<Result<readonly OperatorControl[]>> {
    const removed = this.controls.filter((c) => c.kind === kind && c.target === target);
    for (const control of removed) this.controls.splice(this.controls.indexOf(control), 1);
    return ok(removed);
  }

  async prune(beforeMs: number): Promise<Result<number>> {
    const expired = this.controls.filter((c) => c.expiresAtMs !== null && c.expiresAtMs < beforeMs);
    for (const control of expired) this.controls.splice(this.controls.indexOf(control), 1);
    return ok(expired.length);
  }
}

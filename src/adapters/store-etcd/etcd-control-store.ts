/**
 * Operator controls (freezes, overrides, adoptions) on etcd, so that every process of a
 * distributed deployment (Planners, every zone's Enactor) reads the same ones. Contract:
 * src/core/ports/control-store.ts, the same suite as memory and SQLite.
 *
 *     P controls/<id>   the control as JSON; `add` is a txn on the key being absent
 *
 * Oldest first is the order they were added in: etcd's create revision.
 */
import type { ControlKind, OperatorControl } from '../../core/safety/operator-controls.js';
import type { ControlStore } from '../../core/ports/control-store.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { compare, op, type EtcdConnection, type KeyValue } from './etcd-connection.js';

const CONTROLS_PREFIX = 'controls/';
/** A Record so that a new kind fails to compile here until it is listed. */
const CONTROL_KINDS: Readonly<Record<ControlKind, true>> = { 'velocity-override': true, failback: true, freeze: true, adopt: true };

export class EtcdControlStore implements ControlStore {
  constructor(private readonly etcd: EtcdConnection) {}

  async list(): Promise<Result<readonly OperatorControl[]>> {
    const read = await this.read();
    return read.ok ? ok(read.value.map((entry) => entry.control)) : read;
  }

  async add(control: OperatorControl): Promise<Result<void>> {
    const key = this.etcd.key(CONTROLS_PREFIX + control.id);
    const written = await this.etcd.txn('add control', [compare.absent(key)], [op.put(key, JSON.stringify(control))]);
    if (!written.ok) return written;
    return written.value.succeeded ? ok(undefined) : failure('exists', `a control with id ${control.id} is stored`, false);
  }

  async remove(kind: ControlKind, target: string): Promise<Result<readonly OperatorControl[]>> {
    return this.removeWhere((c) => c.kind === kind && c.target === target);
  }

  async prune(beforeMs: number): Promise<Result<number>> {
    const removed = await this.removeWhere((c) => c.expiresAtMs !== null && c.expiresAtMs < beforeMs);
    return removed.ok ? ok(removed.value.length) : removed;
  }

  /** Deletes each match only if it is unchanged since read (mod revision), in one txn. */
  private async removeWhere(matches: (control: OperatorControl) => boolean): Promise<Result<readonly OperatorControl[]>> {
    const read = await this.read();
    if (!read.ok) return read;
    const doomed = read.value.filter((entry) => matches(entry.control));
    if (doomed.length === 0) return ok([]);
    const removed = await this.etcd.txn('remove controls', doomed.map((e) => compare.modRevision(e.kv.key, e.kv.mod_revision)), doomed.map((e) => op.delete(e.kv.key)));
    if (!removed.ok) return removed;
    if (!removed.value.succeeded) return failure('unavailable', 'controls changed while being removed; retry', true);
    return ok(doomed.map((e) => e.control));
  }

  private async read(): Promise<Result<readonly { control: OperatorControl; kv: KeyValue }[]>> {
    const read = await this.etcd.rangePrefix('list controls', CONTROLS_PREFIX, false);
    if (!read.ok) return read;
    const entries: { control: OperatorControl; kv: KeyValue }[] = [];
    for (const kv of read.value) {
      const control = parseControl(kv.value);
      if (control === null) return failure('corrupt', `control ${kv.key.toString('utf8')} does not decode; delete it with etcdctl del`, true);
      entries.push({ control, kv });
    }
    entries.sort((a, b) => Number(a.kv.create_revision) - Number(b.kv.create_revision));
    return ok(entries);
  }
}

function parseControl(value: Buffer): OperatorControl | null {
  try {
    const c = JSON.parse(value.toString('utf8')) as Partial<OperatorControl> | null;
    if (c === null || typeof c.id !== 'string' || typeof c.kind !== 'string' || !Object.hasOwn(CONTROL_KINDS, c.kind)) return null;
    if (typeof c.target !== 'string' || typeof c.reason !== 'string' || typeof c.by !== 'string' || !Number.isSafeInteger(c.createdAtMs)) return null;
    if (c.expiresAtMs !== null && !Number.isSafeInteger(c.expiresAtMs)) return null;
    return { id: c.id, kind: c.kind, target: c.target, reason: c.reason, by: c.by, createdAtMs: c.createdAtMs as number, expiresAtMs: c.expiresAtMs as number | null };
  } catch {
    return null;
  }
}

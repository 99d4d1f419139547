/**
 * Operator controls in the simulator: one list shared by every simulated process, as the control
 * store is shared in production, read synchronously through the assembly's ControlsView. Ids are
 * counted (not random UUIDs) so a seed fixes the trace. Every control is also kept with its span in
 * virtual time, for the checkers: they judge what was in force when, from outside, on true time.
 */
import type { ControlsView } from '../../app/assembly.js';
import type { ControlKind, OperatorControl } from '../../core/safety/operator-controls.js';

export interface ControlSpan {
  readonly kind: ControlKind;
  readonly target: string;
  readonly fromMs: number;
  toMs: number;
}

export class SimControls implements ControlsView {
  private list: OperatorControl[] = [];
  private readonly history: ControlSpan[] = [];
  private idNext = 1;

  constructor(private readonly virtualMs: () => number, private readonly operatorWallMs: () => number) {}

  current(): readonly OperatorControl[] {
    return this.list;
  }

  async refresh(): Promise<void> {}

  /** Places a control as an operator would (`dnsplane freeze|override|adopt`): wall timestamps from the operator's clock. */
  add(kind: ControlKind, target: string, reason: string, ttlMs?: number): OperatorControl {
    const createdAtMs = this.operatorWallMs();
    const control: OperatorControl = {
      id: `op-${this.idNext++}`, kind, target, reason, by: 'sim-operator', createdAtMs, expiresAtMs: ttlMs === undefined ? null : createdAtMs + ttlMs,
    };
    this.list = [...this.list, control];
    const fromMs = this.virtualMs();
    this.history.push({ kind, target, fromMs, toMs: ttlMs === undefined ? Number.POSITIVE_INFINITY : fromMs + ttlMs });
    return control;
  }

  lift(kind: ControlKind, target: string): number {
    const removed = this.list.filter((c) => c.kind === kind && c.target === target);
    this.list = this.list.filter((c) => !removed.includes(c));
    const now = this.virtualMs();
    for (const span of this.history) if (span.kind === kind && span.target === target && span.toMs > now) span.toMs = now;
    return removed.length;
  }

  liftAll(kind: ControlKind): void {
    for (const target of new Set(this.list.filter((c) => c.kind === kind).map((c) => c.target))) this.lift(kind, target);
  }

  /** Whether a control of `kind` covering `endpoint` was in force at virtual `atMs`. */
  inForce(kind: ControlKind, endpoint: string, atMs: number): boolean {
    return this.history.some((s) => s.kind === kind && (s.target === endpoint || (s.target === '*' && kind !== 'adopt')) && atMs >= s.fromMs && atMs < s.toMs);
  }

  spans(kind: ControlKind): readonly ControlSpan[] {
    return this.history.filter((s) => s.kind === kind);
  }
}

/** All the checkers of one run, fed from one place. */
import { CleanerSafetyChecker } from './cleaner-safety.js';
import { checkConvergence, type ConvergenceExpectation } from './convergence.js';
import { LiveTable } from './live-table.js';
import { NeverEmptyChecker } from './never-empty.js';
import { NoRegressionChecker } from './no-regression.js';
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';
import { VelocityChecker, type VelocityLimit, type VelocityOverride } from './velocity.js';

export interface CheckerSuiteOptions {
  readonly seed: number;
  readonly velocityLimit: VelocityLimit | null;
  readonly velocityOverrides?: readonly VelocityOverride[];
}

export class CheckerSuite implements Checker {
  readonly live = new LiveTable();
  readonly neverEmpty: NeverEmptyChecker;
  readonly noRegression: NoRegressionChecker;
  readonly cleanerSafety: CleanerSafetyChecker;
  readonly velocity: VelocityChecker;
  private readonly convergence: Violation[] = [];
  /** Called on every violation as it is found (a run can stop early or note it in the trace). */
  onViolation: (v: Violation) => void = () => {};

  constructor(private readonly options: CheckerSuiteOptions) {
    this.neverEmpty = new NeverEmptyChecker(options.seed);
    this.noRegression = new NoRegressionChecker(options.seed);
    this.cleanerSafety = new CleanerSafetyChecker(options.seed, this.live);
    this.velocity = new VelocityChecker(options.seed, options.velocityLimit, options.velocityOverrides ?? []);
  }

  observeDns(o: DnsObservation): void {
    const before = this.count();
    this.live.update(o);
    this.neverEmpty.observeDns(o);
    this.noRegression.observeDns(o);
    this.velocity.observeDns(o);
    this.reportNew(before);
  }

  observeDeletion(d: GenerationDeletion): void {
    const before = this.count();
    this.cleanerSafety.observeDeletion(d);
    this.reportNew(before);
  }

  checkConvergence(expected: ConvergenceExpectation): boolean {
    const before = this.count();
    const found = checkConvergence(this.options.seed, this.live, expected);
    this.convergence.push(...found);
    this.reportNew(before);
    return found.length === 0;
  }

  violations(): Violation[] {
    return [
      ...this.neverEmpty.violations(), ...this.noRegression.violations(), ...this.cleanerSafety.violations(),
      ...this.velocity.violations(), ...this.convergence,
    ].sort((a, b) => a.atMs - b.atMs);
  }

  private count(): number {
    return this.neverEmpty.violations().length + this.noRegression.violations().length + this.cleanerSafety.violations().length +
      this.velocity.violations().length + this.convergence.length;
  }

  private reportNew(before: number): void {
    if (this.count() === before) return;
    const all = this.violations();
    for (const v of all.slice(before)) this.onViolation(v);
  }
}

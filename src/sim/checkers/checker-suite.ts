/** All the checkers of one run, fed from one place. */
import { CleanerSafetyChecker } from './cleaner-safety.js';
import { checkConvergence, type ConvergenceExpectation } from './convergence.js';
import { FreezeChecker, type FreezeWindow } from './freeze.js';
import { LiveTable } from './live-table.js';
import { NeverEmptyChecker } from './never-empty.js';
import { NoRegressionChecker, type AdoptionInForce } from './no-regression.js';
import type { Checker, DnsObservation, GenerationDeletion, Violation } from './types.js';
import { VelocityChecker, type VelocityLimit, type VelocityOverride } from './velocity.js';

export interface CheckerSuiteOptions {
  readonly seed: number;
  readonly velocityLimit: VelocityLimit | null;
  readonly velocityOverrides?: readonly VelocityOverride[];
  /** Recorded operator overrides in force (virtual time), beyond the fixed list above. */
  readonly velocityOverridden?: (endpoint: string, atMs: number) => boolean;
  /** Failover names: a switch to another region is routing, not velocity (see VelocityChecker). */
  readonly failoverNames?: ReadonlySet<string>;
  readonly adopted?: AdoptionInForce;
  readonly freezes?: () => readonly FreezeWindow[];
  readonly generationCreatedAtMs?: (generation: number) => number | undefined;
  readonly freezeGraceMs?: number;
}

export class CheckerSuite implements Checker {
  readonly live = new LiveTable();
  readonly neverEmpty: NeverEmptyChecker;
  readonly noRegression: NoRegressionChecker;
  readonly cleanerSafety: CleanerSafetyChecker;
  readonly velocity: VelocityChecker;
  readonly freeze: FreezeChecker;
  private readonly convergence: Violation[] = [];
  private counted = 0;
  private readonly reported = new Set<Violation>();
  /** Called on every violation as it is found (a run can stop early or note it in the trace). */
  onViolation: (v: Violation) => void = () => {};

  constructor(private readonly options: CheckerSuiteOptions) {
    this.neverEmpty = new NeverEmptyChecker(options.seed);
    this.noRegression = new NoRegressionChecker(options.seed, options.adopted);
    this.cleanerSafety = new CleanerSafetyChecker(options.seed, this.live);
    this.velocity = new VelocityChecker(options.seed, options.velocityLimit, options.velocityOverrides ?? [], 60_000, options.velocityOverridden, options.failoverNames);
    this.freeze = new FreezeChecker(options.seed, options.freezes ?? (() => []), options.generationCreatedAtMs ?? (() => undefined), options.freezeGraceMs ?? 0);
  }

  observeDns(o: DnsObservation): void {
    this.live.update(o);
    this.neverEmpty.observeDns(o);
    this.noRegression.observeDns(o);
    this.velocity.observeDns(o);
    this.freeze.observeDns(o);
    this.reportNew();
  }

  observeDeletion(d: GenerationDeletion): void {
    this.cleanerSafety.observeDeletion(d);
    this.reportNew();
  }

  checkConvergence(expected: ConvergenceExpectation): boolean {
    const found = checkConvergence(this.options.seed, this.live, expected);
    this.convergence.push(...found);
    this.reportNew();
    return found.length === 0;
  }

  violations(): Violation[] {
    return this.all().sort((a, b) => a.atMs - b.atMs);
  }

  private all(): Violation[] {
    return [
      ...this.neverEmpty.violations(), ...this.noRegression.violations(), ...this.cleanerSafety.violations(),
      ...this.velocity.violations(), ...this.freeze.violations(), ...this.convergence,
    ];
  }

  private count(): number {
    return this.neverEmpty.violations().length + this.noRegression.violations().length + this.cleanerSafety.violations().length +
      this.velocity.violations().length + this.freeze.violations().length + this.convergence.length;
  }

  /** Reports every violation found since the last call, each once. */
  private reportNew(): void {
    const now = this.count();
    if (now === this.counted) return;
    this.counted = now;
    for (const v of this.all()) {
      if (this.reported.has(v)) continue;
      this.reported.add(v);
      this.onViolation(v);
    }
  }
}

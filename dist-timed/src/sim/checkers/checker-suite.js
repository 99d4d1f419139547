/** All the checkers of one run, fed from one place. */
import { CleanerSafetyChecker } from './cleaner-safety.js';
import { checkConvergence } from './convergence.js';
import { FreezeChecker } from './freeze.js';
import { LiveTable } from './live-table.js';
import { NeverEmptyChecker } from './never-empty.js';
import { NoRegressionChecker } from './no-regression.js';
import { VelocityChecker } from './velocity.js';
export class CheckerSuite {
    options;
    live = new LiveTable();
    neverEmpty;
    noRegression;
    cleanerSafety;
    velocity;
    freeze;
    convergence = [];
    counted = 0;
    reported = new Set();
    /** Called on every violation as it is found (a run can stop early or note it in the trace). */
    onViolation = () => { };
    constructor(options) {
        this.options = options;
        this.neverEmpty = new NeverEmptyChecker(options.seed);
        this.noRegression = new NoRegressionChecker(options.seed, options.adopted);
        this.cleanerSafety = new CleanerSafetyChecker(options.seed, this.live);
        this.velocity = new VelocityChecker(options.seed, options.velocityLimit, options.velocityOverrides ?? [], 60_000, options.velocityOverridden, options.failoverNames);
        this.freeze = new FreezeChecker(options.seed, options.freezes ?? (() => []), options.generationCreatedAtMs ?? (() => undefined), options.freezeGraceMs ?? 0);
    }
    observeDns(o) {
        this.live.update(o);
        this.neverEmpty.observeDns(o);
        this.noRegression.observeDns(o);
        this.velocity.observeDns(o);
        this.freeze.observeDns(o);
        this.reportNew();
    }
    observeDeletion(d) {
        this.cleanerSafety.observeDeletion(d);
        this.reportNew();
    }
    checkConvergence(expected) {
        const found = checkConvergence(this.options.seed, this.live, expected);
        this.convergence.push(...found);
        this.reportNew();
        return found.length === 0;
    }
    violations() {
        return this.all().sort((a, b) => a.atMs - b.atMs);
    }
    all() {
        return [
            ...this.neverEmpty.violations(), ...this.noRegression.violations(), ...this.cleanerSafety.violations(),
            ...this.velocity.violations(), ...this.freeze.violations(), ...this.convergence,
        ];
    }
    count() {
        return this.neverEmpty.violations().length + this.noRegression.violations().length + this.cleanerSafety.violations().length +
            this.velocity.violations().length + this.freeze.violations().length + this.convergence.length;
    }
    /** Reports every violation found since the last call, each once. */
    reportNew() {
        const now = this.count();
        if (now === this.counted)
            return;
        this.counted = now;
        for (const v of this.all()) {
            if (this.reported.has(v))
                continue;
            this.reported.add(v);
            this.onViolation(v);
        }
    }
}
//# sourceMappingURL=checker-suite.js.map
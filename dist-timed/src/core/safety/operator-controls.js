export const ALL_ENDPOINTS = '*';
/**
 * A stored control is in force until it expires. Its creation time is not compared with this
 * process's wall clock: the operator's clock and ours may disagree (a step back, a skewed host),
 * and a recorded freeze must hold from the moment it is read, not from when our clock catches up.
 */
export function isActive(control, nowMs) {
    return control.expiresAtMs === null || nowMs < control.expiresAtMs;
}
/**
 * Controls that lift a protection (velocity, manual failback, a foreign fence): ending one late
 * is the unsafe side. Each process ends them this much early, so that a wall clock up to this
 * far behind the operator's does not stretch them.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5_000;
const LIFTS_A_PROTECTION = new Set(['velocity-override', 'failback', 'adopt']);
/**
 * When a process holds controls in force. The expiry an operator set is a wall-clock instant on
 * the operator's clock; this process's wall clock may be stepped or skewed against it, and it
 * reads controls at an interval (or only after a store outage). So:
 *
 * - A control that lifts a protection is in force while this wall clock has not reached its
 *   expiry AND its monotonic budget lasts: its TTL, less the age it already had when first seen
 *   here, less CLOCK_SKEW_ALLOWANCE_MS. A late read does not stretch it; a clock stepped back
 *   cannot stretch it (the budget is monotonic), one stepped forward can only end it early. A
 *   clock that reads before the control's creation cannot tell its age: the control is not in
 *   force here until it can.
 * - A freeze with an expiry holds for its TTL of monotonic time from when it was first seen
 *   (never ending before the operator meant it to; at most the read delay after).
 * - A freeze without an expiry holds from the moment it is read until it is lifted.
 */
export class ControlTimer {
    clock;
    /** Per control id: the monotonic instant at which its budget runs out. */
    endsAtMs = new Map();
    constructor(clock) {
        this.clock = clock;
    }
    inForce(controls) {
        const monotonicMs = this.clock.monotonicMs();
        const wallMs = this.clock.nowMs();
        const listed = new Set();
        const kept = controls.filter((control) => {
            listed.add(control.id);
            const expiresAtMs = control.expiresAtMs;
            if (expiresAtMs === null)
                return true;
            const endsAtMs = this.endsAtMs.get(control.id) ?? this.budget(control.kind, control.createdAtMs, expiresAtMs, wallMs, monotonicMs);
            if (endsAtMs === null)
                return false;
            this.endsAtMs.set(control.id, endsAtMs);
            if (!LIFTS_A_PROTECTION.has(control.kind))
                return monotonicMs < endsAtMs;
            return wallMs < expiresAtMs && monotonicMs < endsAtMs;
        });
        for (const id of this.endsAtMs.keys())
            if (!listed.has(id))
                this.endsAtMs.delete(id);
        return ActiveControls.of(kept);
    }
    /** The monotonic end of an expiring control first seen now (null: its age cannot be told yet). */
    budget(kind, createdAtMs, expiresAtMs, wallMs, monotonicMs) {
        const ttlMs = expiresAtMs - createdAtMs;
        if (!LIFTS_A_PROTECTION.has(kind))
            return monotonicMs + ttlMs;
        const ageWhenSeenMs = wallMs - createdAtMs;
        if (ageWhenSeenMs < 0)
            return null;
        return monotonicMs + ttlMs - ageWhenSeenMs - CLOCK_SKEW_ALLOWANCE_MS;
    }
}
/** The controls in force at one instant, with lookups the Planner's guards use. */
export class ActiveControls {
    active;
    constructor(controls, nowMs) {
        this.active = controls.filter((c) => isActive(c, nowMs));
    }
    /** Controls already judged in force (by a ControlTimer). */
    static of(inForce) {
        return new ActiveControls(inForce, Number.NEGATIVE_INFINITY);
    }
    all() {
        return this.active;
    }
    find(kind, endpoint) {
        return this.active.find((c) => c.kind === kind && (c.target === endpoint || c.target === ALL_ENDPOINTS));
    }
    velocityOverride(endpoint) {
        return this.find('velocity-override', endpoint);
    }
    freeze(endpoint) {
        return this.find('freeze', endpoint);
    }
    /** Adoption is per endpoint only: `*` never adopts (see problemWith in app/operator-controls). */
    adoption(endpoint) {
        return this.active.find((c) => c.kind === 'adopt' && c.target === endpoint);
    }
    failbackApproval(endpoint) {
        return this.find('failback', endpoint);
    }
}
export function describeControl(control) {
    const until = control.expiresAtMs === null ? 'until lifted' : `until ${control.expiresAtMs}`;
    return `${control.kind} of ${control.target} by ${control.by} (${until}): ${control.reason}`;
}
//# sourceMappingURL=operator-controls.js.map
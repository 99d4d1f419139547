/**
 * Operator controls in the running process: overrides and freezes kept in the ControlStore (SQLite,
 * so they survive restarts), cached for the Planner (which reads them synchronously at each tick),
 * and every change recorded as an event with who did it and why.
 */
import { randomUUID } from 'node:crypto';
import { failure, ok } from '../core/ports/result.js';
import { ALL_ENDPOINTS, describeControl, isActive } from '../core/safety/operator-controls.js';
export const CONTROL_KINDS = ['velocity-override', 'failback', 'freeze', 'adopt'];
/** An override must expire: at most a day, so that none is forgotten in place. */
export const OVERRIDE_TTL_MS_MAX = 86_400_000;
export const CONTROLS_IN_FORCE_MAX_DEFAULT = 200;
export const CONTROL_REASON_CHARS_MAX = 1024;
export const CONTROL_BY_CHARS_MAX = 128;
export class OperatorControls {
    store;
    clock;
    events;
    knownNames;
    onChange;
    controlsMax;
    cached = [];
    constructor(store, clock, events, knownNames, onChange, 
    /** Controls in force at once (config http.controlsMax): a bound on what status and every tick carry. */
    controlsMax = CONTROLS_IN_FORCE_MAX_DEFAULT) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.knownNames = knownNames;
        this.onChange = onChange;
        this.controlsMax = controlsMax;
    }
    /** What the Planner reads: the last list loaded (refresh() before each tick). */
    current() {
        return this.cached;
    }
    active() {
        const now = this.clock.nowMs();
        return this.cached.filter((c) => isActive(c, now));
    }
    /** Reloads from the store; on failure the last list stays in force (static stability). */
    async refresh() {
        const listed = await this.store.list();
        if (listed.ok)
            this.cached = listed.value;
    }
    async add(request) {
        const problem = this.problemWith(request);
        if (problem !== null)
            return failure('invalid', problem, false);
        if (this.active().length >= this.controlsMax)
            return failure('limit', `${this.controlsMax} controls are in force already (http.controlsMax); lift one first`, false);
        const now = this.clock.nowMs();
        const control = {
            id: randomUUID(), kind: request.kind, target: normalizeTarget(request.target), reason: request.reason, by: request.by,
            createdAtMs: now, expiresAtMs: request.ttlMs === undefined ? null : now + request.ttlMs,
        };
        const added = await this.store.add(control);
        if (!added.ok)
            return added;
        this.events.record({
            atMs: now, kind: control.kind === 'freeze' ? 'freeze.started' : control.kind === 'adopt' ? 'adopt.requested' : 'override.created', actor: `operator:${control.by}`,
            ...(control.target === ALL_ENDPOINTS ? {} : { endpoint: control.target }), reason: describeControl(control),
        });
        await this.refresh();
        this.onChange();
        return ok(control);
    }
    async remove(kind, target, by) {
        const removed = await this.store.remove(kind, normalizeTarget(target));
        if (!removed.ok)
            return removed;
        const now = this.clock.nowMs();
        for (const control of removed.value) {
            this.events.record({
                atMs: now, kind: kind === 'freeze' ? 'freeze.ended' : 'override.removed', actor: `operator:${by}`,
                ...(control.target === ALL_ENDPOINTS ? {} : { endpoint: control.target }), reason: `lifted: ${describeControl(control)}`,
            });
        }
        await this.refresh();
        this.onChange();
        return removed;
    }
    problemWith(request) {
        if (!CONTROL_KINDS.includes(request.kind))
            return `kind must be one of ${CONTROL_KINDS.join(', ')}`;
        if (request.reason.trim().length === 0)
            return 'a reason is required (it is recorded)';
        if (request.reason.length > CONTROL_REASON_CHARS_MAX)
            return `a reason is at most ${CONTROL_REASON_CHARS_MAX} characters`;
        if (request.by.length > CONTROL_BY_CHARS_MAX)
            return `who is acting (by) is at most ${CONTROL_BY_CHARS_MAX} characters`;
        if (request.by.trim().length === 0)
            return 'who is acting (by) is required';
        const target = normalizeTarget(request.target);
        if (target !== ALL_ENDPOINTS && !this.knownNames.has(target))
            return `no endpoint '${request.target}' in this configuration`;
        if (request.kind === 'adopt' && target === ALL_ENDPOINTS)
            return 'adopt names one endpoint (never *): each adoption overwrites a fence that is not ours';
        if (request.kind === 'freeze')
            return request.ttlMs === undefined ? null : 'a freeze lasts until lifted (no ttl)';
        if (request.ttlMs === undefined || !Number.isSafeInteger(request.ttlMs) || request.ttlMs <= 0 || request.ttlMs > OVERRIDE_TTL_MS_MAX) {
            return `an override needs a ttl between 1 ms and ${OVERRIDE_TTL_MS_MAX} ms`;
        }
        return null;
    }
}
function normalizeTarget(target) {
    if (target === ALL_ENDPOINTS)
        return target;
    const lower = target.toLowerCase();
    return lower.endsWith('.') ? lower : `${lower}.`;
}
//# sourceMappingURL=operator-controls.js.map
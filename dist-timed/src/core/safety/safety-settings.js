/**
 * The Planner's safety settings (issue 5): how much a health signal is allowed to take away.
 * Each one bounds a failure seen in the 2025 event: checks failing for the wrong reason (fail-open),
 * capacity draining faster than anyone could react (velocity), whole zones failed over (minZones).
 */
import { assert } from '../model/assert.js';
export const DEFAULT_SAFETY_SETTINGS = {
    panicThreshold: 0.5,
    velocity: { maxShare: 0.25, windowMs: 300_000 },
    minZones: 2,
    zoneUnhealthyShare: 0.5,
};
export function assertSafetySettings(settings) {
    assert(settings.panicThreshold > 0 && settings.panicThreshold <= 1, `panicThreshold must be in (0, 1], got ${settings.panicThreshold}`);
    assert(settings.minZones >= 1, `minZones must be at least 1, got ${settings.minZones}`);
    assert(settings.zoneUnhealthyShare > 0 && settings.zoneUnhealthyShare <= 1, `zoneUnhealthyShare must be in (0, 1], got ${settings.zoneUnhealthyShare}`);
    if (settings.velocity !== null) {
        assert(settings.velocity.maxShare > 0 && settings.velocity.maxShare <= 1, `velocity.maxShare must be in (0, 1], got ${settings.velocity.maxShare}`);
        assert(settings.velocity.windowMs > 0, `velocity.windowMs must be positive, got ${settings.velocity.windowMs}`);
    }
}
//# sourceMappingURL=safety-settings.js.map
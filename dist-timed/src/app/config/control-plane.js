/** The Planner lease lasts this many Planner intervals (renewed every tick). */
export const PLANNER_LEASE_INTERVALS = 10;
export function controlPlaneSettings(config) {
    return {
        fleet: config.fleet, checks: config.checks, enactors: config.enactors, health: config.health,
        planner: config.planner, enactor: config.enactor, cleaner: config.cleaner, safety: config.safety,
    };
}
//# sourceMappingURL=control-plane.js.map
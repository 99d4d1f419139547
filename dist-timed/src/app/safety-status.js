export function buildSafetyStatus(sources) {
    const held = [...sources.health.details()].filter(([, d]) => d.held)
        .map(([id, d]) => ({ id, publishedHealthy: d.healthy, verdictHealthy: d.verdict, heldUntilMs: d.heldUntilMs }));
    const switches = sources.tracker.recentSwitches();
    return {
        settings: sources.config.safety,
        vantagePoints: sources.health.vantageZones(),
        quorum: sources.health.quorumSize(),
        held,
        controls: sources.controls.active(),
        routing: sources.planner.currentRoutes().map((route) => ({
            name: route.name,
            policy: route.policy,
            plannedRegions: route.activeRegions,
            servingRegions: sources.tracker.servingRegions(route.name) ?? [],
            regions: route.regions,
            lastSwitch: switches.filter((s) => s.name === route.name).at(-1) ?? null,
        })),
    };
}
//# sourceMappingURL=safety-status.js.map
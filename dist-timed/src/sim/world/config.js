/** The faults on one Enactor's path at the current virtual time. */
export function enactorFaults(config, enactor, clock) {
    const slowdowns = config.enactorSlowdowns.filter((s) => s.enactor === enactor.id).sort((a, b) => b.fromMs - a.fromMs);
    return () => slowdowns.find((s) => clock.monotonicMs() >= s.fromMs)?.providerFaults ?? enactor.providerFaults;
}
//# sourceMappingURL=config.js.map
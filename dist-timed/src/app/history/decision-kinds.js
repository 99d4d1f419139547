export const DECISION_KINDS = [
    'plan.created', 'plan.unchanged', 'plan.refused', 'plan.renumbered', 'plan.fence-ignored', 'plan.standby',
    'guard.never-empty', 'guard.min-capacity', 'guard.fail-open', 'guard.velocity', 'guard.velocity-override',
    'guard.zone-failover', 'guard.min-zones', 'guard.frozen',
    'enact.applied', 'enact.conflict', 'enact.skipped-newer', 'enact.refused', 'enact.error', 'enact.malformed-fence',
    'enact.foreign-fence', 'enact.adopted', 'enact.divergent', 'enact.write-refused', 'enact.repaired', 'enact.empty-repaired',
    'control-plane.halted', 'clean.deleted',
    'health.transition', 'health.held', 'health.released',
    'override.created', 'override.removed', 'freeze.started', 'freeze.ended', 'adopt.requested',
    'routing.failover', 'routing.failback', 'routing.held',
    'store.unavailable',
];
// A compile error here names the DecisionKind missing from the list above.
const everyKindListed = true;
void everyKindListed;
/**
 * The kinds a `--kind` value selects: an exact kind, or a family written `enact.*` (every kind
 * with that prefix). null when it selects nothing.
 */
export function kindsSelectedBy(pattern) {
    if (pattern.endsWith('.*')) {
        const prefix = pattern.slice(0, -1);
        const family = DECISION_KINDS.filter((kind) => kind.startsWith(prefix));
        return family.length > 0 ? family : null;
    }
    const exact = DECISION_KINDS.find((kind) => kind === pattern);
    return exact === undefined ? null : [exact];
}
//# sourceMappingURL=decision-kinds.js.map
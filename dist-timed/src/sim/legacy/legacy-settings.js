export const DEFAULT_LEGACY_SETTINGS = {
    lockTtlMs: 2_000,
    lockBackoffBaseMs: 500,
    lockBackoffMaxMs: 30_000,
    lockAttemptsMax: 12,
    cleanupGenerationsBehind: 3,
};
//# sourceMappingURL=legacy-settings.js.map
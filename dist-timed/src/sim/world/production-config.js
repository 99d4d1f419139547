import { controlPlaneSettings } from '../../app/config/control-plane.js';
import { formatConfigIssues, validateConfigValue } from '../../app/config/index.js';
import { assert } from '../../core/model/assert.js';
import { DEFAULT_LEGACY_SETTINGS } from '../legacy/legacy-settings.js';
import { NO_LATENCY } from '../faults/latency.js';
import { NO_PROVIDER_FAULTS } from '../faults/sim-dns-provider.js';
import { NO_STORE_FAULTS } from '../faults/sim-plan-store.js';
/** Safety turned off by name (the incident replay models the 2025 system, which had none). */
export const SAFETY_OFF_FOR_REPLAY = { panicThreshold: 1, velocity: { maxShare: 1 }, minZones: 1, zoneUnhealthyShare: 1 };
export function productionSettings(raw) {
    const result = validateConfigValue({ region: 'us-east-1', ...raw }, '(simulator)');
    // The simulator writes these configs itself: one that does not validate is a simulator bug.
    assert(result.ok, `simulator config does not validate:\n${result.ok ? '' : formatConfigIssues(result.errors)}`);
    return { settings: controlPlaneSettings(result.config), zone: result.config.zone };
}
/** A health check per load balancer that the simulated prober answers (`tcp: <id>:1`). */
export function simCheck(id) {
    return { tcp: `${id}:1` };
}
/** A SimConfig without faults around a production config; scenarios and the explorer start here. */
export function baseSimConfig(seed, protocol, raw) {
    const { settings, zone } = productionSettings(raw);
    return {
        seed, protocol, controlPlane: settings, zoneOrigin: zone,
        enactors: settings.enactors.map((id) => ({ id, providerFaults: NO_PROVIDER_FAULTS, clockSkewMs: 0 })),
        providerIds: ['dns-a'], writesPerTransactionMax: 1,
        controlPlaneProviderFaults: NO_PROVIDER_FAULTS, storeFaults: NO_STORE_FAULTS, probeLatency: { ...NO_LATENCY, baseMs: 10 },
        legacy: DEFAULT_LEGACY_SETTINGS, actions: [], enactorSlowdowns: [], secondPlanner: false,
        safetyMs: 30_000, livenessMs: 60_000, skipFence: false, eventsMax: 2_000_000, stopAtFirstViolation: false, recordTimeline: false,
    };
}
//# sourceMappingURL=production-config.js.map
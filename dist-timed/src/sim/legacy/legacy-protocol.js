/**
 * The legacy protocol plugged into the shared world: one zone, legacy Enactors, no Cleaner. The
 * Planner is the production one (the world builds it through the assembly); the legacy Enactors
 * run on the same virtual Scheduler as ours, at the configured Enactor interval.
 */
import { virtualScheduler } from '../clock/virtual-scheduler.js';
import { enactorFaults } from '../world/config.js';
import { LegacyEnactor } from './legacy-enactor.js';
import { LegacyZoneClient } from './legacy-zone-client.js';
import { LEGACY_PROVIDER, LegacyZone } from './legacy-zone.js';
export function legacyDriver(world) {
    const config = world.config;
    const zone = new LegacyZone(() => world.clock.virtualMs, {
        observeDns: (o) => world.observe(o),
        observeDeletion: (d) => world.checkers.observeDeletion(d),
    });
    return {
        providerNames: [LEGACY_PROVIDER],
        zones: new Map(),
        plannerProviders: () => [],
        registerProcesses(table) {
            for (const enactor of config.enactors) {
                const name = `enactor:${enactor.id}`;
                table.register(name, (gate, random) => {
                    const clock = gate.clock(world.processClock(name));
                    const client = new LegacyZoneClient(zone, gate.clock(world.clock), random, enactorFaults(config, enactor, world.clock), world.faultSwitch);
                    const legacy = new LegacyEnactor({
                        id: enactor.id, store: gate.store(world.store), zone: client, clock, random, settings: config.legacy, note: (t) => world.trace.note(t),
                    });
                    const task = virtualScheduler(clock).every(name, config.controlPlane.enactor.intervalMs, () => legacy.tick(), (_task, error) => world.reportCrash(name, error));
                    // The 2025 Enactors were not kicked by new plans: each walked on its own schedule.
                    gate.whenCrashed(() => void task.stop());
                    task.start();
                });
            }
        },
        operatorRepair(newest) {
            for (const endpoint of newest.endpoints) {
                const view = zone.read(endpoint.name);
                if (view.active !== null && view.activeTreeExists)
                    continue;
                zone.writeTree(endpoint.name, newest.generation, { ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses });
                zone.repair(endpoint.name, newest.generation);
                world.trace.note(`operator: ${endpoint.name} repaired by hand to g${newest.generation}`);
            }
        },
    };
}
//# sourceMappingURL=legacy-protocol.js.map
/**
 * Our protocol in the simulator: the production Enactors and Cleaner (src/core), built by the one
 * assembly (app/assembly.ts) and scheduled as `dnsplane up` schedules them, on simulated ports.
 * Nothing here re-implements protocol logic; it only wires ports:
 *
 *   Enactor ──gate──► SimDnsProvider (this Enactor's faults) ──► [sabotage] ──► EmbeddedDnsProvider
 *                                                                              over an in-memory ZoneStore
 *                                                                              (one per provider id, shared)
 *
 * Fences round-trip through the embedded server's zone as TXT character-strings, exactly as a
 * resolver or an RFC 2136 client reads them; the checkers watch each zone's commits.
 */
import { inMemoryZone, readServed } from '../../app/sim-support.js';
import { enactorId, providerId } from '../../core/model/ids.js';
import { PrerequisiteDroppingProvider } from '../faults/prerequisite-dropping-provider.js';
import { SimDnsProvider } from '../faults/sim-dns-provider.js';
import { enactorFaults } from '../world/config.js';
import { observeZone } from '../world/zone-observer.js';
export function fencedDriver(world) {
    const config = world.config;
    const zones = new Map();
    const transit = { sentAtMs: null };
    const backends = config.providerIds.map((id) => {
        const zone = inMemoryZone(providerId(id), config.zoneOrigin, config.writesPerTransactionMax);
        zones.set(id, zone.store);
        observeZone(zone.store, {
            provider: id, fleet: config.controlPlane.fleet, atMs: () => world.clock.virtualMs, byHand: () => world.editingByHand,
            sentAtMs: () => transit.sentAtMs,
            highestCreated: () => world.highestCreated(), observe: (o) => world.observe(o),
        });
        return config.skipFence ? new PrerequisiteDroppingProvider(zone.provider, (endpoint) => readServed(zone.store, endpoint).fenceRaw) : zone.provider;
    });
    const views = (faults, random) => backends.map((backend) => new SimDnsProvider(backend, world.clock, random, faults, world.faultSwitch, world.providerOutage(backend.id), (t) => world.trace.note(t), transit));
    const registerEnactor = (enactor, table) => {
        const name = `enactor:${enactor.id}`;
        table.register(name, (gate, random) => {
            const clock = gate.clock(world.processClock(name));
            const core = world.assembly.enactor(enactorId(enactor.id), {
                clock, events: world.trace, random, store: gate.store(world.store), controls: world.controls,
                providers: views(enactorFaults(config, enactor, world.clock), random).map((p) => gate.provider(p)),
            });
            world.startParts(name, gate, clock, { enactors: [core] });
        });
    };
    return {
        providerNames: config.providerIds,
        zones,
        plannerProviders: (random) => views(() => config.controlPlaneProviderFaults, random),
        registerProcesses(table) {
            for (const enactor of config.enactors)
                registerEnactor(enactor, table);
            table.register('cleaner', (gate, random) => {
                const clock = gate.clock(world.processClock('cleaner'));
                const cleaner = world.assembly.cleaner({
                    clock, events: world.trace, store: gate.store(world.store), providers: views(() => config.controlPlaneProviderFaults, random).map((p) => gate.provider(p)),
                });
                world.startParts('cleaner', gate, clock, { enactors: [], cleaner });
            });
        },
        operatorRepair() {
            world.trace.note('operator: nothing to repair (fenced protocol)');
        },
    };
}
//# sourceMappingURL=fenced-protocol.js.map
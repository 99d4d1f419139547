/**
 * Our protocol in the simulator: the production Enactor and Cleaner (src/core), unchanged, on
 * simulated ports. Nothing here re-implements protocol logic; it only wires ports:
 *
 *   Enactor ──gate──► SimDnsProvider (this Enactor's faults) ──► [sabotage] ──► MemoryDnsProvider
 *                                                                             (one per provider id,
 *                                                                              shared by everyone)
 */
import { Cleaner } from '../../core/cleaner/cleaner.js';
import { Enactor } from '../../core/enactor/enactor.js';
import { enactorId, providerId } from '../../core/model/ids.js';
import { runEvery } from '../../core/loop.js';
import type { DnsProvider } from '../../core/ports/dns-provider.js';
import { MemoryDnsProvider } from '../../adapters/dns-memory/memory-dns-provider.js';
import type { SeededRandom } from '../../adapters/random-seeded/seeded-random.js';
import { SkewedClock } from '../clock/virtual-clock.js';
import { PrerequisiteDroppingProvider } from '../faults/prerequisite-dropping-provider.js';
import { SimDnsProvider, type ProviderFaults } from '../faults/sim-dns-provider.js';
import { enactorFaults, type EnactorConfig } from '../world/config.js';
import type { ProcessTable } from '../world/process-table.js';
import type { ProtocolDriver, SimWorld } from '../world/sim-run.js';

export function fencedDriver(world: SimWorld): ProtocolDriver {
  const config = world.config;
  const memories = config.providerIds.map((id) => new MemoryDnsProvider(providerId(id), config.writesPerTransactionMax));
  const backends: DnsProvider[] = memories.map((m) => (config.skipFence ? new PrerequisiteDroppingProvider(m) : m));

  const views = (faults: () => ProviderFaults, random: SeededRandom): DnsProvider[] =>
    backends.map((backend) => new SimDnsProvider(backend, world.clock, random, faults, world.faultSwitch, (o) => world.observe(o), (t) => world.trace.note(t)));

  const startEnactor = (enactor: EnactorConfig, table: ProcessTable): void => {
    const name = `enactor:${enactor.id}`;
    table.register(name, (gate, random) => {
      const clock = gate.clock(new SkewedClock(world.clock, enactor.clockSkewMs));
      const core = new Enactor({
        id: enactorId(enactor.id), store: gate.store(world.store), providers: views(enactorFaults(config, enactor, world.clock), random).map((p) => gate.provider(p)),
        clock, random, events: world.trace, settings: config.enactorSettings,
      });
      runEvery(clock, config.timing.enactorIntervalMs, () => core.tick(), (error) => world.reportCrash(name, error));
    });
  };

  return {
    providerNames: config.providerIds,
    plannerProviders: (random) => views(() => config.controlPlaneProviderFaults, random),
    registerProcesses(table) {
      for (const enactor of config.enactors) startEnactor(enactor, table);
      table.register('cleaner', (gate, random) => {
        const clock = gate.clock(world.clock);
        const cleaner = new Cleaner({
          store: gate.store(world.store), providers: views(() => config.controlPlaneProviderFaults, random).map((p) => gate.provider(p)),
          endpoints: config.fleet.endpoints.map((e) => e.name), clock, events: world.trace, settings: config.cleanerSettings,
        });
        runEvery(clock, config.timing.cleanerIntervalMs, () => cleaner.tick(), (error) => world.reportCrash('cleaner', error));
      });
    },
    operatorRepair() {
      world.trace.note('operator: nothing to repair (fenced protocol)');
    },
  };
}

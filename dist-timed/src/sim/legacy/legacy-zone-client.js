import { chance, drawLatencyMs } from '../faults/latency.js';
import { NO_PROVIDER_FAULTS } from '../faults/sim-dns-provider.js';
export class LegacyZoneClient {
    zone;
    clock;
    random;
    faults;
    faultSwitch;
    constructor(zone, clock, random, faults, faultSwitch) {
        this.zone = zone;
        this.clock = clock;
        this.random = random;
        this.faults = faults;
        this.faultSwitch = faultSwitch;
    }
    async read(endpoint) {
        const faults = this.active();
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        if (chance(faults.errorProbability, this.random))
            return { ok: false, reason: 'injected read error' };
        const view = this.zone.read(endpoint);
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        return { ok: true, value: view };
    }
    async apply(batch) {
        const faults = this.active();
        let requestMs = drawLatencyMs(faults.latency, this.random);
        if (chance(faults.contentionProbability, this.random))
            requestMs += faults.contentionWaitMs;
        await this.clock.sleepMs(requestMs);
        if (chance(faults.errorProbability, this.random))
            return { ok: false, reason: 'injected error, nothing applied' };
        const outcome = this.zone.apply(batch);
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        if (chance(faults.lostResponseProbability, this.random))
            return { ok: false, reason: 'response lost' };
        return { ok: true, value: outcome };
    }
    async writeTree(endpoint, generation, records) {
        const faults = this.active();
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        if (chance(faults.errorProbability, this.random))
            return false;
        this.zone.writeTree(endpoint, generation, records);
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        return true;
    }
    async listTrees(endpoint) {
        await this.clock.sleepMs(drawLatencyMs(this.active().latency, this.random));
        return this.zone.listTrees(endpoint);
    }
    async deleteTree(endpoint, generation, by) {
        await this.clock.sleepMs(drawLatencyMs(this.active().latency, this.random));
        return this.zone.deleteTree(endpoint, generation, by);
    }
    active() {
        return this.faultSwitch.faultsOn ? this.faults() : NO_PROVIDER_FAULTS;
    }
}
//# sourceMappingURL=legacy-zone-client.js.map
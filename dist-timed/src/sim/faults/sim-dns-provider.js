import { failure } from '../../core/ports/result.js';
import { chance, drawLatencyMs, NO_LATENCY } from './latency.js';
export const NO_PROVIDER_FAULTS = {
    latency: NO_LATENCY, errorProbability: 0, lostResponseProbability: 0, contentionProbability: 0, contentionWaitMs: 0, timeoutMs: Number.POSITIVE_INFINITY,
};
export class SimDnsProvider {
    inner;
    clock;
    random;
    faults;
    faultSwitch;
    outage;
    note;
    transit;
    id;
    writesPerTransactionMax;
    constructor(inner, clock, random, faults, faultSwitch, outage, note, transit = { sentAtMs: null }) {
        this.inner = inner;
        this.clock = clock;
        this.random = random;
        this.faults = faults;
        this.faultSwitch = faultSwitch;
        this.outage = outage;
        this.note = note;
        this.transit = transit;
        this.id = inner.id;
        this.writesPerTransactionMax = inner.writesPerTransactionMax;
    }
    async readEndpoints(names) {
        const faults = this.active();
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        if (chance(faults.errorProbability, this.random))
            return failure('unavailable', `${this.id}: injected read error`, true);
        if (this.outage.down)
            return failure('unavailable', `${this.id}: provider down (simulated)`, true);
        const result = await this.inner.readEndpoints(names);
        await this.clock.sleepMs(drawLatencyMs(faults.latency, this.random));
        return result;
    }
    async applyFenced(writes) {
        const faults = this.active();
        let requestMs = drawLatencyMs(faults.latency, this.random);
        if (chance(faults.contentionProbability, this.random))
            requestMs += faults.contentionWaitMs;
        const responseMs = drawLatencyMs(faults.latency, this.random);
        if (chance(faults.errorProbability, this.random)) {
            await this.clock.sleepMs(requestMs);
            return failure('unavailable', `${this.id}: injected error, nothing applied`, true);
        }
        const lost = chance(faults.lostResponseProbability, this.random);
        const landed = this.applyAfter(requestMs, writes, this.clock.monotonicMs());
        if (requestMs + responseMs > faults.timeoutMs) {
            await this.clock.sleepMs(faults.timeoutMs);
            return failure('timeout', `${this.id}: no answer within ${faults.timeoutMs} ms (the write may still land)`, true);
        }
        const outcome = await landed;
        await this.clock.sleepMs(responseMs);
        if (lost)
            return failure('timeout', `${this.id}: response lost (the write ${outcome.ok && outcome.value.kind === 'applied' ? 'did' : 'did not'} land)`, true);
        return outcome;
    }
    materialise(records) {
        return this.inner.materialise(records);
    }
    active() {
        return this.faultSwitch.faultsOn ? this.faults() : NO_PROVIDER_FAULTS;
    }
    async applyAfter(delayMs, writes, sentAtMs) {
        await this.clock.sleepMs(delayMs);
        if (this.outage.down)
            return failure('unavailable', `${this.id}: provider down (simulated), nothing applied`, true);
        // The zone commits synchronously inside the call: its observer sees the send time.
        this.transit.sentAtMs = sentAtMs;
        const applying = this.inner.applyFenced(writes);
        this.transit.sentAtMs = null;
        const outcome = await applying;
        if (outcome.ok && outcome.value.kind === 'applied') {
            for (const write of writes)
                this.note(`dns ${this.id} ${write.endpoint} := g${write.newFence.generation} by ${write.newFence.by} (${write.records.addresses.length} addresses)`);
        }
        return outcome;
    }
}
//# sourceMappingURL=sim-dns-provider.js.map
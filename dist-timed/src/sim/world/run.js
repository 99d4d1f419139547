/** Runs one configured simulation with the protocol the config names. */
import { assertNever } from '../../core/model/assert.js';
import { fencedDriver } from '../fenced/fenced-protocol.js';
import { legacyDriver } from '../legacy/legacy-protocol.js';
import { SimRun } from './sim-run.js';
export function driverFor(config) {
    switch (config.protocol) {
        case 'fenced': return fencedDriver;
        case 'legacy': return legacyDriver;
        default: return assertNever(config.protocol, 'protocol');
    }
}
export function runSimulation(config) {
    return new SimRun(config, driverFor(config)).run();
}
//# sourceMappingURL=run.js.map
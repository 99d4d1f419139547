/** Runs one configured simulation with the protocol the config names. */
import { assertNever } from '../../core/model/assert.js';
import { fencedDriver } from '../fenced/fenced-protocol.js';
import { legacyDriver } from '../legacy/legacy-protocol.js';
import type { SimConfig } from './config.js';
import { SimRun, type DriverFactory, type RunResult } from './sim-run.js';

export function driverFor(config: SimConfig): DriverFactory {
  switch (config.protocol) {
    case 'fenced': return fencedDriver;
    case 'legacy': return legacyDriver;
    default: return assertNever(config.protocol, 'protocol');
  }
}

export function runSimulation(config: SimConfig): Promise<RunResult> {
  return new SimRun(config, driverFor(config)).run();
}

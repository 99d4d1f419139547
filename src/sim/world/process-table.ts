/**
 * The simulated processes of a run (Planner, Enactors, Cleaner) by name, so that the schedule can
 * crash and restart any of them. A process is a factory that starts its loops on the ports it is
 * given through its gate; a restart calls the factory again with a fresh gate and fresh randomness,
 * as a real restart would start from nothing.
 */
import { assert } from '../../core/model/assert.js';
import type { SeededRandom } from '../../app/sim-support.js';
import { ProcessGate } from '../faults/process-gate.js';

export type ProcessFactory = (gate: ProcessGate, random: SeededRandom) => void;

interface ProcessEntry {
  readonly factory: ProcessFactory;
  gate: ProcessGate;
}

export class ProcessTable {
  private readonly entries = new Map<string, ProcessEntry>();

  constructor(private readonly master: SeededRandom, private readonly note: (text: string) => void) {}

  register(name: string, factory: ProcessFactory): void {
    assert(!this.entries.has(name), `process ${name} registered twice`);
    this.entries.set(name, { factory, gate: new ProcessGate() });
  }

  startAll(): void {
    for (const entry of this.entries.values()) entry.factory(entry.gate, this.master.fork());
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  crash(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined || !entry.gate.alive) return;
    entry.gate.crash();
    this.note(`process ${name} crashed`);
  }

  restart(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined || entry.gate.alive) return;
    entry.gate = new ProcessGate();
    this.note(`process ${name} restarted`);
    entry.factory(entry.gate, this.master.fork());
  }

  restartAllCrashed(): void {
    for (const name of this.entries.keys()) this.restart(name);
  }
}

/**
 * The simulated processes of a run (Planner, Enactors, Cleaner) by name, so that the schedule can
 * crash and restart any of them. A process is a factory that starts its loops on the ports it is
 * given through its gate; a restart calls the factory again with a fresh gate and fresh randomness,
 * as a real restart would start from nothing.
 */
import { assert } from '../../core/model/assert.js';
import { ProcessGate } from '../faults/process-gate.js';
export class ProcessTable {
    master;
    note;
    entries = new Map();
    constructor(master, note) {
        this.master = master;
        this.note = note;
    }
    register(name, factory) {
        assert(!this.entries.has(name), `process ${name} registered twice`);
        this.entries.set(name, { factory, gate: new ProcessGate() });
    }
    startAll() {
        for (const entry of this.entries.values())
            entry.factory(entry.gate, this.master.fork());
    }
    has(name) {
        return this.entries.has(name);
    }
    names() {
        return [...this.entries.keys()];
    }
    crash(name) {
        const entry = this.entries.get(name);
        if (entry === undefined || !entry.gate.alive)
            return;
        entry.gate.crash();
        this.note(`process ${name} crashed`);
    }
    restart(name) {
        const entry = this.entries.get(name);
        if (entry === undefined || entry.gate.alive)
            return;
        entry.gate = new ProcessGate();
        this.note(`process ${name} restarted`);
        entry.factory(entry.gate, this.master.fork());
    }
    restartAllCrashed() {
        for (const name of this.entries.keys())
            this.restart(name);
    }
}
//# sourceMappingURL=process-table.js.map
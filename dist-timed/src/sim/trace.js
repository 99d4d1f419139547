/**
 * The trace of one simulation: every decision of the code under test and every fault the simulator
 * injected, one line each, prefixed with virtual time. The trace hash (SHA-256 over the lines) is the
 * determinism witness: same seed, same hash. Only the last `tailLinesMax` lines are kept in memory
 * (enough to show what led to a violation); the hash covers all of them.
 */
import { createHash } from 'node:crypto';
export class Trace {
    nowMs;
    tailLinesMax;
    hash = createHash('sha256');
    tail = [];
    linesTotal = 0;
    constructor(nowMs, tailLinesMax = 200) {
        this.nowMs = nowMs;
        this.tailLinesMax = tailLinesMax;
    }
    /** Core components report their decisions here (EventSink port). */
    record(event) {
        const where = [event.endpoint, event.provider, event.generation === undefined ? undefined : `g${event.generation}`].filter((x) => x !== undefined).join(' ');
        // Virtual time, not the event's own timestamp: that is the process's wall clock, which the run steps.
        this.line(`${event.actor} ${event.kind}${where ? ` [${where}]` : ''} ${event.reason}`, this.nowMs());
    }
    /** A simulator event (fault, crash, operator action, observation). */
    note(text) {
        this.line(text, this.nowMs());
    }
    get lines() {
        return this.linesTotal;
    }
    recentLines(count) {
        return this.tail.slice(Math.max(0, this.tail.length - count));
    }
    digest() {
        return this.hash.copy().digest('hex');
    }
    line(text, atMs) {
        const full = `${formatSimTime(atMs)} ${text}`;
        this.hash.update(full);
        this.hash.update('\n');
        this.linesTotal++;
        this.tail.push(full);
        if (this.tail.length > this.tailLinesMax * 2)
            this.tail.splice(0, this.tail.length - this.tailLinesMax);
    }
}
/** Virtual milliseconds as `+HH:MM:SS.mmm` from the start of the run. */
export function formatSimTime(atMs) {
    const sign = atMs < 0 ? '-' : '+';
    const total = Math.abs(Math.round(atMs));
    const ms = total % 1000;
    const s = Math.floor(total / 1000) % 60;
    const m = Math.floor(total / 60_000) % 60;
    const h = Math.floor(total / 3_600_000);
    return `${sign}${pad(h)}:${pad(m)}:${pad(s)}.${String(ms).padStart(3, '0')}`;
}
function pad(n) {
    return String(n).padStart(2, '0');
}
//# sourceMappingURL=trace.js.map
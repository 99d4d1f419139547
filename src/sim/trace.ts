/**
 * The trace of one simulation: every decision of the code under test and every fault the simulator
 * injected, one line each, prefixed with virtual time. The trace hash (SHA-256 over the lines) is the
 * determinism witness: same seed, same hash. Only the last `tailLinesMax` lines are kept in memory
 * (enough to show what led to a violation); the hash covers all of them.
 */
import { createHash, type Hash } from 'node:crypto';
import type { DecisionEvent, EventSink } from '../core/ports/events.js';

export class Trace implements EventSink {
  private readonly hash: Hash = createHash('sha256');
  private readonly tail: string[] = [];
  private linesTotal = 0;

  constructor(private readonly nowMs: () => number, private readonly tailLinesMax = 200) {}

  /** Core components report their decisions here (EventSink port). */
  record(event: DecisionEvent): void {
    const where = [event.endpoint, event.provider, event.generation === undefined ? undefined : `g${event.generation}`].filter((x) => x !== undefined).join(' ');
    // Virtual time, not the event's own timestamp: that is the process's wall clock, which the run steps.
    this.line(`${event.actor} ${event.kind}${where ? ` [${where}]` : ''} ${event.reason}`, this.nowMs());
  }

  /** A simulator event (fault, crash, operator action, observation). */
  note(text: string): void {
    this.line(text, this.nowMs());
  }

  get lines(): number {
    return this.linesTotal;
  }

  recentLines(count: number): string[] {
    return this.tail.slice(Math.max(0, this.tail.length - count));
  }

  digest(): string {
    return this.hash.copy().digest('hex');
  }

  private line(text: string, atMs: number): void {
    const full = `${formatSimTime(atMs)} ${text}`;
    this.hash.update(full);
    this.hash.update('\n');
    this.linesTotal++;
    this.tail.push(full);
    if (this.tail.length > this.tailLinesMax * 2) this.tail.splice(0, this.tail.length - this.tailLinesMax);
  }
}

/** Virtual milliseconds as `+HH:MM:SS.mmm` from the start of the run. */
export function formatSimTime(atMs: number): string {
  const sign = atMs < 0 ? '-' : '+';
  const total = Math.abs(Math.round(atMs));
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  return `${sign}${pad(h)}:${pad(m)}:${pad(s)}.${String(ms).padStart(3, '0')}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

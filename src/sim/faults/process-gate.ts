/**
 * Crash of a simulated process. Every port a process uses goes through its gate; when the process
 * crashes, every call in flight and every later call never completes — exactly what the process's
 * code would see if it had died (it sees nothing). Work it sent before the crash still lands: a write
 * the provider already applied stays applied. A restart builds a new process with a new gate.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { DnsProvider } from '../../core/ports/dns-provider.js';
import type { PlanStore } from '../../core/ports/plan-store.js';

const NEVER: Promise<never> = new Promise<never>(() => {});

export class ProcessGate {
  private aliveFlag = true;
  private readonly onCrash: (() => void)[] = [];

  get alive(): boolean {
    return this.aliveFlag;
  }

  crash(): void {
    this.aliveFlag = false;
    for (const action of this.onCrash.splice(0)) action();
  }

  /** Runs `action` when the process crashes (its scheduled tasks are stopped). */
  whenCrashed(action: () => void): void {
    this.onCrash.push(action);
  }

  async pass<T>(call: () => Promise<T>): Promise<T> {
    if (!this.aliveFlag) return NEVER;
    const value = await call();
    if (!this.aliveFlag) return NEVER;
    return value;
  }

  clock(base: Clock): Clock {
    return { nowMs: () => base.nowMs(), monotonicMs: () => base.monotonicMs(), sleepMs: (ms) => this.pass(() => base.sleepMs(ms)) };
  }

  provider(base: DnsProvider): DnsProvider {
    return {
      id: base.id,
      writesPerTransactionMax: base.writesPerTransactionMax,
      ...(base.transactionsInFlightMax === undefined ? {} : { transactionsInFlightMax: base.transactionsInFlightMax }),
      readEndpoints: (names) => this.pass(() => base.readEndpoints(names)),
      applyFenced: (writes) => this.pass(() => base.applyFenced(writes)),
      materialise: (records) => base.materialise(records),
    };
  }

  store(base: PlanStore): PlanStore {
    return {
      acquireLease: (holder, ttlMs) => this.pass(() => base.acquireLease(holder, ttlMs)),
      latest: () => this.pass(() => base.latest()),
      highWater: () => this.pass(() => base.highWater()),
      get: (g) => this.pass(() => base.get(g)),
      create: (plan, token) => this.pass(() => base.create(plan, token)),
      list: () => this.pass(() => base.list()),
      delete: (g) => this.pass(() => base.delete(g)),
    };
  }
}

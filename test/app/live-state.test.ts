/**
 * The live-state cache rereads after a write, but paced: a reread waits after the last read ended
 * LIVE_REREAD_PAUSE_FACTOR times as long as that read took, so at 100,000 names a run of writes does not keep the process
 * reading every name back to back; a fast read (a small fleet) is followed at once.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { LIVE_REREAD_PAUSE_FACTOR, LiveStateCache } from '../../src/app/live-state.js';
import { endpointName, providerId } from '../../src/core/model/ids.js';
import type { Clock } from '../../src/core/ports/clock.js';

/** Monotonic time moves only when told; sleeps are recorded and end at once (time jumps to their end). */
class SteppedClock implements Clock {
  monotonic = 0;
  readonly sleeps: number[] = [];
  nowMs(): number { return 1_800_000_000_000 + this.monotonic; }
  monotonicMs(): number { return this.monotonic; }
  sleepMs(durationMs: number): Promise<void> {
    this.sleeps.push(durationMs);
    this.monotonic += durationMs;
    return Promise.resolve();
  }
}

/** A provider whose every read takes `readMs` of the stepped clock's time. */
function slowProvider(clock: SteppedClock, readMs: number): { provider: MemoryDnsProvider; reads: () => number } {
  const provider = new MemoryDnsProvider(providerId('memory'));
  const read = provider.readEndpoints.bind(provider);
  let reads = 0;
  provider.readEndpoints = async (names) => {
    reads++;
    clock.monotonic += readMs;
    return read(names);
  };
  return { provider, reads: () => reads };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A started cache over one provider whose reads take `readMs`, after its first read. */
async function warmCache(clock: SteppedClock, readMs: number): Promise<{ cache: LiveStateCache; reads: () => number }> {
  const { provider, reads } = slowProvider(clock, readMs);
  const cache = new LiveStateCache([provider], [endpointName('api.example.test.')], clock);
  cache.start(60_000);
  await cache.warm(1_000);
  return { cache, reads };
}

describe('LiveStateCache rereads after a write', () => {
  it('waits LIVE_REREAD_PAUSE_FACTOR times as long as the last read took before reading again', async () => {
    const clock = new SteppedClock();
    const { cache, reads } = await warmCache(clock, 300);
    expect(reads()).toBe(1);

    cache.refreshAfterWrite();
    await settle();
    expect(clock.sleeps).toEqual([300 * LIVE_REREAD_PAUSE_FACTOR]);
    expect(reads()).toBe(2);
    cache.stop();
  });

  it('rereads at once when the last read was fast, or ended long enough ago', async () => {
    const clock = new SteppedClock();
    const fast = await warmCache(clock, 0);
    fast.cache.refreshAfterWrite();
    await settle();
    expect(fast.reads()).toBe(2);

    const slow = await warmCache(clock, 300);
    clock.monotonic += 300 * LIVE_REREAD_PAUSE_FACTOR + 1;
    slow.cache.refreshAfterWrite();
    await settle();
    expect(slow.reads()).toBe(2);
    expect(clock.sleeps).toEqual([]);
    fast.cache.stop();
    slow.cache.stop();
  });

  it('queues one reread per provider however many writes come meanwhile', async () => {
    const clock = new SteppedClock();
    const { cache, reads } = await warmCache(clock, 300);
    for (let i = 0; i < 5; i++) cache.refreshAfterWrite();
    await settle();
    expect(reads()).toBe(2);
    cache.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { randomConfig } from '../../src/sim/explore/random-config.js';
import { runSimulation } from '../../src/sim/world/run.js';
import { VirtualClock } from '../../src/sim/clock/virtual-clock.js';

describe('virtual clock', () => {
  it('resolves sleeps in virtual-time order, ties in scheduling order, and lets promise chains finish before time moves', async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    const worker = async (name: string, delays: number[]): Promise<void> => {
      for (const d of delays) {
        await clock.sleepMs(d);
        // A chain of awaits after the wake-up must complete before the next event runs.
        for (let i = 0; i < 50; i++) await Promise.resolve();
        log.push(`${clock.nowMs()}:${name}`);
      }
    };
    void worker('a', [10, 10, 5]);
    void worker('b', [10, 15]);
    void worker('c', [0, 30]);
    await clock.runUntil(1_000, 100);
    expect(log).toEqual(['0:c', '10:a', '10:b', '20:a', '25:b', '25:a', '30:c']);
    expect(clock.nowMs()).toBe(1_000);
  });

  it('stops a runaway schedule at the event bound', async () => {
    const clock = new VirtualClock(0);
    void (async () => { for (;;) await clock.sleepMs(0); })();
    expect(await clock.runUntil(10, 500)).toBe('events-exhausted');
  });
});

describe('determinism', () => {
  for (const protocol of ['fenced', 'legacy'] as const) {
    it(`same seed gives the identical trace hash (${protocol})`, async () => {
      for (const seed of [7, 1234, 987654321]) {
        const first = await runSimulation(randomConfig(seed, { protocol }));
        const second = await runSimulation(randomConfig(seed, { protocol }));
        expect(second.traceHash, `--seed ${seed}`).toBe(first.traceHash);
        expect(second.traceLines).toBe(first.traceLines);
        expect(second.eventsRun).toBe(first.eventsRun);
        expect(first.traceLines).toBeGreaterThan(10);
      }
    });
  }

  it('different seeds give different traces', async () => {
    const a = await runSimulation(randomConfig(1, { protocol: 'fenced' }));
    const b = await runSimulation(randomConfig(2, { protocol: 'fenced' }));
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it('runs interleaved in one thread do not disturb each other', async () => {
    const alone = await runSimulation(randomConfig(42, { protocol: 'fenced' }));
    const [together] = await Promise.all([
      runSimulation(randomConfig(42, { protocol: 'fenced' })),
      runSimulation(randomConfig(43, { protocol: 'legacy' })),
    ]);
    expect(together.traceHash).toBe(alone.traceHash);
  });
});

/**
 * A DNS worker's start bound grows with the zone it loads: a fixed 20 s made `up` fail to start
 * at 100,000 endpoints on a loaded machine, though nothing was wrong but the time.
 */
import { describe, expect, it } from 'vitest';
import { workerStartTimeoutMs } from '../../src/dns-server/workers.js';

describe('workerStartTimeoutMs', () => {
  it.each([
    { name: 'an empty zone gets the base bound', rrsets: 0, boundMs: 20_000 },
    { name: 'a small zone barely more', rrsets: 1_000, boundMs: 20_500 },
    { name: '100,000 endpoints (A and AAAA) get 100 s more', rrsets: 200_000, boundMs: 120_000 },
  ])('$name', ({ rrsets, boundMs }) => {
    expect(workerStartTimeoutMs(rrsets)).toBe(boundMs);
  });

  it('grows with the zone', () => {
    expect(workerStartTimeoutMs(100_000)).toBeGreaterThan(workerStartTimeoutMs(10_000));
  });
});

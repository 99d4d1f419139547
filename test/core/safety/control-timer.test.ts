import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_ALLOWANCE_MS, ControlTimer, type OperatorControl } from '../../../src/core/safety/operator-controls.js';

/** A process clock: wall and monotonic set independently (a stepped or skewed wall clock). */
class StepClock {
  wall = 1_000_000;
  mono = 50;
  nowMs(): number {
    return this.wall;
  }
  monotonicMs(): number {
    return this.mono;
  }
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}

function override(createdAtMs: number, ttlMs: number): OperatorControl {
  return { id: 'o1', kind: 'velocity-override', target: 'api.example.test.', reason: 'drain', by: 'alice', createdAtMs, expiresAtMs: createdAtMs + ttlMs };
}

function freeze(createdAtMs: number, ttlMs: number): OperatorControl {
  return { id: 'f1', kind: 'freeze', target: '*', reason: 'incident', by: 'bob', createdAtMs, expiresAtMs: createdAtMs + ttlMs };
}

const inForce = (timer: ControlTimer, control: OperatorControl): boolean => timer.inForce([control]).all().length === 1;

describe('ControlTimer', () => {
  it('an override first read late is not stretched by the delay (its age when seen counts)', () => {
    const clock = new StepClock();
    const control = override(clock.wall, 60_000);
    clock.advance(20_000); // read 20 s after it was made (a read interval, a store outage)
    const timer = new ControlTimer(clock);
    expect(inForce(timer, control)).toBe(true);
    clock.advance(40_000 - CLOCK_SKEW_ALLOWANCE_MS - 1);
    expect(inForce(timer, control)).toBe(true);
    clock.advance(1);
    expect(inForce(timer, control)).toBe(false);
  });

  it('a wall clock stepped back does not give an override a second life', () => {
    const clock = new StepClock();
    const control = override(clock.wall, 60_000);
    const timer = new ControlTimer(clock);
    expect(inForce(timer, control)).toBe(true);
    clock.advance(30_000);
    clock.wall -= 2 * 3_600_000;
    expect(inForce(timer, control)).toBe(true);
    clock.advance(30_000);
    expect(inForce(timer, control)).toBe(false);
  });

  it('a process whose clock reads before the override was made cannot tell its age: not in force (was: a full fresh TTL)', () => {
    const clock = new StepClock();
    const control = override(clock.wall, 60_000);
    clock.advance(50_000);
    clock.wall -= 3_600_000; // this host's clock is an hour behind the operator's
    const timer = new ControlTimer(clock);
    expect(inForce(timer, control)).toBe(false);
  });

  it('a freeze with an expiry never ends early, even when this wall clock is ahead', () => {
    const clock = new StepClock();
    const control = freeze(clock.wall, 60_000);
    const timer = new ControlTimer(clock);
    expect(inForce(timer, control)).toBe(true);
    clock.wall += 3_600_000; // stepped forward an hour
    clock.advance(59_000);
    expect(inForce(timer, control)).toBe(true);
    clock.advance(1_000);
    expect(inForce(timer, control)).toBe(false);
  });
});

/** Small fleets and helpers shared by core tests. */
import type { EndpointSpec, FleetSpec, LoadBalancerSpec } from '../../src/core/model/fleet.js';
import { endpointName, loadBalancerId, type LoadBalancerId } from '../../src/core/model/ids.js';
import type { DecisionEvent, EventSink } from '../../src/core/ports/events.js';
import type { Clock } from '../../src/core/ports/clock.js';

export function lb(id: string, az: string, ipv4: string, extra: Partial<LoadBalancerSpec> = {}): LoadBalancerSpec {
  return { id: loadBalancerId(id), az, ipv4, capacity: 1, ...extra };
}

export function endpoint(name: string, select: EndpointSpec['select'] = {}, answersMax = 8): EndpointSpec {
  return { name: endpointName(name), select, ttlSeconds: 5, answersMax };
}

/** 4 load balancers in two zones, a regional and two zonal endpoints. */
export function smallFleet(): FleetSpec {
  return {
    loadBalancers: [
      lb('lb-a1', 'az1', '192.0.2.11'),
      lb('lb-a2', 'az1', '192.0.2.12'),
      lb('lb-b1', 'az2', '192.0.2.21'),
      lb('lb-b2', 'az2', '192.0.2.22'),
    ],
    endpoints: [
      endpoint('api.region.example.test.'),
      endpoint('api.az1.example.test.', { az: 'az1' }),
      endpoint('api.az2.example.test.', { az: 'az2' }),
    ],
  };
}

export function health(unhealthy: readonly string[]): Map<LoadBalancerId, boolean> {
  return new Map(unhealthy.map((id) => [loadBalancerId(id), false]));
}

export class RecordingEvents implements EventSink {
  readonly events: DecisionEvent[] = [];
  record(event: DecisionEvent): void {
    this.events.push(event);
  }
  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
}

/**
 * A manual clock for unit tests: time moves only when the test says so; sleeps resolve at once.
 * `now` moves both clocks; `stepWall(delta)` moves only the wall clock (an NTP step).
 */
export class ManualClock implements Clock {
  private wallOffsetMs = 0;
  constructor(public now = 1_000_000) {}
  nowMs(): number {
    return this.now + this.wallOffsetMs;
  }
  monotonicMs(): number {
    return this.now;
  }
  stepWall(deltaMs: number): void {
    this.wallOffsetMs += deltaMs;
  }
  async sleepMs(durationMs: number): Promise<void> {
    this.now += durationMs;
  }
}

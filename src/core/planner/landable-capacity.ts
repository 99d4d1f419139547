/**
 * Capacity that may still land: a generation created but not yet applied everywhere can be
 * written by a lagging Enactor at any moment, even after a read showed less served. A read taken
 * before that landing shows a drop that is not real: if the Planner believed it, the window would
 * lose the peak, and the next plans would take the name down by a second share once the late
 * write landed (seed 29182: g3 raised a name to 6 on a provider after the Planner read 4 there,
 * another Enactor took it back to 4, and the Planner's g6 then removed a third from 4).
 *
 * A generation can land on a name only while the name's fence there is below it (the Enactors'
 * compare-and-swap), so what may still land is the highest capacity of any generation above the
 * lowest fence the providers show for the name. A name whose fence there is absent or not ours is
 * written only with plans at or above the provider's newest generation of ours (the provider
 * floor, enactor/write-set.ts), so that floor stands in for its fence.
 *
 * Per name and family, the generations are kept as a stack whose capacities fall as generations
 * rise: a generation with no more capacity than a later one adds nothing (whenever it could land,
 * so could the later one). Pure, in memory, owned by the Planner.
 */
import type { AddressFamily, EndpointPlan } from '../model/plan.js';
import type { LiveEndpoint } from '../ports/dns-provider.js';
import { capacityOf } from '../safety/velocity-ledger.js';

interface Landable { readonly generation: number; readonly capacity: number }

const FAMILIES: readonly AddressFamily[] = ['A', 'AAAA'];

export class LandableCapacity {
  /** Per family, by name (no key string built per lookup: the Planner asks for every name on every read). */
  private readonly byName: Readonly<Record<AddressFamily, Map<string, Landable[]>>> = { A: new Map(), AAAA: new Map() };

  constructor(private readonly weightOf: (family: AddressFamily, address: string) => number) {}

  /** A generation created or first seen: its endpoints that changed from `previous` may land from now on. */
  record(generation: number, endpoints: readonly EndpointPlan[], previous: readonly EndpointPlan[]): void {
    const before = new Map(previous.map((e) => [e.name, e.digest]));
    for (const endpoint of endpoints) {
      if (before.get(endpoint.name) === endpoint.digest) continue;
      for (const family of FAMILIES) this.push(this.byName[family], endpoint.name, generation, capacityOf(endpoint, family, this.weightOf));
    }
  }

  /** The highest capacity of a generation above `lowestFence` for the name's family (0: none may land). */
  above(name: string, family: AddressFamily, lowestFence: number): number {
    const stack = this.byName[family].get(name);
    if (stack === undefined) return 0;
    // Capacities fall as generations rise: the first one above the fence is the highest.
    for (const entry of stack) if (entry.generation > lowestFence) return entry.capacity;
    return 0;
  }

  /** Every provider shows the name at `lowestFence` or above: the generations up to it can no longer land. */
  settle(name: string, lowestFence: number): void {
    for (const family of FAMILIES) {
      const stacks = this.byName[family];
      if (stacks.size === 0) continue;
      const stack = stacks.get(name);
      if (stack === undefined) continue;
      const firstOpen = stack.findIndex((entry) => entry.generation > lowestFence);
      if (firstOpen === -1) stacks.delete(name);
      else if (firstOpen > 0) stack.splice(0, firstOpen);
    }
  }

  private push(stacks: Map<string, Landable[]>, name: string, generation: number, capacity: number): void {
    let stack = stacks.get(name);
    if (stack === undefined) {
      stack = [];
      stacks.set(name, stack);
    }
    // A generation at or below the newest kept (a restored store numbering again) replaces from there.
    while (stack.length > 0 && (stack.at(-1)!.generation >= generation || stack.at(-1)!.capacity <= capacity)) stack.pop();
    stack.push({ generation, capacity });
  }
}

/**
 * The lowest generation below which nothing more can land on the name, over the providers read:
 * its fence of ours, or, where the fence is absent or not ours, one below the provider's newest
 * generation of ours (plans from that one on may still be written there).
 */
export function lowestLandingFence(name: string, views: readonly ReadonlyMap<string, LiveEndpoint>[], providerFloors: readonly number[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  views.forEach((view, index) => {
    const fence = view.get(name)?.fence ?? null;
    const effective = fence === null ? Math.max(0, (providerFloors[index] ?? 0) - 1) : fence.generation;
    lowest = Math.min(lowest, effective);
  });
  return lowest === Number.POSITIVE_INFINITY ? 0 : lowest;
}

/** A provider's newest generation of ours live on any name (0: none). */
export function providerFloor(view: ReadonlyMap<string, LiveEndpoint>): number {
  let highest = 0;
  for (const live of view.values()) highest = Math.max(highest, live.fence?.generation ?? 0);
  return highest;
}

/**
 * Weighted sampling without replacement: pick `count` of the records, each draw choosing among
 * the remaining ones with probability proportional to its weight. Randomness comes from the
 * Random port so tests and the simulator can seed it.
 */
import { assert } from '../core/model/assert.js';
import type { Random } from '../core/ports/random.js';

export function sampleWeighted<T>(items: readonly T[], weights: readonly number[], count: number, random: Random): T[] {
  assert(items.length === weights.length, 'one weight per item');
  if (items.length <= count) return [...items];
  const remaining = items.map((item, i) => ({ item, weight: weights[i]! }));
  let total = remaining.reduce((sum, entry) => sum + entry.weight, 0);
  const chosen: T[] = [];
  while (chosen.length < count) {
    let target = random.nextFloat() * total;
    let index = 0;
    // The last remaining entry absorbs floating-point leftovers.
    while (index < remaining.length - 1 && target >= remaining[index]!.weight) {
      target -= remaining[index]!.weight;
      index++;
    }
    const [picked] = remaining.splice(index, 1);
    chosen.push(picked!.item);
    total -= picked!.weight;
  }
  return chosen;
}

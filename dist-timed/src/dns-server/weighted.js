/**
 * Weighted sampling without replacement: pick `count` of the records, each draw choosing among
 * the remaining ones with probability proportional to its weight. Randomness comes from the
 * Random port so tests and the simulator can seed it.
 */
import { assert } from '../core/model/assert.js';
export function sampleWeighted(items, weights, count, random) {
    assert(items.length === weights.length, 'one weight per item');
    if (items.length <= count)
        return [...items];
    const remaining = items.map((item, i) => ({ item, weight: weights[i] }));
    let total = remaining.reduce((sum, entry) => sum + entry.weight, 0);
    const chosen = [];
    while (chosen.length < count) {
        let target = random.nextFloat() * total;
        let index = 0;
        // The last remaining entry absorbs floating-point leftovers.
        while (index < remaining.length - 1 && target >= remaining[index].weight) {
            target -= remaining[index].weight;
            index++;
        }
        const [picked] = remaining.splice(index, 1);
        chosen.push(picked.item);
        total -= picked.weight;
    }
    return chosen;
}
/** Draws in a row that may hit an already chosen index before a draw falls back to the exact scan. */
const REJECTIONS_PER_DRAW_MAX = 8;
/**
 * The same sampling as `sampleWeighted`, from a table built once per RRset: cumulative weights,
 * searched in O(log n) per draw. Drawing from the full table and redrawing when the index was
 * already chosen gives exactly the distribution of drawing among the remaining items (the accepted
 * draw is proportional to weight among them); after a few rejections in a row (the chosen items
 * hold most of the weight) the draw scans the remaining items instead, which is exact too.
 */
export class WeightedTable {
    cumulative;
    weights;
    total;
    constructor(weights) {
        assert(weights.length > 0 && weights.every((w) => w > 0 && Number.isFinite(w)), 'weights must be positive and finite');
        this.weights = weights;
        this.cumulative = new Float64Array(weights.length);
        let sum = 0;
        weights.forEach((weight, i) => {
            sum += weight;
            this.cumulative[i] = sum;
        });
        this.total = sum;
    }
    get size() {
        return this.weights.length;
    }
    /** `count` distinct indices in draw order (every index, in order, when there are no more). */
    draw(count, random) {
        const n = this.weights.length;
        if (n <= count)
            return Array.from({ length: n }, (_, i) => i);
        const chosen = [];
        while (chosen.length < count)
            chosen.push(this.drawOne(chosen, random));
        return chosen;
    }
    drawOne(chosen, random) {
        for (let attempt = 0; attempt < REJECTIONS_PER_DRAW_MAX; attempt++) {
            const index = this.indexAt(random.nextFloat() * this.total);
            if (!chosen.includes(index))
                return index;
        }
        return this.scanRemaining(chosen, random);
    }
    /** The first index whose cumulative weight exceeds `target` (the last one absorbs rounding). */
    indexAt(target) {
        let low = 0;
        let high = this.cumulative.length - 1;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (this.cumulative[middle] > target)
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }
    scanRemaining(chosen, random) {
        let remaining = 0;
        for (let i = 0; i < this.weights.length; i++)
            if (!chosen.includes(i))
                remaining += this.weights[i];
        let target = random.nextFloat() * remaining;
        let last = -1;
        for (let i = 0; i < this.weights.length; i++) {
            if (chosen.includes(i))
                continue;
            last = i;
            if (target < this.weights[i])
                return i;
            target -= this.weights[i];
        }
        return last;
    }
}
//# sourceMappingURL=weighted.js.map
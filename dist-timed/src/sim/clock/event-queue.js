/**
 * A binary min-heap of timed actions, ordered by (atMs, seq). `seq` is the insertion order, so two
 * actions due at the same instant run in the order they were scheduled: the order is a function of
 * the program alone, never of the platform.
 */
import { assert } from '../../core/model/assert.js';
export class EventQueue {
    heap = [];
    seqNext = 0;
    get size() {
        return this.heap.length;
    }
    push(atMs, run) {
        assert(Number.isFinite(atMs), `event time must be finite, got ${atMs}`);
        this.heap.push({ atMs, seq: this.seqNext++, run });
        this.siftUp(this.heap.length - 1);
    }
    peekAtMs() {
        return this.heap[0]?.atMs;
    }
    pop() {
        const top = this.heap[0];
        const last = this.heap.pop();
        if (top === undefined || last === undefined)
            return undefined;
        if (this.heap.length > 0) {
            this.heap[0] = last;
            this.siftDown(0);
        }
        return top;
    }
    less(i, j) {
        const a = this.heap[i];
        const b = this.heap[j];
        return a.atMs !== b.atMs ? a.atMs < b.atMs : a.seq < b.seq;
    }
    swap(i, j) {
        const t = this.heap[i];
        this.heap[i] = this.heap[j];
        this.heap[j] = t;
    }
    siftUp(index) {
        let i = index;
        while (i > 0) {
            const parent = (i - 1) >>> 1;
            if (!this.less(i, parent))
                return;
            this.swap(i, parent);
            i = parent;
        }
    }
    siftDown(index) {
        let i = index;
        const n = this.heap.length;
        for (;;) {
            const left = 2 * i + 1;
            const right = left + 1;
            let smallest = i;
            if (left < n && this.less(left, smallest))
                smallest = left;
            if (right < n && this.less(right, smallest))
                smallest = right;
            if (smallest === i)
                return;
            this.swap(i, smallest);
            i = smallest;
        }
    }
}
//# sourceMappingURL=event-queue.js.map
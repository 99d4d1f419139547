import { failure, ok } from '../../core/ports/result.js';
export class MemoryControlStore {
    controls = [];
    async list() {
        return ok([...this.controls]);
    }
    async add(control) {
        if (this.controls.some((c) => c.id === control.id))
            return failure('exists', `control ${control.id} exists`, false);
        this.controls.push(control);
        return ok(undefined);
    }
    async remove(kind, target) {
        const removed = this.controls.filter((c) => c.kind === kind && c.target === target);
        for (const control of removed)
            this.controls.splice(this.controls.indexOf(control), 1);
        return ok(removed);
    }
    async prune(beforeMs) {
        const expired = this.controls.filter((c) => c.expiresAtMs !== null && c.expiresAtMs < beforeMs);
        for (const control of expired)
            this.controls.splice(this.controls.indexOf(control), 1);
        return ok(expired.length);
    }
}
//# sourceMappingURL=memory-control-store.js.map
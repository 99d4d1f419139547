export class SimControls {
    virtualMs;
    operatorWallMs;
    list = [];
    history = [];
    idNext = 1;
    constructor(virtualMs, operatorWallMs) {
        this.virtualMs = virtualMs;
        this.operatorWallMs = operatorWallMs;
    }
    current() {
        return this.list;
    }
    async refresh() { }
    /** Places a control as an operator would (`dnsplane freeze|override|adopt`): wall timestamps from the operator's clock. */
    add(kind, target, reason, ttlMs) {
        const createdAtMs = this.operatorWallMs();
        const control = {
            id: `op-${this.idNext++}`, kind, target, reason, by: 'sim-operator', createdAtMs, expiresAtMs: ttlMs === undefined ? null : createdAtMs + ttlMs,
        };
        this.list = [...this.list, control];
        const fromMs = this.virtualMs();
        this.history.push({ kind, target, fromMs, toMs: ttlMs === undefined ? Number.POSITIVE_INFINITY : fromMs + ttlMs });
        return control;
    }
    lift(kind, target) {
        const removed = this.list.filter((c) => c.kind === kind && c.target === target);
        this.list = this.list.filter((c) => !removed.includes(c));
        const now = this.virtualMs();
        for (const span of this.history)
            if (span.kind === kind && span.target === target && span.toMs > now)
                span.toMs = now;
        return removed.length;
    }
    liftAll(kind) {
        for (const target of new Set(this.list.filter((c) => c.kind === kind).map((c) => c.target)))
            this.lift(kind, target);
    }
    /** Whether a control of `kind` covering `endpoint` was in force at virtual `atMs`. */
    inForce(kind, endpoint, atMs) {
        return this.history.some((s) => s.kind === kind && (s.target === endpoint || (s.target === '*' && kind !== 'adopt')) && atMs >= s.fromMs && atMs < s.toMs);
    }
    spans(kind) {
        return this.history.filter((s) => s.kind === kind);
    }
}
//# sourceMappingURL=sim-controls.js.map
export class PrerequisiteDroppingProvider {
    inner;
    liveFenceOf;
    id;
    writesPerTransactionMax;
    constructor(inner, liveFenceOf) {
        this.inner = inner;
        this.liveFenceOf = liveFenceOf;
        this.id = inner.id;
        this.writesPerTransactionMax = inner.writesPerTransactionMax;
    }
    readEndpoints(names) {
        return this.inner.readEndpoints(names);
    }
    applyFenced(writes) {
        const blind = writes.map((w) => ({ ...w, expectedFence: this.liveFenceOf(w.endpoint) }));
        return this.inner.applyFenced(blind);
    }
    materialise(records) {
        return this.inner.materialise(records);
    }
}
//# sourceMappingURL=prerequisite-dropping-provider.js.map
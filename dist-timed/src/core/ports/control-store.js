export {};
//# sourceMappingURL=control-store.js.map
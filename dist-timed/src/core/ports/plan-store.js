export {};
//# sourceMappingURL=plan-store.js.map
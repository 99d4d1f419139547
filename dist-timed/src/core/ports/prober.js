export {};
//# sourceMappingURL=prober.js.map
export {};
//# sourceMappingURL=scheduler.js.map
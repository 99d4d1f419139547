export const systemRandom = { nextFloat: () => Math.random() };
//# sourceMappingURL=system-random.js.map
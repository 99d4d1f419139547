/** An integer in [0, bound). */
export function randomInt(random, bound) {
    return Math.floor(random.nextFloat() * bound);
}
//# sourceMappingURL=random.js.map
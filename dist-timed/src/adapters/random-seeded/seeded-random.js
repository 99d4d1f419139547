export class SeededRandom {
    seed;
    a;
    b;
    c;
    d;
    constructor(seed) {
        this.seed = seed;
        let state = seed >>> 0;
        const next = () => {
            state = (state + 0x9e3779b9) >>> 0;
            let z = state;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next();
    }
    nextFloat() {
        return this.nextUint32() / 0x100000000;
    }
    nextUint32() {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
        this.d = (this.d + 1) >>> 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) >>> 0;
        this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
        this.c = (this.c + t) >>> 0;
        return t >>> 0;
    }
    /** An independent stream derived from this one (for per-component randomness). */
    fork() {
        return new SeededRandom(this.nextUint32());
    }
}
//# sourceMappingURL=seeded-random.js.map
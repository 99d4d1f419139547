export const NO_LATENCY = { baseMs: 0, tailProbability: 0, tailMeanMs: 0 };
export function drawLatencyMs(model, random) {
    const body = model.baseMs * (0.5 + random.nextFloat());
    if (model.tailProbability <= 0 || random.nextFloat() >= model.tailProbability)
        return Math.round(body);
    const tail = -Math.log(1 - random.nextFloat()) * model.tailMeanMs;
    return Math.round(body + tail);
}
/** A Bernoulli draw that never consumes randomness when the probability is zero (faults off). */
export function chance(probability, random) {
    return probability > 0 && random.nextFloat() < probability;
}
//# sourceMappingURL=latency.js.map
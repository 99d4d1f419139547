/**
 * Latency with a long tail: a uniform body around `baseMs`, and with probability `tailProbability`
 * an extra exponential delay of mean `tailMeanMs` (a slow disk, a GC pause, a congested link).
 */
import type { Random } from '../../core/ports/random.js';

export interface LatencyModel {
  readonly baseMs: number;
  readonly tailProbability: number;
  readonly tailMeanMs: number;
}

export const NO_LATENCY: LatencyModel = { baseMs: 0, tailProbability: 0, tailMeanMs: 0 };

export function drawLatencyMs(model: LatencyModel, random: Random): number {
  const body = model.baseMs * (0.5 + random.nextFloat());
  if (model.tailProbability <= 0 || random.nextFloat() >= model.tailProbability) return Math.round(body);
  const tail = -Math.log(1 - random.nextFloat()) * model.tailMeanMs;
  return Math.round(body + tail);
}

/** A Bernoulli draw that never consumes randomness when the probability is zero (faults off). */
export function chance(probability: number, random: Random): boolean {
  return probability > 0 && random.nextFloat() < probability;
}

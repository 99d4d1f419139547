/** The production Random. */
import type { Random } from '../../core/ports/random.js';

export const systemRandom: Random = { nextFloat: () => Math.random() };

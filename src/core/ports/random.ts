/** Randomness, injected: production draws from the platform, the simulator from its seed. */
export interface Random {
  /** A float in [0, 1). */
  nextFloat(): number;
}

/** An integer in [0, bound). */
export function randomInt(random: Random, bound: number): number {
  return Math.floor(random.nextFloat() * bound);
}

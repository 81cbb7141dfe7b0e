import seedrandom from "seedrandom";

/** A uniform [0, 1) generator; the same seed and purpose always give the same sequence. */
export type Rng = () => number;

/**
 * One generator per (seed, dataset, purpose): adding a random draw for one purpose never shifts the draws of
 * another, so a change to one step of a dataset leaves the other steps' output as it was.
 */
export function rngFor(seed: number, ...purpose: string[]): Rng {
  const prng = seedrandom([String(seed), ...purpose].join(":"));
  return () => prng.quick();
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function randomInt(rng: Rng, below: number): number {
  return Math.floor(rng() * below);
}

import seedrandom from "seedrandom";

/** The generator's saved form (seedrandom's alea state), stored in rng_state.json. */
export type RngState = { c: number; s0: number; s1: number; s2: number };

/**
 * A seeded random stream whose state can be saved and restored exactly, so a resumed run draws the same numbers
 * (dropout seeds, masking) as an uninterrupted one.
 */
export class RngStream {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(seed: number | string) {
    this.prng = seedrandom.alea(String(seed), { state: true });
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** An integer in [0, 2^31), for tfjs ops that take a seed. */
  nextSeed(): number {
    return this.prng.int32() >>> 1;
  }

  getState(): RngState {
    return this.prng.state() as unknown as RngState;
  }

  setState(state: RngState): void {
    this.prng = seedrandom.alea("", { state: state as unknown as seedrandom.State.Alea });
  }
}

/** A permutation of 0..n-1 that depends only on the seed (Fisher–Yates over an alea stream). */
export function seededPermutation(n: number, seed: string): Int32Array {
  const rng = seedrandom.alea(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

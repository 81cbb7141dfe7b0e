import seedrandom from "seedrandom";

/**
 * The full state of a `SeededRng`: plain numbers, so it goes into a checkpoint's JSON unchanged (JSON round-trips
 * doubles exactly) and a resumed run continues the very same stream.
 */
export interface RngState {
  algorithm: "alea";
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * A seeded uniform stream whose state can be saved and restored. Alea: fast, 32-bit resolution, and a state of four
 * numbers (the default ARC4 generator would need 256).
 */
export class SeededRng {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(seed: number | string) {
    this.prng = seedrandom.alea(String(seed), { state: true });
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.prng() * n);
  }

  getState(): RngState {
    const { c, s0, s1, s2 } = this.prng.state();
    return { algorithm: "alea", c, s0, s1, s2 };
  }

  setState(state: RngState): void {
    const fields = ["c", "s0", "s1", "s2"] as const;
    if (state?.algorithm !== "alea" || !fields.every((field) => Number.isFinite(state[field]))) {
      throw new Error(`RNG state must be { algorithm: "alea", c, s0, s1, s2 }, got ${JSON.stringify(state)}`);
    }
    const { c, s0, s1, s2 } = state;
    this.prng = seedrandom.alea("", { state: { c, s0, s1, s2 } });
  }
}

import { SeededRng } from "@tfjs-trainer/data";

/** A permutation of 0..n-1 that depends only on the seed (Fisher–Yates over a seeded stream). */
export function seededPermutation(n: number, seed: string): Int32Array {
  const rng = new SeededRng(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

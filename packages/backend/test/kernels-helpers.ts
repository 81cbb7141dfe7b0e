import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export type Backend = "cpu" | "wasm";
export const BACKENDS: readonly Backend[] = ["cpu", "wasm"];

/** Both backends initialised (wasm loads its binary once), cpu active. */
export async function initBackends(): Promise<void> {
  for (const name of [...BACKENDS].reverse()) {
    await tf.setBackend(name);
    await tf.ready();
  }
}

/** Deterministic uniform values in [-1, 1) (a small LCG: the same numbers on every run and machine). */
export function randomValues(size: number, seed: number): Float32Array {
  const values = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** Deterministic integers in [low, high). */
export function randomInts(size: number, low: number, high: number, seed: number): Int32Array {
  return Int32Array.from(randomValues(size, seed), (v) => low + Math.floor(((v + 1) / 2) * (high - low)));
}

/** max |ours − reference| / max |reference| (0 for two all-zero arrays): error against the reference's scale. */
export function scaleRelativeError(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (ours.length !== reference.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    const difference = Math.abs(ours[i] - reference[i]);
    worst = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(worst, difference);
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return scale === 0 ? worst : worst / scale;
}

/** A tensor's values and shape, read back and disposed. */
export function take(t: tf.Tensor): { values: number[]; shape: number[] } {
  const out = { values: Array.from(t.dataSync()), shape: [...t.shape] };
  t.dispose();
  return out;
}

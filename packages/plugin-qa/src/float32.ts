/**
 * The float32 arithmetic HF's postprocessing does through numpy: logits are float32, so are their sums, the null
 * score difference and the softmax over the n-best. Each helper rounds where numpy rounds, so the scores, orders and
 * probabilities written here are numpy's (the exponential is correctly rounded here; numpy's SIMD float32 exp may
 * differ from it by an ulp).
 */
const f32 = Math.fround;

/** np.float32 + np.float32. */
export const add32 = (a: number, b: number): number => f32(a + b);

/** np.float32 - np.float32. */
export const sub32 = (a: number, b: number): number => f32(a - b);

/**
 * `np.argsort(x)[-1 : -n - 1 : -1]`: the indices of the n largest values, largest first; numpy sorts NaN last (so it
 * comes first here). Equal values come out with the higher index first, as a stable ascending sort read backwards:
 * numpy's order for up to 16 values (insertion sort); above that its introsort orders ties arbitrarily, which only
 * matters for logits that are exactly equal.
 */
export function topIndices(values: ArrayLike<number>, n: number): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((i, j) => {
    const a = values[i];
    const b = values[j];
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    if (aNaN || bNaN) return aNaN === bNaN ? j - i : aNaN ? -1 : 1;
    return a === b ? j - i : b - a;
  });
  return order.slice(0, Math.max(0, n));
}

/**
 * numpy's pairwise summation of a float32 array (`arr.sum()`): under 8 values a plain loop; up to 128 eight
 * accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) then the remainder; above that, halves (at a
 * multiple of 8) summed recursively. Every partial sum is rounded to float32.
 */
export function pairwiseSum32(values: readonly number[], start = 0, n = values.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f32(res + values[start + i]);
    return res;
  }
  if (n <= 128) {
    const r = values.slice(start, start + 8).map(f32);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) r[k] = f32(r[k] + values[start + i + k]);
    }
    let res = f32(f32(f32(r[0] + r[1]) + f32(r[2] + r[3])) + f32(f32(r[4] + r[5]) + f32(r[6] + r[7])));
    for (; i < n; i++) res = f32(res + values[start + i]);
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return f32(pairwiseSum32(values, start, half) + pairwiseSum32(values, start + half, n - half));
}

/**
 * HF's softmax over the n-best scores: `exp(s - max(s)) / sum(...)` in float32, or in float64 when `float64` is set
 * (numpy builds a float64 array when a Python float, the "empty" placeholder's score, is among them).
 */
export function softmaxScores(scores: readonly number[], float64: boolean): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (Number.isNaN(s) || s > max) max = s;
  if (float64) {
    const exps = scores.map((s) => Math.exp(s - max));
    const sum = pairwiseSum64(exps, 0, exps.length);
    return exps.map((e) => e / sum);
  }
  const exps = scores.map((s) => f32(Math.exp(f32(s - max))));
  const sum = pairwiseSum32(exps);
  return exps.map((e) => f32(e / sum));
}

function pairwiseSum64(values: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i];
    return res;
  }
  if (n <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += values[start + i + k];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += values[start + i];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum64(values, start, half) + pairwiseSum64(values, start + half, n - half);
}

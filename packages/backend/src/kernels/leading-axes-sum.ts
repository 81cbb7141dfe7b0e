import * as tf from "@tensorflow/tfjs";

/**
 * How a Sum splits x when its axes are the leading ones (0 … r-1, r below the rank): x as [rows, cols], summed
 * over rows. Undefined for any other reduction, which the stock kernels handle well (trailing axes) or rarely see.
 */
export function leadingAxesSplit(
  shape: number[],
  axis: number | number[],
): { rows: number; cols: number; outShape: number[]; keptShape: number[] } | undefined {
  const axes = [...tf.util.parseAxisParam(axis, shape)].sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < shape.length && axes.every((a, i) => a === i);
  if (!leading) return undefined;
  const reduced = shape.slice(0, axes.length);
  const kept = shape.slice(axes.length);
  return {
    rows: tf.util.sizeFromShape(reduced),
    cols: tf.util.sizeFromShape(kept),
    outShape: kept,
    keptShape: [...reduced.map(() => 1), ...kept],
  };
}

/**
 * out[j] = Σ_i x[i·cols + j], row by row so every read is sequential, in float64 like the stock cpu kernel's
 * accumulator. The stock kernels first transpose x to bring the axes last: for the bias gradient of a vocabulary
 * projection ([tokens, vocab] summed over tokens) that transpose costs ten times the sum.
 */
export function sumRows(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  out: Float32Array | Int32Array,
): void {
  const total = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) total[j] += x[offset + j];
  }
  out.set(total);
}

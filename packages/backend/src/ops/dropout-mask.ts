import * as tf from "@tensorflow/tfjs";

/** A kernel a backend may register to draw dropout masks on its device (the webgpu backend does). */
export const DROPOUT_MASK_KERNEL = "TfjsTrainerDropoutMask";

/** The kernel's attributes: the mask's shape, and the draw's parameters as the host computes them. */
export interface DropoutMaskAttrs {
  shape: number[];
  /** int32 seed, read as uint32. */
  seed: number;
  /** Keep a value where its uint32 draw is at least this (0 … 2^32 - 1). */
  threshold: number;
  /** What a kept value is: 1 / (1 - rate) in float32. */
  scale: number;
}

/** The golden-ratio step of mulberry32: value i of a stream seeded s is the hash of s + (i + 1) × this, mod 2^32. */
const STEP = 0x6d2b79f5;

/** mulberry32's output hash of a counter state (uint32 in, uint32 out). */
export function mulberry32Hash(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

export function dropoutMaskAttrs(shape: number[], rate: number, seed: number): DropoutMaskAttrs {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${rate}`);
  // float32 division, as tf.dropout scales: the quotient of two float32 values, correctly rounded
  const scale = Math.fround(1 / Math.fround(1 - rate));
  // draw / 2^32 >= rate, in integers: exact, and the same on a GPU that has no float64
  const threshold = Math.min(Math.ceil(rate * 2 ** 32), 2 ** 32 - 1);
  return { shape: [...shape], seed: seed | 0, threshold, scale };
}

/** The mask on the host: value i is `scale` where mulberry32's draw i is at least `threshold`, else 0. */
export function dropoutMaskValues({ shape, seed, threshold, scale }: DropoutMaskAttrs): Float32Array {
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  let state = seed | 0;
  for (let i = 0; i < values.length; i++) {
    state = (state + STEP) | 0;
    values[i] = mulberry32Hash(state) >= threshold ? scale : 0;
  }
  return values;
}

/**
 * The mask dropout multiplies by: 1 / (1 - rate) where a uniform draw is at least `rate`, 0 elsewhere, drawn from
 * `seed` by mulberry32 (a counter hash: a few integer operations a value, each value independent of the others).
 * The same mask on every backend for the same seed. On a backend that registered DROPOUT_MASK_KERNEL (webgpu) it
 * is drawn on the device; elsewhere on the host, in one loop.
 *
 * tf.dropout instead draws through tfjs's seeded randomUniform, a general generator on the host (~27 ns a value),
 * then makes four more passes on the device (add, floor, divide, multiply): 55 ms for one BERT-mini attention
 * dropout on an H200, most of a training forward there.
 */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  const attrs = dropoutMaskAttrs(shape, rate, seed);
  if (tf.getKernel(DROPOUT_MASK_KERNEL, tf.getBackend())) {
    return tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tensor(dropoutMaskValues(attrs), shape, "float32");
}

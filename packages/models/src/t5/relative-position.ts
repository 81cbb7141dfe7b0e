import * as tf from "@tensorflow/tfjs";

const f32 = Math.fround;

export interface BucketOptions {
  /** Encoder: keys before and after the query get separate buckets. Decoder: only keys before it matter. */
  bidirectional: boolean;
  numBuckets: number;
  maxDistance: number;
}

/**
 * T5's bucket of a relative position (key − query): half the buckets are exact small distances, the rest grow
 * logarithmically up to max_distance. The logarithmic part is computed with float32 roundings at each step, as torch
 * does, so a distance on a bucket edge lands in the same bucket as in HF.
 */
export function relativePositionBucket(relative: number, options: BucketOptions): number {
  let buckets = options.numBuckets;
  let offset = 0;
  let distance: number;
  if (options.bidirectional) {
    buckets = Math.floor(buckets / 2);
    if (relative > 0) offset = buckets;
    distance = Math.abs(relative);
  } else {
    distance = Math.max(-relative, 0);
  }
  const maxExact = Math.floor(buckets / 2);
  if (distance < maxExact) return offset + distance;
  const logRatio = f32(Math.log(f32(distance / maxExact)));
  const spread = f32(f32(logRatio / f32(Math.log(options.maxDistance / maxExact))) * (buckets - maxExact));
  return offset + Math.min(maxExact + Math.trunc(spread), buckets - 1);
}

/**
 * The additive position bias [1, H, Tq, Tk] for queries at positions queryOffset … queryOffset + Tq − 1 over keys
 * 0 … Tk − 1, read from a relative_attention_bias table [num_buckets, H].
 */
export function relativePositionBias(
  table: tf.Tensor,
  queryLength: number,
  keyLength: number,
  queryOffset: number,
  options: BucketOptions,
): tf.Tensor {
  const buckets = new Int32Array(queryLength * keyLength);
  for (let q = 0; q < queryLength; q++) {
    for (let k = 0; k < keyLength; k++) {
      buckets[q * keyLength + k] = relativePositionBucket(k - (queryOffset + q), options);
    }
  }
  return tf.tidy(() => {
    const values = tf.gather(table, tf.tensor2d(buckets, [queryLength, keyLength], "int32"));
    return values.transpose([2, 0, 1]).expandDims(0);
  });
}

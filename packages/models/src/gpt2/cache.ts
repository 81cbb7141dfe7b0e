import * as tf from "@tensorflow/tfjs";
import type { DecoderCache } from "../generation/types.js";

/** Keys and values of one block's attention over every position seen so far: [B, heads, T, head size]. */
// A type alias, not an interface, so that tf.tidy accepts it as a tensor container.
export type LayerKeyValues = { key: tf.Tensor; value: tf.Tensor };

/** GPT-2's key/value cache: one entry per block, all with the same number of past positions. */
export class GPT2Cache implements DecoderCache {
  constructor(readonly layers: readonly LayerKeyValues[]) {}

  /** Positions already cached (the offset of the next token). */
  get length(): number {
    return this.layers.length === 0 ? 0 : (this.layers[0].key.shape as number[])[2];
  }

  reorder(indices: tf.Tensor1D): GPT2Cache {
    const layers = tf.tidy(() =>
      this.layers.map(({ key, value }) => ({
        key: tf.gather(key, indices, 0),
        value: tf.gather(value, indices, 0),
      })),
    );
    this.dispose();
    return new GPT2Cache(layers);
  }

  dispose(): void {
    for (const { key, value } of this.layers) {
      key.dispose();
      value.dispose();
    }
  }
}

import * as tf from "@tensorflow/tfjs";
import type { DecoderCache } from "../generation/types.js";

/**
 * Keys and values of one attention layer, [B, heads, T, head size] each. A type rather than an interface so that
 * objects of it are tensor containers tf.tidy can return.
 */
export type KeyValue = { key: tf.Tensor; value: tf.Tensor };

/**
 * Self-attention keys and values of every layer for the positions decoded so far, all with the same number of past
 * positions. Each architecture subclasses it so that its decodeStep can tell its own cache from another model's;
 * reorder keeps the subclass.
 */
export class KeyValueCache implements DecoderCache {
  constructor(readonly layers: readonly KeyValue[]) {}

  /** Positions already cached: the absolute position of the next token. */
  get length(): number {
    return this.layers.length === 0 ? 0 : (this.layers[0].key.shape as number[])[2];
  }

  reorder(indices: tf.Tensor1D): this {
    const layers = tf.tidy(() =>
      this.layers.map(({ key, value }) => ({
        key: tf.gather(key, indices, 0),
        value: tf.gather(value, indices, 0),
      })),
    );
    this.dispose();
    const SameCache = this.constructor as new (layers: readonly KeyValue[]) => this;
    return new SameCache(layers);
  }

  dispose(): void {
    for (const { key, value } of this.layers) {
      key.dispose();
      value.dispose();
    }
  }
}

/** Past keys/values followed by the new ones along the time axis (the cache's tensors stay untouched). */
export function appendKeyValue(past: KeyValue | undefined, next: KeyValue): KeyValue {
  if (!past) return next;
  return { key: tf.concat([past.key, next.key], 2), value: tf.concat([past.value, next.value], 2) };
}

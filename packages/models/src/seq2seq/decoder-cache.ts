import * as tf from "@tensorflow/tfjs";
import type { DecoderCache } from "../generation/types.js";
import type { KeyValue } from "./encoder-state.js";

/**
 * Self-attention keys and values of every decoder layer for the positions decoded so far ([B, H, T, D] each).
 * Cross-attention keys and values are not here: they live in the encoder state, computed once.
 */
export class SelfAttentionCache implements DecoderCache {
  constructor(readonly layers: readonly KeyValue[]) {}

  /** Positions already decoded: the absolute position of the next token. */
  get length(): number {
    return this.layers.length === 0 ? 0 : (this.layers[0].key.shape as number[])[2];
  }

  reorder(indices: tf.Tensor1D): SelfAttentionCache {
    const layers = tf.tidy(() =>
      this.layers.map(({ key, value }) => ({
        key: tf.gather(key, indices),
        value: tf.gather(value, indices),
      })),
    );
    this.dispose();
    return new SelfAttentionCache(layers);
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

/** The cache a decoding step was given, checked to be one of ours (undefined on the first step). */
export function requireSelfAttentionCache(
  cache: DecoderCache | undefined,
  model: string,
): SelfAttentionCache | undefined {
  if (cache === undefined || cache instanceof SelfAttentionCache) return cache;
  throw new Error(`${model}.decodeStep needs the cache its previous step returned`);
}

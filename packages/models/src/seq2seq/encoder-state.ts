import * as tf from "@tensorflow/tfjs";
import type { KeyValue } from "../common/key-value-cache.js";
import type { EncoderState } from "../generation/types.js";

/**
 * What an encoder-decoder model computes once per prompt: the encoder output, its attention mask and, for every
 * decoder layer, the cross-attention keys and values (they depend on the encoder output only, so each decoding step
 * reuses them instead of projecting the encoder output again).
 */
export class CrossAttentionState implements EncoderState {
  constructor(
    /** Encoder output [B, S, d_model]. */
    readonly hidden: tf.Tensor,
    /** Encoder attention mask [B, S] (1 = token, 0 = padding). */
    readonly attentionMask: tf.Tensor,
    /** Per decoder layer. */
    readonly crossKeyValues: readonly KeyValue[],
  ) {}

  get batchSize(): number {
    return this.hidden.shape[0];
  }

  select(indices: tf.Tensor1D): CrossAttentionState {
    const picked = tf.tidy(() => ({
      hidden: tf.gather(this.hidden, indices),
      mask: tf.gather(this.attentionMask, indices),
      keyValues: this.crossKeyValues.map(({ key, value }) => ({
        key: tf.gather(key, indices),
        value: tf.gather(value, indices),
      })),
    }));
    return new CrossAttentionState(picked.hidden, picked.mask, picked.keyValues);
  }

  dispose(): void {
    this.hidden.dispose();
    this.attentionMask.dispose();
    for (const { key, value } of this.crossKeyValues) {
      key.dispose();
      value.dispose();
    }
  }
}

/** The encoder state a decoding step was given, checked to be one of ours. */
export function requireCrossAttentionState(
  state: EncoderState | undefined,
  model: string,
): CrossAttentionState {
  if (!(state instanceof CrossAttentionState)) {
    throw new Error(`${model}.decodeStep needs the encoder state its encode() returned`);
  }
  return state;
}

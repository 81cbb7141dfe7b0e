import * as tf from "@tensorflow/tfjs";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "../common/attention.js";
import { appendKeyValue } from "../common/key-value-cache.js";
import { conv1d, type Dropout } from "../common/layers.js";
import type { LayerKeyValues } from "./cache.js";

export interface AttentionWeights {
  qkvWeight: tf.Tensor;
  qkvBias: tf.Tensor;
  outWeight: tf.Tensor;
  outBias: tf.Tensor;
}

export interface SelfAttentionOptions {
  heads: number;
  /** Multiplier of q·k: 1/√(head size) when scale_attn_weights, divided by (layer index + 1) when asked. */
  scale: number;
  /** Additive mask broadcastable to [B, heads, T, past + T] (causal and padding). */
  mask: tf.Tensor;
  past?: LayerKeyValues;
  dropout: Dropout;
  attnDropout: number;
  residDropout: number;
}

/**
 * GPT2Attention (self-attention): one Conv1D makes queries, keys and values; the keys and values of earlier
 * positions come from the cache. Returns the block's attention output and the keys/values to cache.
 */
export function selfAttention(
  x: tf.Tensor,
  w: AttentionWeights,
  o: SelfAttentionOptions,
): { output: tf.Tensor; present: LayerKeyValues } {
  const width = (x.shape as number[])[x.shape.length - 1];
  const qkv = conv1d(x, w.qkvWeight, w.qkvBias);
  const [q, k, v] = tf.split(qkv, [width, width, width], -1);
  const query = splitHeads(q, o.heads);
  const { key, value } = appendKeyValue(o.past, {
    key: splitHeads(k, o.heads),
    value: splitHeads(v, o.heads),
  });
  const attended = scaledDotProductAttention(query, key, value, {
    scale: o.scale,
    mask: o.mask,
    dropout: { layer: o.dropout, rate: o.attnDropout },
  });
  const projected = conv1d(mergeHeads(attended), w.outWeight, w.outBias);
  return { output: o.dropout.apply(projected, o.residDropout), present: { key, value } };
}

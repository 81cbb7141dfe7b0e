import * as tf from "@tensorflow/tfjs";
import type { Dropout } from "./layers.js";

/** Large negative for masked scores: exp() of it underflows to exactly 0, like HF's finfo.min, without -inf sums. */
export const MASK_VALUE = -1e9;

/** [B, T, H·D] → [B, H, T, D] */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [b, t, hd] = x.shape;
  return x.reshape([b, t, heads, hd / heads]).transpose([0, 2, 1, 3]);
}

/** [B, H, T, D] → [B, T, H·D] */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [b, h, t, d] = x.shape;
  return x.transpose([0, 2, 1, 3]).reshape([b, t, h * d]);
}

/** attention_mask [B, Tk] (1 = attend) → additive [B, 1, 1, Tk]. */
export function paddingMask(attentionMask: tf.Tensor): tf.Tensor {
  const [b, tk] = attentionMask.shape;
  return tf.mul(tf.sub(1, attentionMask.toFloat()), MASK_VALUE).reshape([b, 1, 1, tk]);
}

/** Additive causal mask [1, 1, Tq, Tk] where query i (at absolute position offset + i) sees keys ≤ its position. */
export function causalMask(tq: number, tk: number, offset = tk - tq): tf.Tensor {
  return tf.tidy(() => {
    const rows = tf.range(offset, offset + tq, 1, "int32").reshape([tq, 1]);
    const cols = tf.range(0, tk, 1, "int32").reshape([1, tk]);
    return tf
      .where(tf.greaterEqual(rows, cols), tf.zeros([tq, tk]), tf.fill([tq, tk], MASK_VALUE))
      .reshape([1, 1, tq, tk]);
  });
}

export interface AttentionOptions {
  /** Additive mask broadcastable to [B, H, Tq, Tk]. */
  mask?: tf.Tensor;
  /** Additive position bias broadcastable to [B, H, Tq, Tk] (T5). */
  bias?: tf.Tensor;
  /** Multiplier of q·k (1/√D for most models; T5 uses 1). */
  scale: number;
  dropout?: { layer: Dropout; rate: number };
}

/** softmax(q·kᵀ · scale + bias + mask) · v over [B, H, T, D] tensors. */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  o: AttentionOptions,
): tf.Tensor {
  let scores = tf.matMul(q, k, false, true);
  if (o.scale !== 1) scores = tf.mul(scores, o.scale);
  if (o.bias) scores = tf.add(scores, o.bias);
  if (o.mask) scores = tf.add(scores, o.mask);
  let probs = tf.softmax(scores, -1);
  if (o.dropout) probs = o.dropout.layer.apply(probs, o.dropout.rate);
  return tf.matMul(probs, v);
}

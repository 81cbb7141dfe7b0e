import type * as tf from "@tensorflow/tfjs";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "../common/attention.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { linear } from "../common/layers.js";
import type { T5Context } from "./context.js";

/** Keys and values of `source` through the k / v projections (no bias) of attention block `prefix`, split into heads. */
export function projectKeyValue(ctx: T5Context, prefix: string, source: tf.Tensor): KeyValue {
  const heads = ctx.config.num_heads;
  return {
    key: splitHeads(linear(source, ctx.weight(`${prefix}.k.weight`)), heads),
    value: splitHeads(linear(source, ctx.weight(`${prefix}.v.weight`)), heads),
  };
}

/**
 * T5Attention: unscaled scores (the scale lives in q's initialisation) plus a position bias (relative positions in
 * self-attention, none in cross-attention) and the additive mask, attention dropout, then o.
 */
export function t5Attention(
  ctx: T5Context,
  prefix: string,
  hidden: tf.Tensor,
  keyValue: KeyValue,
  mask: { bias?: tf.Tensor; mask: tf.Tensor },
): tf.Tensor {
  const query = splitHeads(linear(hidden, ctx.weight(`${prefix}.q.weight`)), ctx.config.num_heads);
  const context = scaledDotProductAttention(query, keyValue.key, keyValue.value, {
    scale: 1,
    bias: mask.bias,
    mask: mask.mask,
    dropout: { layer: ctx.dropout, rate: ctx.config.dropout_rate },
  });
  return linear(mergeHeads(context), ctx.weight(`${prefix}.o.weight`));
}

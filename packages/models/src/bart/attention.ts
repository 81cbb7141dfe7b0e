import type * as tf from "@tensorflow/tfjs";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "../common/attention.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { linear } from "../common/layers.js";
import type { BartContext } from "./context.js";

function project(ctx: BartContext, prefix: string, projection: string, x: tf.Tensor): tf.Tensor {
  return linear(x, ctx.weight(`${prefix}.${projection}.weight`), ctx.weight(`${prefix}.${projection}.bias`));
}

/** Keys and values of `source` through the k_proj / v_proj of attention block `prefix`, split into heads. */
export function projectKeyValue(
  ctx: BartContext,
  prefix: string,
  source: tf.Tensor,
  heads: number,
): KeyValue {
  return {
    key: splitHeads(project(ctx, prefix, "k_proj", source), heads),
    value: splitHeads(project(ctx, prefix, "v_proj", source), heads),
  };
}

/**
 * BartAttention: queries from `hidden`, scores scaled by head_dim^-0.5, the additive `mask`, attention dropout, then
 * out_proj. Keys and values come in already projected (self-attention with its cache, or cross-attention computed once).
 */
export function bartAttention(
  ctx: BartContext,
  prefix: string,
  hidden: tf.Tensor,
  keyValue: KeyValue,
  heads: number,
  mask: tf.Tensor,
): tf.Tensor {
  const query = splitHeads(project(ctx, prefix, "q_proj", hidden), heads);
  const headDim = ctx.config.d_model / heads;
  const context = scaledDotProductAttention(query, keyValue.key, keyValue.value, {
    scale: headDim ** -0.5,
    mask,
    dropout: { layer: ctx.dropout, rate: ctx.config.attention_dropout },
  });
  return project(ctx, prefix, "out_proj", mergeHeads(context));
}

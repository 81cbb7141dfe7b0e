import * as tf from "@tensorflow/tfjs";
import { appendKeyValue, type KeyValue } from "../common/key-value-cache.js";
import { activation, layerNorm, linear } from "../common/layers.js";
import { bartAttention, projectKeyValue } from "./attention.js";
import { BART_LAYER_NORM_EPS, type BartContext } from "./context.js";

function norm(ctx: BartContext, name: string, x: tf.Tensor): tf.Tensor {
  return layerNorm(x, ctx.weight(`${name}.weight`), ctx.weight(`${name}.bias`), BART_LAYER_NORM_EPS);
}

/** residual + dropout(block output), then the block's layer norm: BART normalises after the residual (post-LN). */
function residualNorm(ctx: BartContext, name: string, residual: tf.Tensor, output: tf.Tensor): tf.Tensor {
  return norm(ctx, name, tf.add(residual, ctx.dropout.apply(output, ctx.config.dropout)));
}

function feedForward(ctx: BartContext, prefix: string, hidden: tf.Tensor): tf.Tensor {
  const act = activation(ctx.config.activation_function);
  const inner = act(linear(hidden, ctx.weight(`${prefix}.fc1.weight`), ctx.weight(`${prefix}.fc1.bias`)));
  const dropped = ctx.dropout.apply(inner, ctx.config.activation_dropout);
  const output = linear(dropped, ctx.weight(`${prefix}.fc2.weight`), ctx.weight(`${prefix}.fc2.bias`));
  return residualNorm(ctx, `${prefix}.final_layer_norm`, hidden, output);
}

/** BartEncoderLayer: self-attention over the padded source, then the feed-forward block. */
export function bartEncoderLayer(
  ctx: BartContext,
  prefix: string,
  hidden: tf.Tensor,
  mask: tf.Tensor,
): tf.Tensor {
  const heads = ctx.config.encoder_attention_heads;
  const selfAttention = `${prefix}.self_attn`;
  const attended = bartAttention(
    ctx,
    selfAttention,
    hidden,
    projectKeyValue(ctx, selfAttention, hidden, heads),
    heads,
    mask,
  );
  return feedForward(ctx, prefix, residualNorm(ctx, `${prefix}.self_attn_layer_norm`, hidden, attended));
}

export interface BartDecoderLayerInputs {
  selfMask: tf.Tensor;
  /** This layer's cached self-attention keys/values (cached decoding). */
  past?: KeyValue;
  cross: KeyValue;
  crossMask: tf.Tensor;
}

/** BartDecoderLayer: causal self-attention (with its cache), cross-attention over the encoder, feed-forward. */
export function bartDecoderLayer(
  ctx: BartContext,
  prefix: string,
  hidden: tf.Tensor,
  inputs: BartDecoderLayerInputs,
): { hidden: tf.Tensor; present: KeyValue } {
  const heads = ctx.config.decoder_attention_heads;
  const selfAttention = `${prefix}.self_attn`;
  const present = appendKeyValue(inputs.past, projectKeyValue(ctx, selfAttention, hidden, heads));
  const attended = bartAttention(ctx, selfAttention, hidden, present, heads, inputs.selfMask);
  const afterSelf = residualNorm(ctx, `${prefix}.self_attn_layer_norm`, hidden, attended);
  const crossed = bartAttention(
    ctx,
    `${prefix}.encoder_attn`,
    afterSelf,
    inputs.cross,
    heads,
    inputs.crossMask,
  );
  const afterCross = residualNorm(ctx, `${prefix}.encoder_attn_layer_norm`, afterSelf, crossed);
  return { hidden: feedForward(ctx, prefix, afterCross), present };
}

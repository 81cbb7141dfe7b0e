import * as tf from "@tensorflow/tfjs";
import { appendKeyValue, type KeyValue } from "../common/key-value-cache.js";
import { embedding, rmsNorm } from "../common/layers.js";
import type { DecoderInputs, DecoderRun } from "../seq2seq/conditional-generation.js";
import { decoderSelfAttentionMask, encoderPaddingMask } from "../seq2seq/masks.js";
import { projectKeyValue, t5Attention } from "./attention.js";
import type { T5Context } from "./context.js";
import { t5FeedForward } from "./feed-forward.js";
import { feedForwardIndex, type T5Side } from "./parameters.js";
import { relativePositionBias } from "./relative-position.js";

function norm(ctx: T5Context, name: string, x: tf.Tensor): tf.Tensor {
  return rmsNorm(x, ctx.weight(`${name}.weight`), ctx.config.layer_norm_epsilon);
}

/** T5's pre-norm sub-layer: hidden + dropout(block(layer_norm(hidden))). */
function sublayer(
  ctx: T5Context,
  prefix: string,
  hidden: tf.Tensor,
  block: (normed: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const output = block(norm(ctx, `${prefix}.layer_norm`, hidden));
  return tf.add(hidden, ctx.dropout.apply(output, ctx.config.dropout_rate));
}

/** Token embeddings (unscaled) with the stack's input dropout. */
function embed(ctx: T5Context, side: T5Side, ids: tf.Tensor): tf.Tensor {
  return ctx.dropout.apply(
    embedding(ctx.weight(`${side}.embed_tokens.weight`), ids),
    ctx.config.dropout_rate,
  );
}

/** The final RMS norm of a stack and its dropout. */
function finish(ctx: T5Context, side: T5Side, hidden: tf.Tensor): tf.Tensor {
  return ctx.dropout.apply(norm(ctx, `${side}.final_layer_norm`, hidden), ctx.config.dropout_rate);
}

/** The relative position bias of a stack: block 0 owns the table, every block reuses it. */
function positionBias(
  ctx: T5Context,
  side: T5Side,
  queries: number,
  keys: number,
  queryOffset: number,
): tf.Tensor {
  const table = ctx.weight(`${side}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`);
  return relativePositionBias(table, queries, keys, queryOffset, {
    bidirectional: side === "encoder",
    numBuckets: ctx.config.relative_attention_num_buckets,
    maxDistance: ctx.config.relative_attention_max_distance,
  });
}

/** The encoder T5Stack: [B, S] ids and their mask → last hidden states [B, S, d_model]. */
export function t5Encoder(ctx: T5Context, inputIds: tf.Tensor, attentionMask: tf.Tensor): tf.Tensor {
  const length = (inputIds.shape as number[])[1];
  const bias = positionBias(ctx, "encoder", length, length, 0);
  const mask = encoderPaddingMask(attentionMask);
  let hidden = embed(ctx, "encoder", inputIds);
  for (let i = 0; i < ctx.config.num_layers; i++) {
    const block = `encoder.block.${i}.layer`;
    const attention = `${block}.0.SelfAttention`;
    hidden = sublayer(ctx, `${block}.0`, hidden, (x) =>
      t5Attention(ctx, attention, x, projectKeyValue(ctx, attention, x), { bias, mask }),
    );
    hidden = sublayer(ctx, `${block}.1`, hidden, (x) => t5FeedForward(ctx, `${block}.1.DenseReluDense`, x));
  }
  return finish(ctx, "encoder", hidden);
}

/** Every decoder block's cross-attention keys and values over the encoder output. */
export function t5CrossKeyValues(ctx: T5Context, encoderHidden: tf.Tensor): KeyValue[] {
  return Array.from({ length: ctx.config.num_decoder_layers }, (_, i) =>
    projectKeyValue(ctx, `decoder.block.${i}.layer.1.EncDecAttention`, encoderHidden),
  );
}

/** The decoder T5Stack over new tokens after the cached ones (none in a full forward). */
export function t5Decoder(ctx: T5Context, inputs: DecoderInputs): DecoderRun {
  const pastLength = inputs.past?.length ?? 0;
  const newTokens = (inputs.inputIds.shape as number[])[1];
  const bias = positionBias(ctx, "decoder", newTokens, pastLength + newTokens, pastLength);
  const selfMask = decoderSelfAttentionMask(newTokens, pastLength, inputs.decoderAttentionMask);
  const crossMask = encoderPaddingMask(inputs.encoderAttentionMask);
  const cross = inputs.crossKeyValues ?? t5CrossKeyValues(ctx, inputs.encoderHidden);
  const present: KeyValue[] = [];
  let hidden = embed(ctx, "decoder", inputs.inputIds);
  for (let i = 0; i < ctx.config.num_decoder_layers; i++) {
    const block = `decoder.block.${i}.layer`;
    const selfAttention = `${block}.0.SelfAttention`;
    hidden = sublayer(ctx, `${block}.0`, hidden, (x) => {
      const keyValue = appendKeyValue(inputs.past?.layers[i], projectKeyValue(ctx, selfAttention, x));
      present.push(keyValue);
      return t5Attention(ctx, selfAttention, x, keyValue, { bias, mask: selfMask });
    });
    hidden = sublayer(ctx, `${block}.1`, hidden, (x) =>
      t5Attention(ctx, `${block}.1.EncDecAttention`, x, cross[i], { mask: crossMask }),
    );
    const ff = `${block}.${feedForwardIndex("decoder")}`;
    hidden = sublayer(ctx, ff, hidden, (x) => t5FeedForward(ctx, `${ff}.DenseReluDense`, x));
  }
  return { hidden: finish(ctx, "decoder", hidden), present };
}

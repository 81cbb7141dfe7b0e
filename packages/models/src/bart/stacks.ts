import * as tf from "@tensorflow/tfjs";
import { tooManyPositions } from "../common/input-shapes.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { embedding, layerNorm } from "../common/layers.js";
import type { DecoderInputs, DecoderRun } from "../seq2seq/conditional-generation.js";
import { decoderSelfAttentionMask, encoderPaddingMask } from "../seq2seq/masks.js";
import { projectKeyValue } from "./attention.js";
import { BART_LAYER_NORM_EPS, type BartContext } from "./context.js";
import { bartDecoderLayer, bartEncoderLayer } from "./layers.js";
import { BART_POSITION_OFFSET } from "./parameters.js";

/** Token embeddings (× √d_model when scale_embedding) + learned positions from `pastLength` on, layer norm, dropout. */
function embed(ctx: BartContext, side: "encoder" | "decoder", ids: tf.Tensor, pastLength: number): tf.Tensor {
  const { config } = ctx;
  const length = (ids.shape as number[])[1];
  if (pastLength + length > config.max_position_embeddings) {
    throw tooManyPositions(
      `BART ${side}`,
      pastLength + length,
      config.max_position_embeddings,
      "max_position_embeddings",
    );
  }
  const prefix = `model.${side}`;
  let tokens = embedding(ctx.weight(`${prefix}.embed_tokens.weight`), ids);
  if (config.scale_embedding) tokens = tf.mul(tokens, Math.sqrt(config.d_model));
  const first = pastLength + BART_POSITION_OFFSET;
  const positions = tf.gather(
    ctx.weight(`${prefix}.embed_positions.weight`),
    tf.range(first, first + length, 1, "int32"),
  );
  const summed = tf.add(tokens, positions);
  const normed = layerNorm(
    summed,
    ctx.weight(`${prefix}.layernorm_embedding.weight`),
    ctx.weight(`${prefix}.layernorm_embedding.bias`),
    BART_LAYER_NORM_EPS,
  );
  return ctx.dropout.apply(normed, config.dropout);
}

/** BartEncoder: [B, S] ids and their mask → last hidden states [B, S, d_model]. */
export function bartEncoder(ctx: BartContext, inputIds: tf.Tensor, attentionMask: tf.Tensor): tf.Tensor {
  let hidden = embed(ctx, "encoder", inputIds, 0);
  const mask = encoderPaddingMask(attentionMask);
  for (let i = 0; i < ctx.config.encoder_layers; i++) {
    hidden = bartEncoderLayer(ctx, `model.encoder.layers.${i}`, hidden, mask);
  }
  return hidden;
}

/** Every decoder layer's cross-attention keys and values over the encoder output. */
export function bartCrossKeyValues(ctx: BartContext, encoderHidden: tf.Tensor): KeyValue[] {
  const heads = ctx.config.decoder_attention_heads;
  return Array.from({ length: ctx.config.decoder_layers }, (_, i) =>
    projectKeyValue(ctx, `model.decoder.layers.${i}.encoder_attn`, encoderHidden, heads),
  );
}

/** BartDecoder over new tokens after the cached ones (none in a full forward). */
export function bartDecoder(ctx: BartContext, inputs: DecoderInputs): DecoderRun {
  const pastLength = inputs.past?.length ?? 0;
  let hidden = embed(ctx, "decoder", inputs.inputIds, pastLength);
  const selfMask = decoderSelfAttentionMask(
    (inputs.inputIds.shape as number[])[1],
    pastLength,
    inputs.decoderAttentionMask,
  );
  const crossMask = encoderPaddingMask(inputs.encoderAttentionMask);
  const cross = inputs.crossKeyValues ?? bartCrossKeyValues(ctx, inputs.encoderHidden);
  const present: KeyValue[] = [];
  for (let i = 0; i < ctx.config.decoder_layers; i++) {
    const layer = bartDecoderLayer(ctx, `model.decoder.layers.${i}`, hidden, {
      selfMask,
      past: inputs.past?.layers[i],
      cross: cross[i],
      crossMask,
    });
    hidden = layer.hidden;
    present.push(layer.present);
  }
  return { hidden, present };
}

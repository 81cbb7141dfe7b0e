import * as tf from "@tensorflow/tfjs";
import type { ParameterStore } from "../common/parameter-store.js";
import { declareLinear } from "../seq2seq/declare-weights.js";
import type { T5Config } from "./config.js";

export const T5_SHARED_EMBEDDINGS = "shared.weight";

export type T5Side = "encoder" | "decoder";

/** Sub-layer indices of a T5 block: the decoder has cross-attention between self-attention and feed-forward. */
export function feedForwardIndex(side: T5Side): number {
  return side === "encoder" ? 1 : 2;
}

/**
 * Every weight of T5ForConditionalGeneration under HF's name, initialised as HF's _init_weights with
 * initializer_factor: normal tables and projections scaled by the fan-in HF uses for each, layer norms at the factor.
 * The token table is stored once as `shared.weight`; the stacks' embed_tokens and (unless the config unties it)
 * lm_head are aliases of it, as HF saves them.
 */
export function declareT5Parameters(store: ParameterStore, config: T5Config, untiedHead: boolean): void {
  const factor = config.initializer_factor;
  const d = config.d_model;
  store.create(T5_SHARED_EMBEDDINGS, [config.vocab_size, d], { kind: "normal", std: factor });
  for (const side of ["encoder", "decoder"] as const) {
    store.tie(`${side}.embed_tokens.weight`, T5_SHARED_EMBEDDINGS);
    const layers = side === "encoder" ? config.num_layers : config.num_decoder_layers;
    for (let i = 0; i < layers; i++) {
      const block = `${side}.block.${i}.layer`;
      declareAttention(store, config, `${block}.0.SelfAttention`, i === 0);
      declareNorm(store, config, `${block}.0.layer_norm`);
      if (side === "decoder") {
        declareAttention(store, config, `${block}.1.EncDecAttention`, false);
        declareNorm(store, config, `${block}.1.layer_norm`);
      }
      const ff = `${block}.${feedForwardIndex(side)}`;
      declareFeedForward(store, config, `${ff}.DenseReluDense`);
      declareNorm(store, config, `${ff}.layer_norm`);
    }
    declareNorm(store, config, `${side}.final_layer_norm`);
  }
  if (untiedHead) declareLinear(store, "lm_head", { out: config.vocab_size, in: d }, factor, false);
  else store.tie("lm_head.weight", T5_SHARED_EMBEDDINGS);
}

/** T5LayerNorm: a weight only (RMS norm), initialised to the factor. */
function declareNorm(store: ParameterStore, config: T5Config, name: string): void {
  const weight = store.create(`${name}.weight`, [config.d_model], { kind: "ones" });
  if (config.initializer_factor !== 1)
    tf.tidy(() => weight.assign(tf.mul(weight, config.initializer_factor)));
}

function declareAttention(
  store: ParameterStore,
  config: T5Config,
  name: string,
  relativeBias: boolean,
): void {
  const factor = config.initializer_factor;
  const d = config.d_model;
  const inner = config.num_heads * config.d_kv;
  // Mesh TensorFlow folds the missing 1/√d_kv of attention scores into q's initialisation.
  declareLinear(store, `${name}.q`, { out: inner, in: d }, factor * (d * config.d_kv) ** -0.5, false);
  declareLinear(store, `${name}.k`, { out: inner, in: d }, factor * d ** -0.5, false);
  declareLinear(store, `${name}.v`, { out: inner, in: d }, factor * d ** -0.5, false);
  declareLinear(store, `${name}.o`, { out: d, in: inner }, factor * inner ** -0.5, false);
  if (relativeBias) {
    const shape = [config.relative_attention_num_buckets, config.num_heads];
    store.create(`${name}.relative_attention_bias.weight`, shape, {
      kind: "normal",
      std: factor * d ** -0.5,
    });
  }
}

function declareFeedForward(store: ParameterStore, config: T5Config, name: string): void {
  const factor = config.initializer_factor;
  const d = config.d_model;
  const inputs = config.is_gated_act ? ["wi_0", "wi_1"] : ["wi"];
  for (const wi of inputs)
    declareLinear(store, `${name}.${wi}`, { out: config.d_ff, in: d }, factor * d ** -0.5, false);
  declareLinear(store, `${name}.wo`, { out: d, in: config.d_ff }, factor * config.d_ff ** -0.5, false);
}

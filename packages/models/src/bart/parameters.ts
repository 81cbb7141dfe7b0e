import type { ParameterStore } from "../common/parameter-store.js";
import { declareEmbedding, declareLayerNorm, declareLinear } from "../seq2seq/declare-weights.js";
import type { BartConfig } from "./config.js";

/** HF's learned positions keep two extra rows in front (a fairseq legacy): position p reads row p + 2. */
export const BART_POSITION_OFFSET = 2;

export const SHARED_EMBEDDINGS = "model.shared.weight";
export const FINAL_LOGITS_BIAS = "final_logits_bias";

/**
 * Every weight of BartForConditionalGeneration under HF's name, initialised as HF's _init_weights (normal(0, init_std)
 * for linear and embedding weights, the padding row of the token table zero, zero biases, unit layer norms). The token
 * table is stored once as `model.shared.weight`; the encoder's and decoder's embed_tokens and the tied lm_head are
 * aliases of it, as HF saves them.
 */
export function declareBartParameters(store: ParameterStore, config: BartConfig): void {
  const std = config.init_std;
  const d = config.d_model;
  declareEmbedding(store, "model.shared", { rows: config.vocab_size, dim: d }, std, config.pad_token_id);
  store.tie("model.encoder.embed_tokens.weight", SHARED_EMBEDDINGS);
  store.tie("model.decoder.embed_tokens.weight", SHARED_EMBEDDINGS);

  for (const side of ["encoder", "decoder"] as const) {
    const prefix = `model.${side}`;
    const rows = config.max_position_embeddings + BART_POSITION_OFFSET;
    declareEmbedding(store, `${prefix}.embed_positions`, { rows, dim: d }, std);
    const layers = side === "encoder" ? config.encoder_layers : config.decoder_layers;
    const ffn = side === "encoder" ? config.encoder_ffn_dim : config.decoder_ffn_dim;
    for (let i = 0; i < layers; i++) {
      const layer = `${prefix}.layers.${i}`;
      declareAttention(store, `${layer}.self_attn`, d, std);
      declareLayerNorm(store, `${layer}.self_attn_layer_norm`, d);
      if (side === "decoder") {
        declareAttention(store, `${layer}.encoder_attn`, d, std);
        declareLayerNorm(store, `${layer}.encoder_attn_layer_norm`, d);
      }
      declareLinear(store, `${layer}.fc1`, { out: ffn, in: d }, std, true);
      declareLinear(store, `${layer}.fc2`, { out: d, in: ffn }, std, true);
      declareLayerNorm(store, `${layer}.final_layer_norm`, d);
    }
    declareLayerNorm(store, `${prefix}.layernorm_embedding`, d);
  }

  if (config.tie_word_embeddings === false) {
    declareLinear(store, "lm_head", { out: config.vocab_size, in: d }, std, false);
  } else {
    store.tie("lm_head.weight", SHARED_EMBEDDINGS);
  }
  // A buffer in HF (saved, never trained): zeros.
  store.create(FINAL_LOGITS_BIAS, [1, config.vocab_size], { kind: "zeros" });
}

function declareAttention(store: ParameterStore, name: string, d: number, std: number): void {
  for (const projection of ["k_proj", "v_proj", "q_proj", "out_proj"]) {
    declareLinear(store, `${name}.${projection}`, { out: d, in: d }, std, true);
  }
}

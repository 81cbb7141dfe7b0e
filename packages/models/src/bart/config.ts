import { type HFConfig, withDefaults } from "../common/config.js";

/** BartConfig's defaults (HF 5.x, facebook/bart-large's shape). */
export const BART_DEFAULTS = {
  model_type: "bart",
  vocab_size: 50265,
  max_position_embeddings: 1024,
  d_model: 1024,
  encoder_layers: 12,
  encoder_ffn_dim: 4096,
  encoder_attention_heads: 16,
  decoder_layers: 12,
  decoder_ffn_dim: 4096,
  decoder_attention_heads: 16,
  encoder_layerdrop: 0.0,
  decoder_layerdrop: 0.0,
  activation_function: "gelu",
  dropout: 0.1,
  attention_dropout: 0.0,
  activation_dropout: 0.0,
  init_std: 0.02,
  classifier_dropout: 0.0,
  scale_embedding: false,
  use_cache: true,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
  is_encoder_decoder: true,
  decoder_start_token_id: 2,
  forced_eos_token_id: 2 as number | null,
  forced_bos_token_id: null as number | null,
  tie_word_embeddings: true,
};

export type BartConfig = HFConfig & typeof BART_DEFAULTS;

/** A config.json read as BART: HF's defaults for what it lacks, every raw field kept for the round trip. */
export function bartConfig(raw: HFConfig = {}, source = "config.json"): BartConfig {
  const config = withDefaults(raw, BART_DEFAULTS, source);
  for (const heads of ["encoder_attention_heads", "decoder_attention_heads"] as const) {
    if (config.d_model % config[heads] !== 0) {
      throw new Error(
        `${source}: d_model (${config.d_model}) must be divisible by ${heads} (${config[heads]})`,
      );
    }
  }
  return config;
}

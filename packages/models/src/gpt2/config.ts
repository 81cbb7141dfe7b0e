import { type HFConfig, withDefaults } from "../common/config.js";

/** The fields of HF's GPT2Config that the model reads, under HF's names. */
export interface GPT2Fields {
  model_type: string;
  vocab_size: number;
  /** Longest sequence the position table covers (HF alias: max_position_embeddings). */
  n_positions: number;
  /** Hidden size (HF alias: hidden_size). */
  n_embd: number;
  /** Number of blocks (HF alias: num_hidden_layers). */
  n_layer: number;
  /** Attention heads (HF alias: num_attention_heads). */
  n_head: number;
  /** Width of the MLP; null means 4 · n_embd. */
  n_inner: number | null;
  activation_function: string;
  resid_pdrop: number;
  embd_pdrop: number;
  attn_pdrop: number;
  layer_norm_epsilon: number;
  initializer_range: number;
  scale_attn_weights: boolean;
  scale_attn_by_inverse_layer_idx: boolean;
  /** Upcasts attention to float32 before the softmax: a no-op here, everything already runs in float32. */
  reorder_and_upcast_attn: boolean;
  add_cross_attention: boolean;
  use_cache: boolean;
  bos_token_id: number | null;
  eos_token_id: number | null;
  pad_token_id: number | null;
  tie_word_embeddings: boolean;
}

export type GPT2Config = HFConfig & GPT2Fields;

/** GPT2Config's defaults in transformers (the 124M "gpt2" checkpoint's shape). */
export const GPT2_DEFAULTS: GPT2Fields = {
  model_type: "gpt2",
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  n_inner: null,
  activation_function: "gelu_new",
  resid_pdrop: 0.1,
  embd_pdrop: 0.1,
  attn_pdrop: 0.1,
  layer_norm_epsilon: 1e-5,
  initializer_range: 0.02,
  scale_attn_weights: true,
  scale_attn_by_inverse_layer_idx: false,
  reorder_and_upcast_attn: false,
  add_cross_attention: false,
  use_cache: true,
  bos_token_id: 50256,
  eos_token_id: 50256,
  pad_token_id: null,
  tie_word_embeddings: true,
};

/** A GPT-2 config from config.json's fields (HF names), HF's defaults for the missing ones; checks what HF checks. */
export function gpt2Config(raw: HFConfig = {}): GPT2Config {
  const config = withDefaults(raw, GPT2_DEFAULTS);
  if (config.n_embd % config.n_head !== 0) {
    throw new Error(`config.json: n_embd (${config.n_embd}) must be divisible by n_head (${config.n_head})`);
  }
  if (config.add_cross_attention) {
    throw new Error(
      "config.json: GPT-2 with add_cross_attention (a decoder of an encoder-decoder) is not supported",
    );
  }
  return config;
}

/** The MLP width: n_inner, or 4 · n_embd when null. */
export function innerSize(config: GPT2Config): number {
  return config.n_inner ?? 4 * config.n_embd;
}

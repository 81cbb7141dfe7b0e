import { type HFConfig, withDefaults } from "../common/config.js";

/** T5Config's defaults (HF 5.x, google-t5/t5-small's shape). */
export const T5_DEFAULTS = {
  model_type: "t5",
  vocab_size: 32128,
  d_model: 512,
  d_kv: 64,
  d_ff: 2048,
  num_layers: 6,
  num_decoder_layers: null as number | null,
  num_heads: 8,
  relative_attention_num_buckets: 32,
  relative_attention_max_distance: 128,
  dropout_rate: 0.1,
  classifier_dropout: 0.0,
  layer_norm_epsilon: 1e-6,
  initializer_factor: 1.0,
  feed_forward_proj: "relu",
  is_encoder_decoder: true,
  use_cache: true,
  pad_token_id: 0,
  eos_token_id: 1,
  decoder_start_token_id: null as number | null,
  tie_word_embeddings: true,
};

/** What T5Config derives from the fields above (a saved config.json carries them too). */
export interface T5DerivedFields {
  num_decoder_layers: number;
  /** The feed-forward activation (ACT2FN name): the part of feed_forward_proj after "gated-"; "gated-gelu" → gelu_new. */
  dense_act_fn: string;
  /** Gated feed-forward (wi_0, wi_1) for "gated-*". */
  is_gated_act: boolean;
  /**
   * Multiply the decoder output by d_model^-0.5 before lm_head (original T5 does, v1.1 / flan-t5 do not). HF 5.x keeps
   * it as its own field; configs written before it existed said so through tie_word_embeddings (false = no scaling).
   */
  scale_decoder_outputs: boolean;
}

export type T5Config = HFConfig & typeof T5_DEFAULTS & T5DerivedFields;

/**
 * A config.json read as T5: HF's defaults for what it lacks, the derived fields as T5Config derives them (a value the
 * file gives wins, as HF's config applies the file's fields last), every raw field kept for the round trip.
 */
export function t5Config(raw: HFConfig = {}, source = "config.json"): T5Config {
  const config = withDefaults(raw, T5_DEFAULTS, source);
  const parts = config.feed_forward_proj.split("-");
  if ((parts.length > 1 && parts[0] !== "gated") || parts.length > 2) {
    throw new Error(
      `${source}: feed_forward_proj "${config.feed_forward_proj}" should be "{ACT_FN}" or "gated-{ACT_FN}" ` +
        `(e.g. "relu", "gated-gelu")`,
    );
  }
  if (config.num_heads <= 0 || config.d_kv <= 0)
    throw new Error(`${source}: num_heads and d_kv must be positive`);
  const derived: T5DerivedFields = {
    num_decoder_layers: config.num_decoder_layers ?? config.num_layers,
    dense_act_fn: config.feed_forward_proj === "gated-gelu" ? "gelu_new" : parts[parts.length - 1],
    is_gated_act: parts[0] === "gated",
    scale_decoder_outputs: raw.tie_word_embeddings !== false,
  };
  for (const key of ["dense_act_fn", "is_gated_act", "scale_decoder_outputs"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== typeof derived[key]) {
      throw new Error(
        `${source}: field "${key}" should be a ${typeof derived[key]}, got ${JSON.stringify(raw[key])}`,
      );
    }
  }
  return {
    ...config,
    ...derived,
    ...pick(raw, ["dense_act_fn", "is_gated_act", "scale_decoder_outputs"]),
  } as T5Config;
}

function pick(raw: HFConfig, keys: readonly string[]): HFConfig {
  return Object.fromEntries(keys.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]));
}

import { type HFConfig, withDefaults } from "../common/config.js";

/** HF's `problem_type`: which loss a sequence-classification head uses. */
export type ProblemType = "regression" | "single_label_classification" | "multi_label_classification";

export const PROBLEM_TYPES: readonly ProblemType[] = [
  "regression",
  "single_label_classification",
  "multi_label_classification",
];

/** The fields of HF's BertConfig that the model reads, under HF's names. */
export interface BertConfigFields {
  model_type: string;
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: string;
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  initializer_range: number;
  layer_norm_eps: number;
  pad_token_id: number | null;
  classifier_dropout: number | null;
  problem_type: ProblemType | null;
  is_decoder: boolean;
  add_cross_attention: boolean;
  tie_word_embeddings: boolean;
  use_cache: boolean;
}

/** A resolved BERT config: HF's defaults under the raw fields, every raw field kept so config.json round-trips. */
export type BertConfig = HFConfig & BertConfigFields;

/** HF BertConfig's defaults (bert-base-uncased). */
export const BERT_DEFAULTS: BertConfigFields = {
  model_type: "bert",
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: "gelu",
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
  classifier_dropout: null,
  problem_type: null,
  is_decoder: false,
  add_cross_attention: false,
  tie_word_embeddings: true,
  use_cache: true,
};

/**
 * Fills HF's defaults into a raw config and rejects what this implementation does not compute, naming the field,
 * so an unsupported checkpoint fails at load time instead of giving different numbers.
 */
export function resolveBertConfig(raw: HFConfig, source = "config.json"): BertConfig {
  const config = withDefaults(raw, BERT_DEFAULTS, source);
  const fail = (message: string): never => {
    throw new Error(`${source}: ${message}`);
  };
  if (config.hidden_size % config.num_attention_heads !== 0) {
    fail(
      `hidden_size ${config.hidden_size} is not a multiple of num_attention_heads ${config.num_attention_heads}`,
    );
  }
  const positionType = config.position_embedding_type;
  if (positionType !== undefined && positionType !== "absolute") {
    fail(`position_embedding_type "${String(positionType)}" is not supported (only "absolute")`);
  }
  if (config.add_cross_attention) fail("add_cross_attention (BERT as a seq2seq decoder) is not supported");
  if (config.problem_type !== null && !PROBLEM_TYPES.includes(config.problem_type)) {
    fail(`problem_type "${String(config.problem_type)}" is not one of ${PROBLEM_TYPES.join(", ")}`);
  }
  return config;
}

/** Dropout rate of the classification heads: classifier_dropout when set, else hidden_dropout_prob (as HF). */
export function classifierDropoutRate(config: BertConfig): number {
  return config.classifier_dropout ?? config.hidden_dropout_prob;
}

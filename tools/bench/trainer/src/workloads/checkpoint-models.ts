import { BERT_MINI } from "@tfjs-trainer/bench-backend/src/workloads/bert-mini.js";
import { BertForSequenceClassification } from "@tfjs-trainer/models";
import type { CheckpointModelName } from "../case-spec.js";

/** The models whose checkpoints the bench writes: BERT-mini as the backend bench builds it, and a tiny one (--quick). */
const CONFIGS: Record<CheckpointModelName, { label: string; config: Record<string, number> }> = {
  "bert-mini": {
    label: "BERT-mini (hidden 256, 4 layers, 4 heads, FFN 1024, vocab 30522)",
    config: { ...BERT_MINI },
  },
  "bert-tiny": {
    label: "BERT (hidden 64, 2 layers, vocab 1000)",
    config: {
      vocab_size: 1000,
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      intermediate_size: 256,
      num_labels: 2,
    },
  },
};

export function checkpointModelLabel(name: CheckpointModelName): string {
  return CONFIGS[name].label;
}

export function createCheckpointModel(name: CheckpointModelName): {
  model: BertForSequenceClassification;
  vocab: number;
} {
  const { config } = CONFIGS[name];
  return { model: new BertForSequenceClassification({ ...config }, 0), vocab: config.vocab_size! };
}

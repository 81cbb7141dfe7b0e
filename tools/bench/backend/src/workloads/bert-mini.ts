import type { BertHead } from "../row.js";

/**
 * BERT-mini as the bench trains it, in HF's config names; torch_bench.py builds the same model from the same
 * numbers (keep the two in step). Dropout stays at BERT's 0.1, as in training.
 */
export const BERT_MINI = {
  vocab_size: 30522,
  hidden_size: 256,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  intermediate_size: 1024,
  num_labels: 2,
} as const;

/** AdamW as both sides run it. */
export const ADAMW = { lr: 5e-5, weightDecay: 0.01 } as const;

/** Share of tokens with an MLM label (the rest are -100), as BERT's pre-training masks. */
export const MLM_LABELLED = 0.15;

export function modelClassFor(head: BertHead): "BertForMaskedLM" | "BertForSequenceClassification" {
  return head === "mlm" ? "BertForMaskedLM" : "BertForSequenceClassification";
}

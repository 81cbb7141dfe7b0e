import { TinyClassifier, type TrainableModel } from "@tfjs-trainer/core";
import { BertForSequenceClassification } from "@tfjs-trainer/models";
import type { StepWorkloadName } from "../case-spec.js";
import type { RowShape } from "./synthetic-rows.js";

/** A model and batch the step comparisons train; every runner builds the same one from the same seed. */
export interface StepWorkload {
  label: string;
  batch: number;
  rows: RowShape;
  createModel(): TrainableModel;
}

/** A small BERT (HF's BertForSequenceClassification, dropout 0.1 on) whose step takes tens of ms on wasm. */
const BERT_SMALL_CONFIG = {
  vocab_size: 2000,
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 256,
  max_position_embeddings: 128,
  num_labels: 2,
} as const;

const WORKLOADS: Record<StepWorkloadName, StepWorkload> = {
  "bert-small": {
    label: `BERT (hidden ${BERT_SMALL_CONFIG.hidden_size}, ${BERT_SMALL_CONFIG.num_hidden_layers} layers, vocab ${BERT_SMALL_CONFIG.vocab_size}), batch 16 × seq 32`,
    batch: 16,
    rows: { seq: 32, vocab: BERT_SMALL_CONFIG.vocab_size, numLabels: 2 },
    createModel: () => new BertForSequenceClassification({ ...BERT_SMALL_CONFIG }, 0),
  },
  // a step of about a millisecond: what the Trainer adds per step shows in absolute terms
  tiny: {
    label: "TinyClassifier (hidden 32, vocab 1000), batch 8 × seq 16",
    batch: 8,
    rows: { seq: 16, vocab: 1000, numLabels: 2 },
    createModel: () =>
      new TinyClassifier({ vocab_size: 1000, hidden_size: 32, num_labels: 2, hidden_dropout_prob: 0.1 }),
  },
};

export function stepWorkload(name: StepWorkloadName): StepWorkload {
  return WORKLOADS[name];
}

/**
 * The optimisation both sides run, in TrainingArguments' names: AdamW with decoupled weight decay (HF's two
 * parameter groups), a linear schedule, gradients clipped to norm 1.
 */
export const STEP_HYPERPARAMETERS = {
  learning_rate: 1e-4,
  weight_decay: 0.01,
  adam_beta1: 0.9,
  adam_beta2: 0.999,
  adam_epsilon: 1e-8,
  max_grad_norm: 1,
  lr_scheduler_type: "linear",
  seed: 42,
} as const;

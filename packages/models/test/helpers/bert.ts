import { readdirSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { HFConfig } from "../../src/common/config.js";
import { referencePath } from "./fixtures.js";

/** Names of the BERT forward cases HF recorded (forward/bert-*.json), each with a model folder of the same name. */
export function bertForwardCases(): string[] {
  return readdirSync(referencePath("forward/"))
    .filter((file) => file.startsWith("bert-") && file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** A BERT small enough for unit tests; dropout stays at HF's default 0.1 so training mode changes outputs. */
export function tinyBertConfig(overrides: HFConfig = {}): HFConfig {
  return {
    model_type: "bert",
    vocab_size: 40,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 24,
    max_position_embeddings: 32,
    ...overrides,
  };
}

/** Deterministic token ids in [1, vocab) with trailing padding (id 0, mask 0) on every other row. */
export function tinyBatch(batch: number, length: number, vocab: number): Record<string, tf.Tensor> {
  const ids: number[] = [];
  const mask: number[] = [];
  for (let b = 0; b < batch; b++) {
    const real = b % 2 === 0 ? length : length - 2;
    for (let t = 0; t < length; t++) {
      ids.push(t < real ? 1 + ((b * 7 + t * 3) % (vocab - 1)) : 0);
      mask.push(t < real ? 1 : 0);
    }
  }
  return {
    input_ids: tf.tensor2d(ids, [batch, length], "int32"),
    attention_mask: tf.tensor2d(mask, [batch, length], "int32"),
  };
}

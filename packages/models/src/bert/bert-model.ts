import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../common/config.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "./pretrained.js";

/**
 * HF's BertModel: the bare encoder with its pooler. Weights carry no prefix (`embeddings.word_embeddings.weight`),
 * as HF saves a base model; its checkpoints load into every head and back. Outputs `last_hidden_state` [B, T, H]
 * and `pooler_output` [B, H]; no loss.
 */
export class BertModel extends BertPreTrainedModel {
  readonly modelClass = "BertModel";
  readonly inputNames = BERT_INPUT_NAMES;
  readonly labelNames: readonly string[] = [];

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "", pooling: true });
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const { sequenceOutput, pooledOutput } = this.backbone.forward(
        this.backboneInputs(inputs),
        this.dropoutFor(options),
      );
      return { last_hidden_state: sequenceOutput, pooler_output: pooledOutput };
    });
  }
}

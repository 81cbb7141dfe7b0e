import * as tf from "@tensorflow/tfjs";
import { crossEntropy, type ForwardOptions, type IndexedColumn, type ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../../common/config.js";
import { labelColumn } from "../../common/indexed-columns.js";
import { classifierDropoutRate } from "../config.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "../pretrained.js";
import { applyLinear, type LinearWeights } from "../weights.js";

/**
 * HF's BertForMultipleChoice: inputs [B, choices, T] are encoded as B·choices sequences; each pooled output →
 * dropout → `classifier` (one score) → logits [B, choices]; cross-entropy over the choices.
 */
export class BertForMultipleChoice extends BertPreTrainedModel {
  readonly modelClass = "BertForMultipleChoice";
  readonly inputNames = [...BERT_INPUT_NAMES, "labels"] as const;
  readonly labelNames = ["labels"] as const;
  private readonly classifier: LinearWeights;

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "bert.", pooling: true });
    this.classifier = this.factory.linear("classifier", this.config.hidden_size, 1);
  }

  /** A label picks one of the batch's choices (input_ids [batch, choices, sequence]). */
  protected override labelColumns(
    shapes: Record<string, { shape: readonly number[] }>,
  ): Record<string, IndexedColumn> {
    const choices = shapes.input_ids?.shape[1];
    return choices === undefined
      ? {}
      : { labels: labelColumn(choices, "the number of choices (input_ids dimension 1)") };
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const ids = inputs.input_ids;
      if (ids?.rank !== 3) {
        throw new Error(
          `${this.modelClass}.forward: input_ids must be [batch, choices, sequence], got ${ids ? `[${ids.shape}]` : "none"}`,
        );
      }
      const [batch, choices, length] = (ids as tf.Tensor3D).shape;
      const flatten = (t?: tf.Tensor) => t?.reshape([batch * choices, length]);
      const dropout = this.dropoutFor(options);
      const { pooledOutput } = this.backbone.forward(
        {
          inputIds: flatten(ids)!,
          attentionMask: flatten(inputs.attention_mask),
          tokenTypeIds: flatten(inputs.token_type_ids),
          positionIds: flatten(inputs.position_ids),
        },
        dropout,
      );
      const scores = applyLinear(
        dropout.apply(pooledOutput!, classifierDropoutRate(this.config)),
        this.classifier,
      );
      const logits = scores.reshape([batch, choices]);
      return inputs.labels ? { loss: crossEntropy(logits, inputs.labels), logits } : { logits };
    });
  }
}

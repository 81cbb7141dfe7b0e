import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, IndexedColumn, ModelOutput } from "@tfjs-trainer/core";
import { type HFConfig, numLabels } from "../../common/config.js";
import { labelColumn } from "../../common/indexed-columns.js";
import { classifierDropoutRate, type ProblemType } from "../config.js";
import { inferProblemType, sequenceClassificationLoss } from "../losses.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "../pretrained.js";
import { applyLinear, type LinearWeights } from "../weights.js";

/**
 * HF's BertForSequenceClassification: pooled output → dropout → `classifier` → logits [B, num_labels].
 * The loss follows `problem_type`: regression (MSE), single-label (cross-entropy on integer labels) or multi-label
 * (binary cross-entropy with logits on float labels); when the config has none it is inferred from num_labels and
 * the labels' dtype and written into the config, as HF does, so a saved checkpoint records the loss it trained with.
 */
export class BertForSequenceClassification extends BertPreTrainedModel {
  readonly modelClass = "BertForSequenceClassification";
  readonly inputNames = [...BERT_INPUT_NAMES, "labels"] as const;
  readonly labelNames = ["labels"] as const;
  readonly numLabels: number;
  private readonly classifier: LinearWeights;

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "bert.", pooling: true });
    this.numLabels = numLabels(this.config);
    this.classifier = this.factory.linear("classifier", this.config.hidden_size, this.numLabels);
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const dropout = this.dropoutFor(options);
      const { pooledOutput } = this.backbone.forward(this.backboneInputs(inputs), dropout);
      const pooled = dropout.apply(pooledOutput!, classifierDropoutRate(this.config));
      const logits = applyLinear(pooled, this.classifier);
      const labels = inputs.labels;
      if (!labels) return { logits };
      return { loss: sequenceClassificationLoss(this.problemTypeFor(labels), logits, labels), logits };
    });
  }

  /** Integer labels are classes unless the config says regression or multi-label (float targets are not checked). */
  protected override labelColumns(): Record<string, IndexedColumn> {
    const type = this.config.problem_type;
    if (this.numLabels < 2 || (type !== null && type !== "single_label_classification")) return {};
    return { labels: labelColumn(this.numLabels, "num_labels") };
  }

  private problemTypeFor(labels: tf.Tensor): ProblemType {
    this.config.problem_type ??= inferProblemType(this.numLabels, labels);
    return this.config.problem_type;
  }
}

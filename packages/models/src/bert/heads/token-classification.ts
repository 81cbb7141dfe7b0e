import * as tf from "@tensorflow/tfjs";
import { crossEntropy, type ForwardOptions, type IndexedColumn, type ModelOutput } from "@tfjs-trainer/core";
import { type HFConfig, numLabels } from "../../common/config.js";
import { labelColumn } from "../../common/indexed-columns.js";
import { classifierDropoutRate } from "../config.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "../pretrained.js";
import { applyLinear, type LinearWeights } from "../weights.js";

/**
 * HF's BertForTokenClassification: hidden states → dropout → `classifier` → logits [B, T, num_labels];
 * cross-entropy averaged over the tokens whose label is not -100. No pooler (HF's add_pooling_layer=False).
 */
export class BertForTokenClassification extends BertPreTrainedModel {
  readonly modelClass = "BertForTokenClassification";
  readonly inputNames = [...BERT_INPUT_NAMES, "labels"] as const;
  readonly labelNames = ["labels"] as const;
  readonly numLabels: number;
  private readonly classifier: LinearWeights;

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "bert.", pooling: false });
    this.numLabels = numLabels(this.config);
    this.classifier = this.factory.linear("classifier", this.config.hidden_size, this.numLabels);
  }

  protected override labelColumns(): Record<string, IndexedColumn> {
    return { labels: labelColumn(this.numLabels, "num_labels") };
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const dropout = this.dropoutFor(options);
      const { sequenceOutput } = this.backbone.forward(this.backboneInputs(inputs), dropout);
      const logits = applyLinear(
        dropout.apply(sequenceOutput, classifierDropoutRate(this.config)),
        this.classifier,
      );
      return inputs.labels ? { loss: crossEntropy(logits, inputs.labels), logits } : { logits };
    });
  }
}

import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../../common/config.js";
import { spanExtractionLoss } from "../losses.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "../pretrained.js";
import { applyLinear, type LinearWeights } from "../weights.js";

/**
 * HF's BertForQuestionAnswering: `qa_outputs` maps each hidden state to a start and an end score, giving
 * `start_logits` and `end_logits` [B, T] (no `logits`, as HF). No dropout before the projection and no pooler,
 * as in HF. With start_positions and end_positions the loss is the mean of the two cross-entropies.
 */
export class BertForQuestionAnswering extends BertPreTrainedModel {
  readonly modelClass = "BertForQuestionAnswering";
  readonly inputNames = [...BERT_INPUT_NAMES, "start_positions", "end_positions"] as const;
  readonly labelNames = ["start_positions", "end_positions"] as const;
  private readonly qaOutputs: LinearWeights;

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "bert.", pooling: false });
    // HF reads num_labels here too (2: start and end); a checkpoint with another count fails on the shape
    this.qaOutputs = this.factory.linear("qa_outputs", this.config.hidden_size, 2);
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const { sequenceOutput } = this.backbone.forward(this.backboneInputs(inputs), this.dropoutFor(options));
      const scores = applyLinear(sequenceOutput, this.qaOutputs);
      const [start, end] = tf.split(scores, 2, -1);
      const startLogits = start.squeeze([-1]);
      const endLogits = end.squeeze([-1]);
      const { start_positions: startPositions, end_positions: endPositions } = inputs;
      if (!startPositions || !endPositions) return { start_logits: startLogits, end_logits: endLogits };
      return {
        loss: spanExtractionLoss(startLogits, endLogits, startPositions, endPositions),
        start_logits: startLogits,
        end_logits: endLogits,
      };
    });
  }
}

import * as tf from "@tensorflow/tfjs";
import { IGNORE_INDEX } from "@tfjs-trainer/data";
import { crossEntropy, crossEntropySum } from "../loss/cross-entropy.js";
import type {
  ForwardOptions,
  IndexedColumn,
  ModelOutput,
  NamedParameter,
  TrainableModel,
} from "./contract.js";
import { createVariables, linear, toNamedParameters } from "./named-variables.js";

export interface TinyModelConfig {
  vocab_size: number;
  hidden_size: number;
  num_labels: number;
  hidden_dropout_prob?: number;
  seed?: number;
}

/**
 * Small models that follow the model contract, for tests and the quick-start example: an embedding, a tanh layer
 * with dropout and a classifier. Not meant to be good, only to exercise every path of the trainer quickly.
 */
abstract class TinyModel implements TrainableModel {
  readonly config: TinyModelConfig & { model_type: string; architectures: string[] };
  protected readonly vars: Record<string, tf.Variable>;

  constructor(
    config: TinyModelConfig,
    readonly modelClass: string,
  ) {
    this.config = { ...config, model_type: "tiny", architectures: [modelClass] };
    const { vocab_size: v, hidden_size: h, num_labels: c } = config;
    this.vars = createVariables(
      {
        "embeddings.weight": [v, h],
        "dense.weight": [h, h],
        "dense.bias": [h],
        "norm.weight": [h],
        "classifier.weight": [c, h],
        "classifier.bias": [c],
      },
      config.seed ?? 0,
    );
  }

  abstract readonly inputNames: readonly string[];
  abstract forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput;

  namedParameters(): NamedParameter[] {
    return toNamedParameters(this.vars);
  }

  indexedColumns(): Record<string, IndexedColumn> {
    return {
      input_ids: { size: this.config.vocab_size, sizeField: "vocab_size" },
      labels: { size: this.config.num_labels, sizeField: "num_labels", ignoreIndex: IGNORE_INDEX },
    };
  }

  /** Per-token hidden states [B, T, H] with dropout when training. */
  protected encode(inputIds: tf.Tensor, options: ForwardOptions): tf.Tensor {
    const v = this.vars;
    const embedded = tf.gather(v["embeddings.weight"], inputIds.toInt());
    let h = tf.mul(tf.tanh(linear(embedded, v["dense.weight"], v["dense.bias"])), v["norm.weight"]);
    const rate = this.config.hidden_dropout_prob ?? 0;
    if (options.training && rate > 0) h = tf.dropout(h, rate, undefined, options.seed);
    return h;
  }

  dispose(): void {
    for (const variable of Object.values(this.vars)) variable.dispose();
  }
}

/** Sequence classification: masked mean of token states → logits [B, num_labels]; cross-entropy on `labels`. */
export class TinyClassifier extends TinyModel {
  readonly inputNames = ["input_ids", "attention_mask", "labels"] as const;

  constructor(config: TinyModelConfig) {
    super(config, "TinyForSequenceClassification");
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    const h = this.encode(inputs.input_ids, options);
    const mask = (inputs.attention_mask ?? tf.onesLike(inputs.input_ids)).toFloat().expandDims(-1);
    const pooled = tf.div(tf.sum(tf.mul(h, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
    const logits = linear(pooled, this.vars["classifier.weight"], this.vars["classifier.bias"]);
    const out: ModelOutput = { logits };
    if (inputs.labels) out.loss = crossEntropy(logits, inputs.labels);
    return out;
  }
}

/**
 * Token classification whose loss is a token-level mean: with `numItemsInBatch` it divides the summed loss by the
 * item count of the whole accumulation window (HF's fix of gradient accumulation, PR #34191).
 */
export class TinyTagger extends TinyModel {
  readonly inputNames = ["input_ids", "attention_mask", "labels"] as const;
  readonly acceptsLossKwargs = true;

  constructor(config: TinyModelConfig) {
    super(config, "TinyForTokenClassification");
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    const h = this.encode(inputs.input_ids, options);
    const logits = linear(h, this.vars["classifier.weight"], this.vars["classifier.bias"]);
    const out: ModelOutput = { logits };
    if (inputs.labels) {
      if (options.numItemsInBatch !== undefined) {
        const { sum, count } = crossEntropySum(logits, inputs.labels);
        count.dispose();
        out.loss = tf.div(sum, options.numItemsInBatch) as tf.Scalar;
      } else {
        out.loss = crossEntropy(logits, inputs.labels);
      }
    }
    return out;
  }
}

import type * as tf from "@tensorflow/tfjs";
import { crossEntropy } from "../loss/cross-entropy.js";
import type { ForwardOptions, ModelOutput, NamedParameter, TrainableModel } from "./contract.js";

export interface LayersAdapterOptions {
  /** Batch column fed to the model (default `input_ids`; image models often use `pixel_values`). */
  inputName?: string;
  /** Batch column holding the targets (default `labels`). */
  labelName?: string;
  /** Loss of (logits, labels); default: cross-entropy over integer class labels. */
  loss?: (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;
}

/**
 * Wraps a tfjs-layers LayersModel so the Trainer can train it: the model's output is the logits, its trainable
 * weights are the parameters (named by their layers-model names), dropout layers follow `training`.
 */
export class LayersModelAdapter implements TrainableModel {
  readonly inputNames: readonly string[];
  readonly modelClass = "LayersModel";
  private readonly inputName: string;
  private readonly labelName: string;
  private readonly lossFn: (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

  constructor(
    readonly layersModel: tf.LayersModel,
    options: LayersAdapterOptions = {},
  ) {
    this.inputName = options.inputName ?? "input_ids";
    this.labelName = options.labelName ?? "labels";
    this.lossFn = options.loss ?? ((logits, labels) => crossEntropy(logits, labels));
    this.inputNames = [this.inputName, this.labelName];
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    const x = inputs[this.inputName];
    if (!x) throw new Error(`LayersModelAdapter: the batch has no "${this.inputName}" column`);
    const logits = this.layersModel.apply(x, { training: options.training }) as tf.Tensor;
    const out: ModelOutput = { logits };
    const labels = inputs[this.labelName];
    if (labels) out.loss = this.lossFn(logits, labels);
    return out;
  }

  namedParameters(): NamedParameter[] {
    return this.layersModel.trainableWeights.map((w) => ({
      name: w.originalName,
      variable: w.read() as tf.Variable,
    }));
  }

  dispose(): void {
    this.layersModel.dispose();
  }
}

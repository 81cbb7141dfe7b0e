/**
 * A small model with the trainer's model contract, for the data-parallel tests: token embedding (its gradient goes
 * through gather's, as BERT's does) → tanh dense → either a sequence head (mean over tokens, cross-entropy averaged
 * over examples) or a token head (cross-entropy over the labels that are not -100, averaged over them, or divided by
 * num_items_in_batch when `acceptsLossKwargs`). `unused.weight` never meets the loss: it gets no gradient.
 * Built in the worker threads from its esbuild bundle and on the main thread from this source.
 */
import * as tf from "@tensorflow/tfjs";

export interface ToyModelOptions {
  head: "sequence" | "token";
  acceptsLossKwargs?: boolean;
  vocab?: number;
  hidden?: number;
  numLabels?: number;
  seed?: number;
  /** Ends the thread from inside forward (in a worker, process.exit ends only that thread): a worker dying mid-step. */
  exitInForward?: boolean;
}

export class ToyModel {
  readonly inputNames = ["input_ids", "labels"] as const;
  readonly acceptsLossKwargs: boolean;
  private readonly numLabels: number;
  private readonly parameters: { name: string; variable: tf.Variable }[];

  constructor(private readonly options: ToyModelOptions) {
    const { vocab = 50, hidden = 16, numLabels = 3, seed = 7 } = options;
    this.acceptsLossKwargs = options.acceptsLossKwargs ?? false;
    this.numLabels = numLabels;
    const init = (name: string, shape: number[], offset: number) => {
      const initial = tf.randomNormal(shape, 0, 0.5, "float32", seed + offset);
      const variable = tf.variable(initial, true);
      initial.dispose();
      return { name, variable };
    };
    this.parameters = [
      init("embeddings.weight", [vocab, hidden], 1),
      init("dense.weight", [hidden, hidden], 2),
      init("dense.bias", [hidden], 3),
      init("unused.weight", [4], 4),
      init("classifier.weight", [hidden, numLabels], 5),
      init("classifier.bias", [numLabels], 6),
    ];
  }

  namedParameters(): { name: string; variable: tf.Variable }[] {
    return this.parameters;
  }

  forward(inputs: Record<string, tf.Tensor>, options: { training: boolean; numItemsInBatch?: number }) {
    if (this.options.exitInForward) process.exit(3);
    return tf.tidy(() => {
      const [embeddings, dense, denseBias, , classifier, classifierBias] = this.parameters.map(
        (p) => p.variable,
      );
      const ids = inputs.input_ids as tf.Tensor2D;
      const [batch, length] = ids.shape;
      const hidden = tf.gather(embeddings, ids.reshape([-1]));
      const activated = tf.tanh(tf.add(tf.matMul(hidden as tf.Tensor2D, dense as tf.Tensor2D), denseBias));
      const labels = inputs.labels;
      if (this.options.head === "sequence") {
        const pooled = tf.mean(activated.reshape([batch, length, -1]), 1) as tf.Tensor2D;
        const logits = tf.add(tf.matMul(pooled, classifier as tf.Tensor2D), classifierBias);
        if (!labels) return { logits };
        const perExample = tf.losses.softmaxCrossEntropy(
          tf.oneHot(labels.toInt(), this.numLabels),
          logits,
          undefined,
          undefined,
          tf.Reduction.NONE,
        );
        return { loss: tf.mean(perExample) as tf.Scalar, logits };
      }
      const logits = tf.add(tf.matMul(activated as tf.Tensor2D, classifier as tf.Tensor2D), classifierBias);
      if (!labels) return { logits };
      const flat = labels.reshape([-1]).toInt();
      const valid = tf.notEqual(flat, -100);
      const safe = tf.where(valid, flat, tf.zerosLike(flat));
      const perToken = tf.losses.softmaxCrossEntropy(
        tf.oneHot(safe, this.numLabels),
        logits,
        undefined,
        undefined,
        tf.Reduction.NONE,
      );
      const summed = tf.sum(tf.mul(perToken, valid.toFloat()));
      const divisor =
        this.acceptsLossKwargs && options.numItemsInBatch !== undefined
          ? options.numItemsInBatch
          : valid.toFloat().sum();
      return { loss: tf.div(summed, divisor) as tf.Scalar, logits };
    });
  }

  dispose(): void {
    for (const { variable } of this.parameters) variable.dispose();
  }
}

/** The factory the workers call (ModelSource `{ module, exportName: "createToyModel", args: [options] }`). */
export function createToyModel(options: ToyModelOptions): ToyModel {
  return new ToyModel(options);
}

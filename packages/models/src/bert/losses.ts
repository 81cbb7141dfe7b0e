import * as tf from "@tensorflow/tfjs";
import { crossEntropy, crossEntropySum } from "@tfjs-trainer/core";
import type { ProblemType } from "./config.js";

/**
 * HF's choice of loss for sequence classification when the config does not name one: one label is regression;
 * integer labels are single-label classes; anything else (float labels) is multi-label.
 */
export function inferProblemType(numLabels: number, labels: tf.Tensor): ProblemType {
  if (numLabels === 1) return "regression";
  if (labels.dtype === "int32") return "single_label_classification";
  return "multi_label_classification";
}

/** torch's MSELoss (mean over every element); one-label regression compares the flattened tensors, as HF. */
export function meanSquaredError(predictions: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = predictions.reshape([-1]);
    const t = targets.toFloat().reshape([-1]);
    if (p.size !== t.size) {
      throw new Error(`regression labels have ${t.size} values, the logits ${p.size}`);
    }
    return tf.mean(tf.square(tf.sub(p, t))) as tf.Scalar;
  });
}

/** torch's BCEWithLogitsLoss (mean), in the stable form max(x, 0) − x·y + log(1 + e^−|x|). */
export function binaryCrossEntropyWithLogits(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (logits.size !== targets.size) {
      throw new Error(
        `multi-label targets have shape [${targets.shape.join(", ")}], the logits [${logits.shape.join(", ")}]`,
      );
    }
    const x = logits;
    const y = targets.toFloat().reshape(x.shape);
    const perElement = tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
    return tf.mean(perElement) as tf.Scalar;
  });
}

/** The sequence-classification loss of a problem type over logits [B, num_labels]. */
export function sequenceClassificationLoss(
  problemType: ProblemType,
  logits: tf.Tensor,
  labels: tf.Tensor,
): tf.Scalar {
  switch (problemType) {
    case "regression":
      return meanSquaredError(logits, labels);
    case "single_label_classification":
      return crossEntropy(logits, labels);
    case "multi_label_classification":
      return binaryCrossEntropyWithLogits(logits, labels);
  }
}

/**
 * HF's extractive QA loss: the mean of the start and end cross-entropies. Positions outside the sequence are
 * clamped to its length, and that index is ignored, so an answer cut off by truncation adds nothing.
 */
export function spanExtractionLoss(
  startLogits: tf.Tensor,
  endLogits: tf.Tensor,
  startPositions: tf.Tensor,
  endPositions: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const length = startLogits.shape[startLogits.shape.length - 1];
    const positionLoss = (logits: tf.Tensor, positions: tf.Tensor) => {
      const clamped = tf.clipByValue(positions.reshape([-1]).toInt(), 0, length).toInt();
      const { sum, count } = crossEntropySum(logits, clamped, length);
      return tf.div(sum, count);
    };
    return tf.div(
      tf.add(positionLoss(startLogits, startPositions), positionLoss(endLogits, endPositions)),
      2,
    ) as tf.Scalar;
  });
}

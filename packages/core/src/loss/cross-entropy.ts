import * as tf from "@tensorflow/tfjs";
import { IGNORE_INDEX } from "@tfjs-trainer/data";

/**
 * Summed token cross-entropy over positions whose label is not `ignoreIndex`, and their count.
 * logits [..., C], labels [...] (int32). Callers divide by the count of the batch or of a whole accumulation window.
 */
export function crossEntropySum(
  logits: tf.Tensor,
  labels: tf.Tensor,
  ignoreIndex = IGNORE_INDEX,
): { sum: tf.Scalar; count: tf.Scalar } {
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1];
    const flatLogits = logits.reshape([-1, classes]);
    const flatLabels = labels.reshape([-1]).toInt();
    const mask = tf.notEqual(flatLabels, ignoreIndex).toFloat();
    const safe = tf.maximum(flatLabels, 0).toInt();
    const logProbs = tf.logSoftmax(flatLogits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(safe, classes)), -1);
    const sum = tf.neg(tf.sum(tf.mul(picked, mask))) as tf.Scalar;
    return { sum, count: tf.sum(mask) as tf.Scalar };
  });
}

/** Mean cross-entropy over non-ignored positions (torch's CrossEntropyLoss default), or over `numItems` if given. */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, numItems?: number): tf.Scalar {
  return tf.tidy(() => {
    const { sum, count } = crossEntropySum(logits, labels);
    return (numItems !== undefined ? tf.div(sum, numItems) : tf.div(sum, count)) as tf.Scalar;
  });
}

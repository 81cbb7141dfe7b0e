import * as tf from "@tensorflow/tfjs";
import { IGNORE_INDEX } from "@tfjs-trainer/data";

/**
 * HF's LabelSmoother: (1 - ε) × NLL + ε × mean over classes of -log p, both averaged over non-ignored positions.
 * With `shiftLabels` (causal LMs) position t predicts label t + 1.
 */
export function labelSmoothedLoss(
  logits: tf.Tensor,
  labels: tf.Tensor,
  epsilon: number,
  shiftLabels = false,
): tf.Scalar {
  return tf.tidy(() => {
    let l = logits;
    let y = labels;
    if (shiftLabels) {
      const t = l.shape[l.shape.length - 2];
      l = l.slice(Array(l.rank).fill(0), [...l.shape.slice(0, -2), t - 1, -1]);
      y = y.slice(Array(y.rank).fill(0).with(-1, 1), [...y.shape.slice(0, -1), -1]);
    }
    const classes = l.shape[l.shape.length - 1];
    const negLogProbs = tf.neg(tf.logSoftmax(l.reshape([-1, classes])));
    const flat = y.reshape([-1]).toInt();
    const active = tf.notEqual(flat, IGNORE_INDEX).toFloat();
    const nll = tf.sum(tf.mul(negLogProbs, tf.oneHot(tf.maximum(flat, 0).toInt(), classes)), -1);
    const smoothed = tf.sum(negLogProbs, -1);
    const numActive = tf.sum(active);
    const nllLoss = tf.div(tf.sum(tf.mul(nll, active)), numActive);
    const smoothLoss = tf.div(tf.sum(tf.mul(smoothed, active)), tf.mul(numActive, classes));
    return tf.add(tf.mul(1 - epsilon, nllLoss), tf.mul(epsilon, smoothLoss)) as tf.Scalar;
  });
}

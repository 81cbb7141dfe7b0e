import * as tf from "@tensorflow/tfjs";
import { crossEntropySum } from "@tfjs-trainer/core";
import { IGNORE_INDEX } from "@tfjs-trainer/data";

/**
 * HF's ForCausalLMLoss: position t predicts label t + 1 (the shift happens here, labels are the input ids with
 * IGNORE_INDEX where nothing is to be learned). The token mean over the batch, or, given `numItemsInBatch`, the summed
 * loss divided by it, so that micro-batches of one accumulation window add up to the window's token mean.
 */
export function causalLmLoss(logits: tf.Tensor, labels: tf.Tensor, numItemsInBatch?: number): tf.Scalar {
  return tf.tidy(() => {
    const [batch, length] = labels.shape as number[];
    // Shift left and pad the end with IGNORE_INDEX (as HF does), so the last position predicts nothing.
    const shifted = tf.concat(
      [tf.slice(labels.toInt(), [0, 1], [batch, length - 1]), tf.fill([batch, 1], IGNORE_INDEX, "int32")],
      1,
    );
    const { sum, count } = crossEntropySum(logits, shifted, IGNORE_INDEX);
    return tf.div(sum, numItemsInBatch ?? count) as tf.Scalar;
  });
}

/** Items HF's Trainer counts for num_items_in_batch: labels that are not IGNORE_INDEX, before the shift. */
export function countLabelItems(labels: ArrayLike<number> | undefined): number {
  if (!labels) return 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== IGNORE_INDEX) count++;
  return count;
}

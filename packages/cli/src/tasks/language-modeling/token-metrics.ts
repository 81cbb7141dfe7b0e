import * as tf from "@tensorflow/tfjs";
import { type HostOutputs, IGNORE_INDEX, type Metrics } from "tfjs-trainer";
import { firstOutput } from "../shared/argmax.js";
import type { PreparedTask } from "../task.js";

/**
 * run_clm / run_mlm's preprocess_logits_for_metrics: the argmax token at each position, so evaluation keeps
 * [examples, length] ids on the host instead of [examples, length, vocab] logits.
 */
export const argmaxTokens: NonNullable<PreparedTask["preprocessLogitsForMetrics"]> = (logits) =>
  tf.argMax(Array.isArray(logits) ? logits[0] : logits, -1);

/**
 * Token accuracy over the positions whose label is not -100. `shift`: position t's prediction is scored against
 * label t + 1 (run_clm's `preds[:, :-1]` against `labels[:, 1:]`); otherwise position by position (run_mlm).
 */
export function tokenAccuracy(predictions: HostOutputs, labels: HostOutputs, shift: boolean): number {
  const predicted = firstOutput(predictions);
  const expected = firstOutput(labels);
  const length = expected.shape[expected.shape.length - 1];
  const rows = expected.data.length / length;
  const offset = shift ? 1 : 0;
  let scored = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t + offset < length; t++) {
      const label = expected.data[r * length + t + offset];
      if (label === IGNORE_INDEX) continue;
      scored++;
      if (predicted.data[r * length + t] === label) correct++;
    }
  }
  return scored === 0 ? Number.NaN : correct / scored;
}

/** HF's scripts after evaluate: perplexity = exp(loss), infinite when the loss overflows it. */
export function perplexityFromLoss(metrics: Metrics, split: string): Metrics {
  const loss = metrics[`${split}_loss`];
  return typeof loss === "number" ? { perplexity: Math.exp(loss) } : {};
}

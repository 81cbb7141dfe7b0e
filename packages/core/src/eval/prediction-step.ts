import * as tf from "@tensorflow/tfjs";
import type { HostBatch } from "@tfjs-trainer/data";
import type { TensorBatch } from "../hooks/context.js";
import { checkIndexedColumns } from "../model/check-indexed-columns.js";
import type { ModelOutput } from "../model/contract.js";
import { forwardModel } from "../model/forward-error.js";
import { countItems } from "../train/count-items.js";
import { hostBatchToTensors } from "../train/host-to-tensors.js";
import type { Trainer } from "../trainer.js";
import type { PredictionStepOutput } from "./types.js";

/**
 * HF's prediction_step: with all label columns present, the loss and outputs through computeLoss; otherwise a plain
 * forward. The runPredictionStep hook may replace the whole step (seq2seq generation). Every tensor created here
 * that is not part of the returned output is disposed.
 */
export async function predictionStep(
  trainer: Trainer,
  batch: HostBatch,
  predictionLossOnly: boolean,
  ignoreKeys: string[],
): Promise<PredictionStepOutput> {
  // HF 5.x normalises an evaluation batch's loss by its own item count too, for models that take it
  checkIndexedColumns(trainer.model, batch);
  const counted = trainer.model.acceptsLossKwargs || trainer.computeLossFunc !== undefined;
  const ctx = trainer.stepContext(false, counted ? countItems(trainer.model, [batch]) : undefined);
  const created = hostBatchToTensors(batch);
  let inputs: TensorBatch = created;
  let output: PredictionStepOutput | undefined;
  try {
    inputs = trainer.hooks.prepareInputs.call(created, ctx);
    output = await trainer.hooks.runPredictionStep.promise(inputs, ctx);
    if (!output) {
      output = tf.tidy(() => {
        const labelNames = trainer.labelNames;
        const hasLabels = labelNames.length > 0 && labelNames.every((n) => inputs[n] !== undefined);
        let loss: tf.Scalar | undefined;
        let outputs: ModelOutput;
        if (hasLabels) {
          ({ loss, outputs } = trainer.computeLoss(inputs, ctx));
          loss = tf.mean(loss) as tf.Scalar;
        } else {
          outputs =
            trainer.hooks.forward.call(inputs, ctx) ??
            forwardModel(trainer.model, inputs, { training: false });
        }
        if (predictionLossOnly) return { loss };
        const kept = Object.entries(outputs)
          .filter(([k, v]) => v !== undefined && k !== "loss" && !ignoreKeys.includes(k))
          .map(([, v]) => v as tf.Tensor);
        const logits = kept.length === 1 ? kept[0] : kept.length === 0 ? undefined : kept;
        const labels = hasLabels
          ? labelNames.length === 1
            ? inputs[labelNames[0]].clone()
            : labelNames.map((n) => inputs[n].clone())
          : undefined;
        return { loss, logits, labels };
      });
    }
    return output;
  } finally {
    const keep = new Set(tensorsOf(output));
    for (const t of [...Object.values(created), ...Object.values(inputs)]) if (!keep.has(t)) t.dispose();
  }
}

export function tensorsOf(output: PredictionStepOutput | undefined): tf.Tensor[] {
  if (!output) return [];
  return [output.loss, output.logits, output.labels].flat().filter((t): t is tf.Tensor => t !== undefined);
}

import type * as tf from "@tensorflow/tfjs";
import type { TensorBatch } from "../hooks/context.js";
import type { StepContext } from "../hooks/trainer-hooks.js";
import { labelSmoothedLoss } from "../loss/label-smoother.js";
import type { ModelOutput } from "../model/contract.js";
import { forwardModel } from "../model/forward-error.js";
import type { Trainer } from "../trainer.js";

/** Model classes whose labels are shifted inside the model (label smoothing must shift them too). */
const CAUSAL_LM = /ForCausalLM$|LMHeadModel$/;

/**
 * HF's compute_loss: when label smoothing or a custom loss function is in use, labels are taken out of the inputs
 * and the loss is computed from the outputs; otherwise the model's own loss is used. The forward and computeLoss
 * hooks may replace either part.
 */
export function computeLossWithHooks(
  trainer: Trainer,
  inputs: TensorBatch,
  ctx: StepContext,
): { loss: tf.Scalar; outputs: ModelOutput } {
  const { model, args } = trainer;
  const smoothing = args.label_smoothing_factor;
  const popLabels = (smoothing !== 0 || trainer.computeLossFunc !== undefined) && inputs.labels !== undefined;
  const labels = popLabels ? inputs.labels : undefined;
  const modelInputs = popLabels ? withoutKey(inputs, "labels") : inputs;
  const numItemsInBatch = model.acceptsLossKwargs ? ctx.numItemsInBatch : undefined;
  const outputs =
    trainer.hooks.forward.call(modelInputs, ctx) ??
    forwardModel(model, modelInputs, { training: ctx.training, numItemsInBatch, seed: ctx.seed });

  const replaced = trainer.hooks.computeLoss.call(outputs, inputs, ctx);
  if (replaced) return { loss: replaced, outputs };
  if (labels) {
    if (trainer.computeLossFunc)
      return { loss: trainer.computeLossFunc(outputs, labels, ctx.numItemsInBatch), outputs };
    const logits = requireOutput(outputs, "logits", "label smoothing");
    const shift = CAUSAL_LM.test(model.modelClass ?? "");
    return { loss: labelSmoothedLoss(logits, labels, smoothing, shift), outputs };
  }
  if (!outputs.loss) {
    throw new Error(
      `the model returned no loss: its outputs are ${Object.keys(outputs).join(", ")} and the batch has ` +
        `${Object.keys(inputs).join(", ")} (is a "labels" column missing?)`,
    );
  }
  return { loss: outputs.loss, outputs };
}

function withoutKey(batch: TensorBatch, key: string): TensorBatch {
  const { [key]: _dropped, ...rest } = batch;
  return rest;
}

function requireOutput(outputs: ModelOutput, name: string, why: string): tf.Tensor {
  const t = outputs[name];
  if (!t) throw new Error(`${why} needs the model output "${name}", which it did not return`);
  return t;
}

import * as tf from "@tensorflow/tfjs";
import {
  labelSmoothedLoss,
  type PredictionStepOutput,
  type StepContext,
  type TensorBatch,
  type Trainer,
} from "@tfjs-trainer/core";
import {
  type GenerateInputs,
  type GenerativeModel,
  generate,
  generateOptionsFromHF,
} from "@tfjs-trainer/models";
import {
  modelGenerationConfig,
  type PaddingLengths,
  paddedLength,
  paddingLengths,
} from "./generation-config.js";
import type { GenerationKwargs } from "./generation-kwargs.js";

/** What one generating prediction step needs beyond the batch. */
export interface GenerationStepSettings {
  model: GenerativeModel;
  /** The merged kwargs of the call (see mergeGenerationKwargs). */
  kwargs: GenerationKwargs;
  /** The pad id; asked for only when something is padded (HF raises only then). */
  padTokenId: () => number;
}

/**
 * HF's Seq2SeqTrainer.prediction_step when it generates (predict_with_generate, and prediction_loss_only not set):
 * generate() on the batch — without decoder_input_ids / decoder_attention_mask when they were made from the labels —
 * with the call's kwargs; generated ids padded with the pad id to the model's generation max_length (or
 * max_new_tokens + 1); the loss from a forward pass over the whole batch (labels included) when it has labels; and
 * the labels padded the same way. With args.prediction_loss_only only the loss is returned. The returned tensors
 * are the evaluation loop's; every other tensor made here is disposed.
 */
export async function generationPredictionStep(
  trainer: Trainer,
  inputs: TensorBatch,
  ctx: StepContext,
  settings: GenerationStepSettings,
): Promise<PredictionStepOutput> {
  const hasLabels = inputs.labels !== undefined;
  const generated = await generate(
    settings.model,
    generationInputs(inputs),
    generateOptionsFromHF(settings.kwargs),
  );
  let tokens: tf.Tensor | undefined;
  let loss: tf.Scalar | undefined;
  let result: PredictionStepOutput | undefined;
  try {
    const lengths = paddingLengths(modelGenerationConfig(settings.model));
    tokens = padTo(generated, lengths, settings.padTokenId);
    loss = hasLabels ? forwardLoss(trainer, inputs, ctx) : undefined;
    if (trainer.args.prediction_loss_only) {
      result = { loss };
    } else {
      const labels = hasLabels ? padTo(inputs.labels, lengths, settings.padTokenId, true) : undefined;
      result = { loss, logits: tokens, labels };
    }
    return result;
  } finally {
    const kept = new Set([result?.loss, result?.logits, result?.labels].flat());
    for (const t of [generated, tokens, loss]) if (t && !kept.has(t)) t.dispose();
  }
}

/**
 * The batch as generate() takes it. HF drops decoder_input_ids (and their mask) when they have the labels' shape,
 * that is when a collator made them from the labels, "so that the model can freely generate"; other decoder inputs
 * would be a decoder prompt, which generate() does not take.
 */
export function generationInputs(inputs: TensorBatch): GenerateInputs {
  const inputIds = inputs.input_ids;
  if (!inputIds)
    throw new Error(`predict_with_generate: the batch has no input_ids (${Object.keys(inputs)})`);
  const decoderIds = inputs.decoder_input_ids;
  if (decoderIds) {
    const labels = inputs.labels;
    const fromLabels = labels !== undefined && sameShape(labels.shape, decoderIds.shape);
    if (!fromLabels) {
      throw new Error(
        "predict_with_generate: the batch has decoder_input_ids not made from its labels (a decoder prompt), " +
          "which generate() does not take",
      );
    }
  }
  return inputs.attention_mask ? { inputIds, attentionMask: inputs.attention_mask } : { inputIds };
}

/** HF: `model(**inputs)` without gradients; the label smoother when label_smoothing_factor is set, else its loss. */
function forwardLoss(trainer: Trainer, inputs: TensorBatch, ctx: StepContext): tf.Scalar {
  return tf.tidy(() => {
    const outputs =
      trainer.hooks.forward.call(inputs, ctx) ?? trainer.model.forward(inputs, { training: false });
    const replaced = trainer.hooks.computeLoss.call(outputs, inputs, ctx);
    let loss = replaced ?? outputs.loss;
    const smoothing = trainer.args.label_smoothing_factor;
    if (!replaced && smoothing !== 0) {
      if (!outputs.logits) throw new Error("label smoothing needs the model output logits");
      loss = labelSmoothedLoss(outputs.logits, inputs.labels, smoothing);
    }
    if (!loss) throw new Error(`the model returned no loss (outputs: ${Object.keys(outputs).join(", ")})`);
    return tf.mean(loss) as tf.Scalar;
  });
}

/** Right-pads [B, L] ids with the pad id to HF's length; the same tensor when no padding is needed (or a clone). */
function padTo(ids: tf.Tensor, lengths: PaddingLengths, padTokenId: () => number, copy = false): tf.Tensor {
  if (ids.rank !== 2)
    throw new Error(`predict_with_generate: expected ids [batch, length], got [${ids.shape}]`);
  const length = ids.shape[1] as number;
  const target = paddedLength(length, lengths);
  if (target === length) return copy ? ids.clone() : ids;
  return tf.pad(
    ids,
    [
      [0, 0],
      [0, target - length],
    ],
    padTokenId(),
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

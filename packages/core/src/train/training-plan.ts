import type { TrainingArguments } from "../args/index.js";
import type { BatchSource } from "../data/data-loader.js";

/** How long a run is, derived as HF's set_initial_training_values derives it. */
export interface TrainingPlan {
  maxSteps: number;
  numTrainEpochs: number;
  numUpdateStepsPerEpoch: number;
  /** Micro-batches per epoch (HF's steps_in_epoch). */
  stepsInEpoch: number;
  numTrainSamples: number;
}

export function planTraining(args: TrainingArguments, loader: BatchSource): TrainingPlan {
  const ga = args.gradient_accumulation_steps;
  const totalBatchSize = args.per_device_train_batch_size * ga;
  const len = loader.length;
  if (len === undefined) {
    if (args.max_steps <= 0) {
      throw new Error("max_steps: an iterable train dataset has no length, so max_steps must be set (> 0)");
    }
    return {
      maxSteps: args.max_steps,
      numTrainEpochs: Number.MAX_SAFE_INTEGER,
      numUpdateStepsPerEpoch: args.max_steps,
      stepsInEpoch: args.max_steps * ga,
      numTrainSamples: args.max_steps * totalBatchSize,
    };
  }
  if (len === 0)
    throw new Error(
      "train dataset: no full batch (fewer rows than the batch size with dataloader_drop_last)",
    );
  // the last, shorter window of an epoch is an optimizer step too
  const numUpdateStepsPerEpoch = Math.max(Math.floor(len / ga) + (len % ga > 0 ? 1 : 0), 1);
  if (args.max_steps > 0) {
    const epochs =
      Math.floor(args.max_steps / numUpdateStepsPerEpoch) +
      (args.max_steps % numUpdateStepsPerEpoch > 0 ? 1 : 0);
    return {
      maxSteps: args.max_steps,
      numTrainEpochs: epochs,
      numUpdateStepsPerEpoch,
      stepsInEpoch: len,
      numTrainSamples: args.max_steps * totalBatchSize,
    };
  }
  return {
    maxSteps: Math.ceil(args.num_train_epochs * numUpdateStepsPerEpoch),
    numTrainEpochs: Math.ceil(args.num_train_epochs),
    numUpdateStepsPerEpoch,
    stepsInEpoch: len,
    numTrainSamples: (loader.numExamples ?? 0) * args.num_train_epochs,
  };
}

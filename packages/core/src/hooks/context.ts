import type * as tf from "@tensorflow/tfjs";
import type { TrainingArguments } from "../args/index.js";
import type { BatchSource } from "../data/data-loader.js";
import type { TrainableModel } from "../model/contract.js";
import type { LRScheduler, Optimizer } from "../optim/index.js";
import type { TrainerControl } from "../state/trainer-control.js";
import type { TrainerState } from "../state/trainer-state.js";
import type { Trainer } from "../trainer.js";

/** What every hook receives first: the trainer and its live objects (HF passes the same to callbacks). */
export interface HookContext {
  trainer: Trainer;
  args: TrainingArguments;
  state: TrainerState;
  control: TrainerControl;
  model: TrainableModel;
  /** Absent before train() creates it (e.g. during a plain evaluate()). */
  optimizer?: Optimizer;
  scheduler?: LRScheduler;
  /**
   * The batches being evaluated or predicted, in the hooks the evaluation loop calls (predictionStep,
   * postprocessPredictions, computeMetrics; HF: eval_dataloader).
   */
  evalDataloader?: BatchSource;
}

/** A batch as tensors, keyed by column name; owned by the step that created it. */
export type TensorBatch = Record<string, tf.Tensor>;

/** Metrics as HF returns them from evaluate/predict (prefixed keys). */
export type Metrics = Record<string, number>;

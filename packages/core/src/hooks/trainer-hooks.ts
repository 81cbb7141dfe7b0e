import type * as tf from "@tensorflow/tfjs";
import {
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  SyncBailHook,
  SyncHook,
  SyncWaterfallHook,
} from "tapable";
import type { EvalLoopOutput, EvalPrediction, PredictionStepOutput } from "../eval/types.js";
import type { ModelOutput } from "../model/contract.js";
import type { LogEntry } from "../state/trainer-state.js";
import type { HookContext, Metrics, TensorBatch } from "./context.js";
import { interceptTapErrors } from "./tap-errors.js";

/** Passed with `forward`, `computeLoss` and `runPredictionStep`: whether this is a training forward. */
export interface StepContext extends HookContext {
  training: boolean;
  /** HF's num_items_in_batch: items (tokens with labels) in the whole accumulation window, when counted. */
  numItemsInBatch?: number;
  /** Seed for this forward's dropout masks, drawn from the run's checkpointed random stream. */
  seed?: number;
}

/**
 * Every hook of the trainer, in the order the loop calls them (see the core README for the loop). Event hooks are
 * awaited in series; the hooks that run inside tfjs's gradient function are synchronous because `tf.variableGrads`
 * takes a synchronous function. Waterfalls transform their first argument; bails replace a step when a tap returns
 * something other than `undefined`.
 */
export interface TrainerHooks {
  /** End of the Trainer constructor, after every plugin is applied (HF on_init_end). */
  readonly initEnd: SyncHook<[HookContext]>;
  /** Start of train(), after a checkpoint (if any) is loaded. should_training_stop was just reset. */
  readonly trainBegin: AsyncSeriesHook<[HookContext]>;
  /** Start of each epoch. should_epoch_stop was just reset. */
  readonly epochBegin: AsyncSeriesHook<[HookContext]>;
  /** Before the first micro-batch of an optimizer step. The log/evaluate/save flags were just reset. */
  readonly stepBegin: AsyncSeriesHook<[HookContext]>;
  /** Rewrites a micro-batch (tensors) before the forward. Runs synchronously, outside the gradient function. */
  readonly prepareInputs: SyncWaterfallHook<[TensorBatch, StepContext]>;
  /** Replaces the model's forward (return the outputs); inside the gradient function, synchronous. */
  readonly forward: SyncBailHook<[TensorBatch, StepContext], ModelOutput | undefined>;
  /** Replaces the loss taken from the outputs (return a scalar); inside the gradient function, synchronous. */
  readonly computeLoss: SyncBailHook<[ModelOutput, TensorBatch, StepContext], tf.Scalar | undefined>;
  /** After a micro-batch that does not complete an accumulation window. */
  readonly substepEnd: AsyncSeriesHook<[HookContext]>;
  /** Gradients are accumulated and clipped; the optimizer has not stepped. */
  readonly preOptimizerStep: AsyncSeriesHook<[HookContext]>;
  /** Right after the optimizer step, before the scheduler steps. */
  readonly optimizerStep: AsyncSeriesHook<[HookContext]>;
  /** After global_step is incremented; plugins set should_log / should_evaluate / should_save here. */
  readonly stepEnd: AsyncSeriesHook<[HookContext]>;
  /** End of each epoch; plugins may set the flags again (epoch strategies). */
  readonly epochEnd: AsyncSeriesHook<[HookContext]>;
  /** Each log entry, after it is appended to log_history (the entry has no `step` key, as HF's on_log). */
  readonly log: AsyncSeriesHook<[HookContext, LogEntry]>;
  /** Replaces one evaluation/prediction step (seq2seq generation does); return its output. */
  readonly runPredictionStep: AsyncSeriesBailHook<
    [TensorBatch, StepContext],
    PredictionStepOutput | undefined
  >;
  /** After each evaluation/prediction batch (HF on_prediction_step). */
  readonly predictionStep: AsyncSeriesHook<[HookContext, PredictionStepOutput]>;
  /** The loop's concatenated output before metrics (QA postprocessing maps features to answers here). */
  readonly postprocessPredictions: AsyncSeriesWaterfallHook<[EvalLoopOutput, HookContext]>;
  /** Metrics computed from the predictions; taps may add or change keys (before prefixing). */
  readonly computeMetrics: AsyncSeriesWaterfallHook<[Metrics, HookContext, EvalPrediction]>;
  /** After evaluate() logged its metrics (HF on_evaluate). */
  readonly evaluate: AsyncSeriesHook<[HookContext, Metrics]>;
  /** After predict() (HF on_predict). */
  readonly predict: AsyncSeriesHook<[HookContext, Metrics]>;
  /** After a checkpoint folder is complete and in place (HF on_save); rotation runs here. */
  readonly save: AsyncSeriesHook<[HookContext, { checkpointDir: string }]>;
  /** End of train(), after the final train metrics were logged. */
  readonly trainEnd: AsyncSeriesHook<[HookContext]>;
}

export type HookName = keyof TrainerHooks;

export function createTrainerHooks(): TrainerHooks {
  const hooks: TrainerHooks = {
    initEnd: new SyncHook(["ctx"]),
    trainBegin: new AsyncSeriesHook(["ctx"]),
    epochBegin: new AsyncSeriesHook(["ctx"]),
    stepBegin: new AsyncSeriesHook(["ctx"]),
    prepareInputs: new SyncWaterfallHook(["inputs", "ctx"]),
    forward: new SyncBailHook(["inputs", "ctx"]),
    computeLoss: new SyncBailHook(["outputs", "inputs", "ctx"]),
    substepEnd: new AsyncSeriesHook(["ctx"]),
    preOptimizerStep: new AsyncSeriesHook(["ctx"]),
    optimizerStep: new AsyncSeriesHook(["ctx"]),
    stepEnd: new AsyncSeriesHook(["ctx"]),
    epochEnd: new AsyncSeriesHook(["ctx"]),
    log: new AsyncSeriesHook(["ctx", "logs"]),
    runPredictionStep: new AsyncSeriesBailHook(["inputs", "ctx"]),
    predictionStep: new AsyncSeriesHook(["ctx", "output"]),
    postprocessPredictions: new AsyncSeriesWaterfallHook(["output", "ctx"]),
    computeMetrics: new AsyncSeriesWaterfallHook(["metrics", "ctx", "evalPrediction"]),
    evaluate: new AsyncSeriesHook(["ctx", "metrics"]),
    predict: new AsyncSeriesHook(["ctx", "metrics"]),
    save: new AsyncSeriesHook(["ctx", "payload"]),
    trainEnd: new AsyncSeriesHook(["ctx"]),
  };
  for (const [name, hook] of Object.entries(hooks)) interceptTapErrors(name, hook);
  return Object.freeze(hooks);
}

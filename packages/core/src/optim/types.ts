import type * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "../model/contract.js";

/**
 * One parameter group, as torch's `optimizer.param_groups[i]`: the parameters and the hyperparameters that apply to
 * them. `lr` is what the next `step()` uses (schedulers write it); `initialLr` is torch's `initial_lr`, the base a
 * schedule multiplies. Optimizer-specific hyperparameters (`betas`, `eps`, `momentum` …) sit beside them.
 */
export interface ParamGroup {
  params: NamedParameter[];
  lr: number;
  initialLr: number;
  weightDecay: number;
  [hyperparameter: string]: unknown;
}

/** A group as the caller describes it; what it leaves out comes from the optimizer's defaults (torch semantics). */
export interface ParamGroupSpec {
  params: NamedParameter[];
  lr?: number;
  weightDecay?: number;
  [hyperparameter: string]: unknown;
}

/**
 * An optimizer's checkpointable state: `tensors` holds the per-parameter buffers under `state.<paramName>.<slot>`
 * (e.g. `state.bert.pooler.dense.weight.exp_avg`), `meta` the JSON part (per-parameter step counts, each group's
 * hyperparameters and parameter names).
 */
export interface OptimizerStateDict {
  tensors: Record<string, tf.Tensor>;
  meta: Record<string, unknown>;
}

export interface Optimizer {
  readonly paramGroups: ParamGroup[];
  /**
   * One update. `grads` is keyed by parameter name; a parameter without a gradient is left untouched and its state
   * is not advanced (torch skips `p.grad is None`). Creates no lasting tensors besides the optimizer's own state and
   * never disposes `grads`: the caller owns them.
   */
  step(grads: Record<string, tf.Tensor>): void;
  /** A copy of the state: the returned tensors are new, and the caller disposes them. */
  stateDict(): OptimizerStateDict;
  /**
   * Restores a state written by `stateDict()` of an optimizer of the same kind over parameters of the same names and
   * shapes. The given tensors stay the caller's (they are copied). Nothing changes when validation fails.
   */
  loadStateDict(state: OptimizerStateDict): void;
  /** Frees the optimizer's state tensors (never the parameters). */
  dispose(): void;
}

/** A learning-rate schedule over an optimizer's groups (torch's LRScheduler / ReduceLROnPlateau). */
export interface LRScheduler {
  /** The name it was created under (HF's `lr_scheduler_type`). */
  readonly name: string;
  /**
   * True for schedules driven by an evaluation metric (`reduce_lr_on_plateau`): HF steps those after each
   * evaluation with the metric instead of after each optimizer step.
   */
  readonly stepsOnMetric: boolean;
  step(metric?: number): void;
  /** The lr of every group as of the last `step()` (or creation). */
  getLastLr(): number[];
  /** JSON-safe state (what `scheduler.json` holds). */
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}

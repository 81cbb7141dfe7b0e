import type * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import type { Metrics } from "../hooks/context.js";

/** One evaluation/prediction batch's result, as tensors the evaluation loop takes ownership of. */
export interface PredictionStepOutput {
  /** Mean loss of the batch, when labels were present. */
  loss?: tf.Scalar;
  /** Model outputs other than the loss (one tensor, or several e.g. QA start/end logits). */
  logits?: tf.Tensor | tf.Tensor[];
  labels?: tf.Tensor | tf.Tensor[];
}

/** Host-side predictions: one array or a tuple (several outputs). */
export type HostOutputs = HostTensor | HostTensor[];

/** What compute_metrics receives (HF's EvalPrediction). */
export interface EvalPrediction {
  predictions: HostOutputs;
  label_ids?: HostOutputs;
  /** Present when include_for_metrics has "inputs". */
  inputs?: HostTensor;
  /** Present when include_for_metrics has "loss" (one loss per example). */
  losses?: HostTensor;
}

/** What the evaluation loop returns (HF's EvalLoopOutput). */
export interface EvalLoopOutput {
  predictions?: HostOutputs;
  label_ids?: HostOutputs;
  metrics: Metrics;
  num_samples: number;
}

/** What predict() returns (HF's PredictionOutput). */
export interface PredictionOutput {
  predictions?: HostOutputs;
  label_ids?: HostOutputs;
  metrics: Metrics;
}

export type ComputeMetrics = (
  prediction: EvalPrediction,
  computeResult?: boolean,
) => Metrics | Promise<Metrics>;

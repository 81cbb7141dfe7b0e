import * as tf from "@tensorflow/tfjs";
import { type HostBatch, type HostTensor, hostTensor, readTensor } from "@tfjs-trainer/data";
import type { BatchSource } from "../data/data-loader.js";
import type { Metrics } from "../hooks/context.js";
import type { Trainer } from "../trainer.js";
import { concatOutputs, concatPadded } from "./nested-concat.js";
import { tensorsOf } from "./prediction-step.js";
import type { EvalLoopOutput, EvalPrediction, HostOutputs, PredictionStepOutput } from "./types.js";

export interface EvaluationLoopOptions {
  description: string;
  predictionLossOnly: boolean;
  ignoreKeys: string[];
  metricKeyPrefix: string;
}

/** Outputs of the batches not yet moved to the host (HF keeps them on the device until eval_accumulation_steps). */
interface Pending {
  logits: (tf.Tensor | tf.Tensor[])[];
  labels: (tf.Tensor | tf.Tensor[])[];
}

/** Asynchronous reads: WebGPU in Node has no synchronous one. */
const toHost = async (t: tf.Tensor | tf.Tensor[]): Promise<HostOutputs> =>
  Array.isArray(t) ? Promise.all(t.map(readTensor)) : readTensor(t);

/**
 * HF's evaluation_loop: a prediction step per batch; per-example losses, and logits and labels concatenated across
 * batches (padded with -100 where lengths differ); then postprocessPredictions, compute_metrics and the
 * computeMetrics hook; keys prefixed with metricKeyPrefix. Device outputs move to the host every
 * eval_accumulation_steps batches (or once at the end when unset), as HF does.
 */
export async function evaluationLoop(
  trainer: Trainer,
  loader: BatchSource,
  options: EvaluationLoopOptions,
): Promise<EvalLoopOutput> {
  const { args } = trainer;
  const losses: number[] = [];
  const inputs: HostTensor[] = [];
  const hostLogits: HostOutputs[] = [];
  const hostLabels: HostOutputs[] = [];
  const pending: Pending = { logits: [], labels: [] };
  const includeInputs = args.include_for_metrics.includes("inputs");
  let batchMetrics: Metrics | undefined;
  let numSamples = 0;

  const flush = async () => {
    hostLogits.push(...(await Promise.all(pending.logits.map(toHost))));
    hostLabels.push(...(await Promise.all(pending.labels.map(toHost))));
    tf.dispose([...pending.logits, ...pending.labels].flat());
    pending.logits = [];
    pending.labels = [];
  };

  // the hooks of this loop see the batches being evaluated (HF passes eval_dataloader to its callbacks)
  const hookContext = { ...trainer.context(), evalDataloader: loader };
  let next = await loader.batch(0, 0);
  for (let step = 0; next !== undefined; step++) {
    const batch: HostBatch = next;
    const output = await trainer.predictionStep(batch, options.predictionLossOnly, options.ignoreKeys);
    next = await loader.batch(0, step + 1);
    const batchSize = firstDim(batch);
    numSamples += batchSize;
    try {
      if (output.loss) {
        const value = (await output.loss.data())[0];
        for (let i = 0; i < batchSize; i++) losses.push(value);
      }
      if (includeInputs && batch.input_ids) inputs.push(batch.input_ids);
      let logits = output.logits;
      if (logits && trainer.preprocessLogitsForMetrics) {
        const raw = logits;
        logits = tf.tidy(() => trainer.preprocessLogitsForMetrics!(raw, output.labels));
        tf.dispose(raw);
        output.logits = logits;
      }
      if (args.batch_eval_metrics && trainer.computeMetrics && logits) {
        const prediction: EvalPrediction = { predictions: await toHost(logits) };
        if (output.labels) prediction.label_ids = await toHost(output.labels);
        batchMetrics = await trainer.computeMetrics(prediction, next === undefined);
      } else {
        if (logits) pending.logits.push(logits);
        if (output.labels) pending.labels.push(output.labels);
      }
      await trainer.hooks.predictionStep.promise(hookContext, output);
    } finally {
      disposeUnkept(output, pending);
    }
    if (args.eval_accumulation_steps && (step + 1) % args.eval_accumulation_steps === 0) await flush();
  }
  await flush();

  const result: EvalLoopOutput = {
    predictions: hostLogits.length > 0 ? concatOutputs(hostLogits) : undefined,
    label_ids: hostLabels.length > 0 ? concatOutputs(hostLabels) : undefined,
    metrics: {},
    num_samples: numSamples,
  };
  const processed = await trainer.hooks.postprocessPredictions.promise(result, hookContext);
  const prediction: EvalPrediction = {
    predictions: processed.predictions ?? [],
    label_ids: processed.label_ids,
  };
  if (includeInputs && inputs.length > 0) prediction.inputs = concatPadded(inputs, -100);
  if (args.include_for_metrics.includes("loss") && losses.length > 0) {
    prediction.losses = hostTensor("float32", [losses.length], losses);
  }
  let metrics: Metrics = { ...processed.metrics };
  if (batchMetrics) Object.assign(metrics, batchMetrics);
  else if (
    trainer.computeMetrics &&
    processed.predictions !== undefined &&
    processed.label_ids !== undefined
  ) {
    Object.assign(metrics, await trainer.computeMetrics(prediction));
  }
  metrics = await trainer.hooks.computeMetrics.promise(metrics, hookContext, prediction);
  const prefix = options.metricKeyPrefix;
  if (losses.length > 0) metrics[`${prefix}_loss`] = mean(losses);
  processed.metrics = prefixKeys(metrics, prefix);
  return processed;
}

function disposeUnkept(output: PredictionStepOutput, pending: Pending): void {
  const kept = new Set([...pending.logits, ...pending.labels].flat());
  for (const t of tensorsOf(output)) if (!kept.has(t)) t.dispose();
}

function firstDim(batch: HostBatch): number {
  const first = Object.values(batch)[0];
  return first?.shape[0] ?? 0;
}

/** Mean of float32 values, as numpy's float32 mean gives it back as a Python float. */
function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return Math.fround(sum / values.length);
}

/** HF: every key not already starting with `<prefix>_` gets it (keys keep their relative order otherwise). */
function prefixKeys(metrics: Metrics, prefix: string): Metrics {
  const out: Metrics = {};
  const later: [string, number][] = [];
  for (const [key, value] of Object.entries(metrics)) {
    if (key.startsWith(`${prefix}_`)) out[key] = value;
    else later.push([`${prefix}_${key}`, value]);
  }
  for (const [key, value] of later) out[key] = value;
  return out;
}

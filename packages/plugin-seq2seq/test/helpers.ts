import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import {
  type ComputeMetrics,
  type EvalPrediction,
  InMemoryDataset,
  type PluginSpec,
  type TrainableModel,
  Trainer,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import {
  type DataCollator,
  DataCollatorForSeq2Seq,
  type FeatureValue,
  type HostTensor,
} from "@tfjs-trainer/data";
import { fromPretrained, type GenerativeModel, type PreTrainedModel } from "@tfjs-trainer/models";

export const REFERENCE = fileURLToPath(new URL("../../../fixtures/hf-reference", import.meta.url));
/** The tiny BART HF trained on the copy task (runs/bart-seq2seq/final): its generations end at different lengths. */
export const TRAINED_BART = join(REFERENCE, "runs", "bart-seq2seq", "final");
export const BART = join(REFERENCE, "models", "bart");
export const T5 = join(REFERENCE, "models", "t5");

export interface Row {
  input_ids: number[];
  labels?: number[];
  [column: string]: FeatureValue;
}

export type Seq2SeqModel = PreTrainedModel & GenerativeModel;

/** The copy-task rows of runs/bart-seq2seq/data.json (ids below BART's and T5's vocabulary of 64). */
export function copyTaskRows(): { train: Row[]; eval: Row[]; padTokenId: number } {
  const data = JSON.parse(readFileSync(join(REFERENCE, "runs", "bart-seq2seq", "data.json"), "utf8"));
  return { train: data.train, eval: data.eval, padTokenId: data.pad_token_id };
}

export async function loadModel(dir: string): Promise<Seq2SeqModel> {
  return (await fromPretrained(dir, { warn: () => {} })) as Seq2SeqModel;
}

/** What compute_metrics received, per call. */
export function recordingMetrics(): { calls: EvalPrediction[]; computeMetrics: ComputeMetrics } {
  const calls: EvalPrediction[] = [];
  return {
    calls,
    computeMetrics: (prediction) => {
      calls.push(prediction);
      return { seen: (prediction.predictions as HostTensor).shape[0] };
    },
  };
}

export function seq2seqCollator(model: Seq2SeqModel, withDecoderInputs = false): DataCollator {
  const padTokenId = (model.config as { pad_token_id: number }).pad_token_id;
  return DataCollatorForSeq2Seq({ padTokenId, model: withDecoderInputs ? model : undefined });
}

export function makeTrainer(options: {
  model: TrainableModel;
  plugins: PluginSpec[];
  args?: Partial<TrainingArgumentsInit> & Record<string, unknown>;
  evalRows?: Row[];
  trainRows?: Row[];
  computeMetrics?: ComputeMetrics;
  dataCollator?: DataCollator;
}): Trainer {
  return new Trainer({
    model: options.model,
    args: {
      output_dir: mkdtempSync(join(tmpdir(), "seq2seq-")),
      per_device_eval_batch_size: 4,
      per_device_train_batch_size: 8,
      remove_unused_columns: false,
      train_sampling_strategy: "sequential",
      report_to: "none",
      backend: "cpu",
      ...options.args,
    } as TrainingArgumentsInit,
    trainDataset: options.trainRows ? new InMemoryDataset(options.trainRows) : undefined,
    evalDataset: options.evalRows ? new InMemoryDataset(options.evalRows) : undefined,
    dataCollator: options.dataCollator ?? seq2seqCollator(options.model as Seq2SeqModel),
    computeMetrics: options.computeMetrics,
    plugins: options.plugins,
    logger: () => {},
  });
}

/** A [rows, width] int32 host tensor as nested lists. */
export function rowsOf(t: HostTensor): number[][] {
  const [rows, width] = t.shape;
  return Array.from({ length: rows }, (_, r) => Array.from(t.data.subarray(r * width, (r + 1) * width)));
}

export async function useCpu(): Promise<void> {
  await tf.setBackend("cpu");
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  InMemoryDataset,
  TinyClassifier,
  type TinyModelConfig,
  type TrainableModel,
  Trainer,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import emaWeights, { type EmaWeightsOptions } from "../src/index.js";

const MODEL: TinyModelConfig = { vocab_size: 8, hidden_size: 8, num_labels: 3, seed: 1 };
const ROWS = Array.from({ length: 16 }, (_, i) => ({
  input_ids: [1 + (i % 7), 2 + (i % 3), 3],
  label: i % 3,
}));
export const EVAL_ROWS = ROWS.slice(0, 8);

const tempDirs: string[] = [];

export function tempDir(prefix = "ema-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made (each test file calls it after its tests). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A tiny classifier trained with the default flow and the EMA plugin: 4 steps per epoch, 6 steps, nothing saved. */
export function makeTrainer(options: EmaWeightsOptions, args: Partial<TrainingArgumentsInit> = {}): Trainer {
  return new Trainer({
    model: new TinyClassifier(MODEL),
    args: {
      output_dir: tempDir(),
      per_device_train_batch_size: 4,
      per_device_eval_batch_size: 8,
      max_steps: 6,
      learning_rate: 0.05,
      save_strategy: "no",
      backend: "cpu",
      seed: 7,
      ...args,
    },
    trainDataset: new InMemoryDataset(ROWS),
    evalDataset: new InMemoryDataset(EVAL_ROWS),
    plugins: [defaultFlow, emaWeights(options)],
    logger: () => {},
  });
}

/** A trainer without plugins that only evaluates and predicts `model`. */
export function evaluator(model: TrainableModel): Trainer {
  return new Trainer({
    model,
    args: { output_dir: tempDir(), per_device_eval_batch_size: 8, backend: "cpu" },
    evalDataset: new InMemoryDataset(EVAL_ROWS),
    plugins: [],
    logger: () => {},
  });
}

/** The tiny classifier the trainers start from, holding the given weights instead. */
export function modelWith(weights: Record<string, Float32Array>): TinyClassifier {
  const model = new TinyClassifier(MODEL);
  for (const { name, variable } of model.namedParameters()) {
    const values = weights[name];
    if (!values) throw new Error(`no weights for "${name}"`);
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, "float32")));
  }
  return model;
}

export async function weightsOf(model: TrainableModel): Promise<Record<string, Float32Array>> {
  const entries = await Promise.all(
    model
      .namedParameters()
      .map(async ({ name, variable }) => [name, Float32Array.from(await variable.data())] as const),
  );
  return Object.fromEntries(entries);
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InMemoryDataset,
  type PluginSpec,
  TinyClassifier,
  Trainer,
  type TrainerOptions,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { toyClassificationRows } from "./toy-data.js";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A small classification trainer; each part can be overridden. */
export function makeTrainer(
  args: Partial<TrainingArgumentsInit> = {},
  extra: Partial<TrainerOptions> & { plugins?: PluginSpec[]; TrainerClass?: typeof Trainer } = {},
): Trainer {
  const { TrainerClass = Trainer, ...options } = extra;
  return new TrainerClass({
    model: new TinyClassifier({ vocab_size: 16, hidden_size: 8, num_labels: 3, seed: 7 }),
    args: {
      output_dir: tempDir("trainer-"),
      per_device_train_batch_size: 4,
      per_device_eval_batch_size: 4,
      num_train_epochs: 1,
      logging_steps: 1,
      learning_rate: 0.05,
      save_strategy: "no",
      backend: "cpu",
      ...args,
    },
    trainDataset: new InMemoryDataset(toyClassificationRows(16)),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    evalDataset: new InMemoryDataset(toyClassificationRows(8)),
    plugins: [defaultFlow],
    ...options,
  });
}

/** All trainable weights as one flat array (to compare runs). */
export function flatWeights(trainer: Trainer): Float32Array {
  const parts = trainer.model.namedParameters().map((p) => p.variable.dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

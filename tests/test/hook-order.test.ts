import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { definePlugin, type HookName, InMemoryDataset, TinyClassifier, Trainer } from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { describe, expect, it } from "vitest";
import { toyClassificationRows } from "./helpers/toy-data.js";

const EVENTS: HookName[] = [
  "trainBegin",
  "epochBegin",
  "stepBegin",
  "substepEnd",
  "preOptimizerStep",
  "optimizerStep",
  "stepEnd",
  "epochEnd",
  "log",
  "predictionStep",
  "evaluate",
  "save",
  "trainEnd",
];

const recorder = (calls: string[]) =>
  definePlugin({
    name: "recorder",
    apply(trainer) {
      trainer.hooks.initEnd.tap("recorder", () => calls.push("initEnd"));
      for (const name of EVENTS) {
        // biome-ignore lint/suspicious/noExplicitAny: one tap for hooks of different argument tuples
        (trainer.hooks[name] as any).tapPromise("recorder", async () => {
          calls.push(name);
        });
      }
    },
  });

describe("hook order", () => {
  it("a 2-epoch run with gradient accumulation 2 and step-based log/eval/save calls hooks in HF 5.x's order", async () => {
    await tf.setBackend("cpu");
    const calls: string[] = [];
    const trainer = new Trainer({
      model: new TinyClassifier({ vocab_size: 16, hidden_size: 8, num_labels: 3, seed: 1 }),
      args: {
        output_dir: mkdtempSync(join(tmpdir(), "hook-order-")),
        per_device_train_batch_size: 4,
        per_device_eval_batch_size: 4,
        gradient_accumulation_steps: 2,
        num_train_epochs: 2,
        logging_strategy: "steps",
        logging_steps: 2,
        eval_strategy: "steps",
        eval_steps: 2,
        save_strategy: "steps",
        save_steps: 2,
        backend: "cpu",
      },
      // 16 rows / batch 4 = 4 micro-batches = 2 optimizer steps per epoch; 8 eval rows = 2 eval batches
      trainDataset: new InMemoryDataset(toyClassificationRows(16)),
      dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
      evalDataset: new InMemoryDataset(toyClassificationRows(8)),
      plugins: [defaultFlow, recorder(calls)],
    });
    await trainer.train();

    const microBatch = ["stepBegin", "substepEnd"];
    const syncStep = ["preOptimizerStep", "optimizerStep", "stepEnd"];
    const step1 = [...microBatch, ...syncStep];
    // step 2: log, then evaluate (2 prediction steps, its log, on_evaluate), then save
    const step2 = [...step1, "log", "predictionStep", "predictionStep", "log", "evaluate", "save"];
    const epoch = ["epochBegin", ...step1, ...step2, "epochEnd"];
    // step 4 = max_steps: the flow stops training; the epoch-end pass has nothing left to do
    const expected = ["initEnd", "trainBegin", ...epoch, ...epoch, "log", "trainEnd"];
    expect(calls).toEqual(expected);
    expect(trainer.state.global_step).toBe(4);
    expect(trainer.state.log_history.map((e) => e.step)).toEqual([2, 2, 4, 4, 4]);
  });
});

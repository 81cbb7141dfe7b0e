import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, TinyClassifier, Trainer, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import earlyStopping from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A run of up to 20 steps evaluating every step with scripted scores of the metric "score". */
function run(
  scores: number[],
  options: { patience?: number; threshold?: number } = {},
  args: Partial<TrainingArgumentsInit> = {},
) {
  const logs: string[] = [];
  let evaluation = 0;
  const rows = Array.from({ length: 8 }, (_, i) => ({ input_ids: [1 + (i % 5), 2, 3], label: i % 3 }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: mkdtempSync(join(tmpdir(), "early-")),
      per_device_train_batch_size: 4,
      max_steps: 20,
      eval_strategy: "steps",
      eval_steps: 1,
      save_steps: 1,
      load_best_model_at_end: true,
      metric_for_best_model: "score",
      backend: "cpu",
      ...args,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    computeMetrics: () => ({ score: scores[evaluation++] ?? 0 }),
    plugins: [defaultFlow, earlyStopping(options)],
    logger: (m) => logs.push(m),
  });
  return { trainer, logs };
}

describe("early stopping", () => {
  it("stops after `patience` evaluations without improvement", async () => {
    const { trainer } = run([0.5, 0.6, 0.55, 0.6, 0.58, 0.9], { patience: 3 });
    await trainer.train();
    // best 0.6 at step 2; steps 3, 4 (equal is no improvement) and 5 do not beat it
    expect(trainer.state.global_step).toBe(5);
    expect(trainer.state.best_global_step).toBe(2);
  });

  it("an improvement must exceed the threshold", async () => {
    const { trainer } = run([0.5, 0.55, 0.58, 0.59], { patience: 2, threshold: 0.1 });
    await trainer.train();
    expect(trainer.state.global_step).toBe(3);
  });

  it("follows greater_is_better, e.g. a loss", async () => {
    const { trainer } = run([1.0, 0.8, 0.9, 0.85], { patience: 2 }, { greater_is_better: false });
    await trainer.train();
    expect(trainer.state.global_step).toBe(4);
  });

  it("saves its counter under stateful_callbacks.EarlyStoppingCallback, HF's key and fields", async () => {
    const { trainer } = run([0.5, 0.4, 0.3, 0.9], { patience: 5 }, { max_steps: 3 });
    await trainer.train();
    const saved = JSON.parse(
      readFileSync(join(trainer.args.output_dir, "checkpoint-3", "trainer_state.json"), "utf8"),
    );
    expect(saved.stateful_callbacks.EarlyStoppingCallback).toEqual({
      args: { early_stopping_patience: 5, early_stopping_threshold: 0 },
      attributes: { early_stopping_patience_counter: 2 },
    });
  });

  it("restores the counter on resume, so patience carries over", async () => {
    const first = run([0.5, 0.4, 0.3], { patience: 3 }, { max_steps: 3 });
    await first.trainer.train();
    const second = run(
      [0.2, 0.9],
      { patience: 3 },
      { output_dir: first.trainer.args.output_dir, max_steps: 20 },
    );
    await second.trainer.train({ resumeFromCheckpoint: true });
    // counter 2 after step 3; step 4 (0.2) is the third evaluation without improvement
    expect(second.trainer.state.global_step).toBe(4);
  });

  it("works without load_best_model_at_end, with a warning; fails without an eval strategy", async () => {
    const { trainer, logs } = run([0.5, 0.4], { patience: 1 }, { load_best_model_at_end: false });
    await trainer.train();
    expect(trainer.state.global_step).toBe(2);
    expect(logs.some((l) => l.includes("without load_best_model_at_end"))).toBe(true);
    const noEval = run([], {}, { eval_strategy: "no", load_best_model_at_end: false });
    await expect(noEval.trainer.train()).rejects.toThrow(/early-stopping.*eval_strategy/);
  });

  it("validates its options, naming the plugin and the field", () => {
    expect(() => earlyStopping({ patience: 0 })).toThrow(/plugin-early-stopping": invalid options: patience/);
  });
});

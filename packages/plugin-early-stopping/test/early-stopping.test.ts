import { existsSync, mkdtempSync, readFileSync } from "node:fs";
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

/** A run of up to 20 steps evaluating every step with scripted scores of a metric ("score" unless `metric` says). */
function run(
  scores: number[],
  options: { patience?: number; threshold?: number } = {},
  args: Partial<TrainingArgumentsInit> = {},
  metric = "score",
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
    computeMetrics: () => ({ [metric]: scores[evaluation++] ?? 0 }),
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

  it("takes metric_for_best_model with or without the eval_ prefix; a name ending in loss is lower-is-better", async () => {
    const scores = [1.0, 0.8, 0.9, 0.85, 0.7];
    const runs = [];
    for (const metric_for_best_model of ["my_loss", "eval_my_loss"]) {
      const { trainer } = run(scores, { patience: 2 }, { metric_for_best_model }, "my_loss");
      await trainer.train();
      runs.push(trainer);
    }
    for (const trainer of runs) {
      expect(trainer.args.greater_is_better).toBe(false);
      // 1.0, then 0.8 improves, then 0.9 and 0.85 do not: stopped at the 4th evaluation
      expect(trainer.state.global_step).toBe(4);
      expect(evals(trainer, "eval_my_loss")).toEqual([
        [1, 1.0],
        [2, 0.8],
        [3, 0.9],
        [4, 0.85],
      ]);
      expect(trainer.state.best_metric).toBe(0.8);
      expect(trainer.state.best_global_step).toBe(2);
    }
  });

  it("greater_is_better decides the direction, whatever the metric's name", async () => {
    const scores = [0.5, 0.7, 0.6, 0.65, 0.4, 0.3];
    const higher = run(
      scores,
      { patience: 2 },
      { metric_for_best_model: "my_loss", greater_is_better: true },
      "my_loss",
    );
    await higher.trainer.train();
    // 0.7 improves on 0.5; 0.6 and 0.65 do not
    expect(higher.trainer.state.global_step).toBe(4);
    const lower = run(scores, { patience: 2 }, { greater_is_better: false });
    await lower.trainer.train();
    // 0.7 and 0.6 do not improve on 0.5
    expect(lower.trainer.state.global_step).toBe(3);
    expect(lower.trainer.state.best_metric).toBe(0.5);
  });

  it("patience counts evaluations since the last improvement beyond the threshold; a larger one resets it", async () => {
    // 0.55 is within the threshold of 0.5 (1); 0.9 beats 0.55 by more than 0.1 (0); 0.95 (1) and 0.96 (2) do not
    const { trainer } = run([0.5, 0.55, 0.9, 0.95, 0.96, 0.99], { patience: 2, threshold: 0.1 });
    await trainer.train();
    expect(trainer.state.global_step).toBe(5);
    // an improvement of exactly the threshold does not count either
    const exact = run([0.5, 0.75, 0.8], { patience: 1, threshold: 0.25 });
    await exact.trainer.train();
    expect(exact.trainer.state.global_step).toBe(2);
  });

  it("compares with the best so far, which moves on every improvement: small steps within the threshold still stop (HF)", async () => {
    const { trainer } = run(
      [1.0, 0.96, 0.92, 0.88, 0.5],
      { patience: 3, threshold: 0.1 },
      { greater_is_better: false },
    );
    await trainer.train();
    // each evaluation is the new best, yet none is 0.1 better than the previous best
    expect(trainer.state.global_step).toBe(4);
    expect(trainer.state.best_global_step).toBe(4);
    expect(trainer.state.best_metric).toBe(0.88);
  });

  it("stops at the evaluation that exhausts patience: that step is still saved, nothing is evaluated after it", async () => {
    const { trainer } = run([0.3, 0.5, 0.4, 0.45, 0.9], { patience: 2 }, { eval_steps: 2, save_steps: 2 });
    await trainer.train();
    expect(trainer.state.global_step).toBe(8);
    expect(evals(trainer, "eval_score")).toEqual([
      [2, 0.3],
      [4, 0.5],
      [6, 0.4],
      [8, 0.45],
    ]);
    expect(trainer.state.log_history.at(-1)).toMatchObject({ step: 8, train_loss: expect.any(Number) });
    const saved = JSON.parse(
      readFileSync(join(trainer.args.output_dir, "checkpoint-8", "trainer_state.json"), "utf8"),
    );
    expect(saved.stateful_callbacks.EarlyStoppingCallback.attributes).toEqual({
      early_stopping_patience_counter: 2,
    });
    expect(saved.stateful_callbacks.TrainerControl.args.should_training_stop).toBe(true);
    expect(existsSync(join(trainer.args.output_dir, "checkpoint-10"))).toBe(false);
    // load_best_model_at_end: the best is step 4's
    expect(trainer.state.best_model_checkpoint).toBe(join(trainer.args.output_dir, "checkpoint-4"));
  });

  it("with epoch evaluation, stops at the end of the epoch whose evaluation exhausts patience", async () => {
    // 8 rows in batches of 4: 2 steps per epoch
    const { trainer } = run(
      [0.5, 0.4, 0.45, 0.9],
      { patience: 2 },
      {
        eval_strategy: "epoch",
        save_strategy: "epoch",
      },
    );
    await trainer.train();
    expect(trainer.state.global_step).toBe(6);
    expect(trainer.state.epoch).toBe(3);
    expect(evals(trainer, "eval_score").map(([step]) => step)).toEqual([2, 4, 6]);
  });

  it("an evaluation without the metric is not checked: a warning, the counter unchanged", async () => {
    const { trainer, logs } = run([], { patience: 1 });
    await trainer.hooks.evaluate.promise(trainer.context(), { eval_other: 1 });
    expect(logs.some((l) => l.includes('"eval_score"') && l.includes("not checked"))).toBe(true);
    expect(trainer.control.should_training_stop).toBe(false);
    const handle = trainer.pluginStates.get("EarlyStoppingCallback");
    expect(handle?.state?.().attributes).toEqual({ early_stopping_patience_counter: 0 });
  });
});

/** The evaluations in log_history: [step, value of `key`]. */
function evals(trainer: Trainer, key: string): [number, number][] {
  return trainer.state.log_history.filter((e) => key in e).map((e) => [e.step, e[key]]);
}

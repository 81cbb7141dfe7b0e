import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type HookContext,
  InMemoryDataset,
  TinyClassifier,
  Trainer,
  TrainerControl,
  TrainerState,
  type TrainingArguments,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import defaultFlow from "../src/index.js";

/** A trainer with only this plugin, and a way to fire stepEnd / epochEnd at a chosen state. */
function flow(args: ConstructorParameters<typeof TrainingArguments>[0], maxSteps = 100) {
  const trainer = new Trainer({
    model: { inputNames: [], forward: () => ({}), namedParameters: () => [] },
    args: { output_dir: "unused", ...args },
    plugins: [defaultFlow],
  });
  const state = new TrainerState();
  state.max_steps = maxSteps;
  state.computeSteps(trainer.args, maxSteps);
  const fire = async (hook: "stepEnd" | "epochEnd", step: number, epoch = 0) => {
    state.global_step = step;
    state.epoch = epoch;
    const control = new TrainerControl();
    const ctx: HookContext = { ...trainer.context(), state, control };
    await trainer.hooks[hook].promise(ctx);
    return control;
  };
  return fire;
}

const flags = (c: TrainerControl) =>
  (["should_log", "should_evaluate", "should_save", "should_training_stop"] as const).filter((k) => c[k]);

describe("default flow", () => {
  it("steps strategies fire on multiples; logging_first_step logs step 1", async () => {
    const fire = flow({
      logging_steps: 5,
      eval_strategy: "steps",
      eval_steps: 10,
      save_steps: 20,
      logging_first_step: true,
    });
    expect(flags(await fire("stepEnd", 1))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 3))).toEqual([]);
    expect(flags(await fire("stepEnd", 5))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 10))).toEqual(["should_log", "should_evaluate"]);
    expect(flags(await fire("stepEnd", 20))).toEqual(["should_log", "should_evaluate", "should_save"]);
  });

  it("eval_delay holds evaluation back", async () => {
    const fire = flow({ eval_strategy: "steps", eval_steps: 10, eval_delay: 25 });
    expect(flags(await fire("stepEnd", 20))).not.toContain("should_evaluate");
    expect(flags(await fire("stepEnd", 30))).toContain("should_evaluate");
  });

  it("max_steps stops training and, with steps strategies, evaluates and saves there", async () => {
    const fire = flow({ logging_steps: 4, eval_strategy: "steps", eval_steps: 6, save_steps: 6 }, 10);
    expect(flags(await fire("stepEnd", 10))).toEqual([
      "should_evaluate",
      "should_save",
      "should_training_stop",
    ]);
    const epochFlow = flow({ eval_strategy: "epoch", save_strategy: "epoch" }, 10);
    expect(flags(await epochFlow("stepEnd", 10))).toEqual(["should_training_stop"]);
  });

  it("epoch strategies fire at epoch end", async () => {
    const fire = flow({
      logging_strategy: "epoch",
      eval_strategy: "epoch",
      save_strategy: "epoch",
      eval_delay: 2,
    });
    expect(flags(await fire("epochEnd", 4, 1))).toEqual(["should_log", "should_save"]);
    expect(flags(await fire("epochEnd", 8, 2))).toEqual(["should_log", "should_evaluate", "should_save"]);
    expect(flags(await fire("stepEnd", 4, 1))).toEqual([]);
  });

  it("fractional steps resolve against max_steps", async () => {
    const fire = flow({ logging_steps: 0.25 }, 20);
    expect(flags(await fire("stepEnd", 5))).toEqual(["should_log"]);
    expect(flags(await fire("stepEnd", 6))).toEqual([]);
  });

  it('"no" strategies set nothing but the stop; logging_first_step logs step 1 whatever the logging strategy', async () => {
    const none = flow(
      { logging_strategy: "no", eval_strategy: "no", save_strategy: "no", logging_steps: 1, save_steps: 1 },
      10,
    );
    for (const step of [1, 2, 5]) expect(flags(await none("stepEnd", step))).toEqual([]);
    expect(flags(await none("epochEnd", 5, 1))).toEqual([]);
    expect(flags(await none("stepEnd", 10))).toEqual(["should_training_stop"]);
    for (const logging_strategy of ["no", "epoch"] as const) {
      const first = flow({ logging_strategy, logging_first_step: true, save_strategy: "no" }, 10);
      expect(flags(await first("stepEnd", 1))).toEqual(["should_log"]);
      expect(flags(await first("stepEnd", 2))).toEqual([]);
    }
  });

  it('save_strategy "best" is left to the core: the flow never asks for a save, not even at max_steps', async () => {
    const fire = flow(
      {
        eval_strategy: "steps",
        eval_steps: 2,
        save_strategy: "best",
        save_steps: 2,
        metric_for_best_model: "score",
      },
      10,
    );
    expect(flags(await fire("stepEnd", 4))).toEqual(["should_evaluate"]);
    expect(flags(await fire("epochEnd", 5, 1))).toEqual([]);
    expect(flags(await fire("stepEnd", 10))).toEqual(["should_evaluate", "should_training_stop"]);
  });

  it("eval_delay also holds back the evaluation at max_steps (HF 5.x)", async () => {
    const fire = flow({ eval_strategy: "steps", eval_steps: 4, eval_delay: 12, save_strategy: "no" }, 10);
    expect(flags(await fire("stepEnd", 8))).toEqual([]);
    expect(flags(await fire("stepEnd", 10))).toEqual(["should_training_stop"]);
  });
});

// ── whole runs: what ends up in log_history and on disk ──────────────────────────────────────────────────

/** 16 equal-length rows, batch 4: 4 optimizer steps per epoch. `scores` script the metric "score", one per evaluation. */
function train(args: Partial<TrainingArgumentsInit>, scores: number[] = []) {
  let evaluation = 0;
  const rows = Array.from({ length: 16 }, (_, i) => ({
    input_ids: [1 + (i % 7), 2 + (i % 3), 3],
    label: i % 3,
  }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: mkdtempSync(join(tmpdir(), "flow-")),
      per_device_train_batch_size: 4,
      backend: "cpu",
      ...args,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows.slice(0, 4)),
    computeMetrics: () => ({ score: scores[evaluation++] ?? 0 }),
    plugins: [defaultFlow],
    logger: () => {},
  });
  const entries = () =>
    trainer.state.log_history.map((e) => {
      const kind = "eval_loss" in e ? "eval" : "train_loss" in e ? "train" : "loss" in e ? "loss" : "?";
      return `${kind}@${e.step}`;
    });
  const checkpoints = () =>
    readdirSync(trainer.args.output_dir)
      .filter((n) => n.startsWith("checkpoint-"))
      .map((n) => Number(n.slice("checkpoint-".length)))
      .sort((a, b) => a - b);
  return { trainer, entries, checkpoints };
}

describe("default flow in a whole run", () => {
  it("max_steps not a multiple: evaluates and saves the last step once more, but does not log it (HF 5.x)", async () => {
    const run = train({
      max_steps: 7,
      logging_steps: 3,
      eval_strategy: "steps",
      eval_steps: 3,
      save_steps: 4,
    });
    await run.trainer.train();
    expect(run.trainer.state.global_step).toBe(7);
    expect(run.entries()).toEqual(["loss@3", "eval@3", "loss@6", "eval@6", "eval@7", "train@7"]);
    expect(run.checkpoints()).toEqual([4, 7]);
  });

  it("max_steps a multiple: the last step is evaluated and saved once, not twice", async () => {
    const run = train({
      max_steps: 6,
      logging_steps: 3,
      eval_strategy: "steps",
      eval_steps: 3,
      save_steps: 3,
    });
    await run.trainer.train();
    expect(run.entries()).toEqual(["loss@3", "eval@3", "loss@6", "eval@6", "train@6"]);
    expect(run.checkpoints()).toEqual([3, 6]);
  });

  it("stops at max_steps inside an epoch; epoch strategies then log, evaluate and save at that step", async () => {
    const run = train({
      max_steps: 6,
      num_train_epochs: 5,
      logging_strategy: "epoch",
      eval_strategy: "epoch",
      save_strategy: "epoch",
    });
    await run.trainer.train();
    expect(run.trainer.state.global_step).toBe(6);
    expect(run.trainer.state.epoch).toBe(1.5);
    expect(run.entries()).toEqual(["loss@4", "eval@4", "loss@6", "eval@6", "train@6"]);
    expect(run.checkpoints()).toEqual([4, 6]);
  });

  it('"no" strategies: only the training summary is logged and nothing is saved; logging_first_step adds step 1', async () => {
    const none = train({ max_steps: 5, logging_strategy: "no", eval_strategy: "no", save_strategy: "no" });
    await none.trainer.train();
    expect(none.entries()).toEqual(["train@5"]);
    expect(none.checkpoints()).toEqual([]);
    const first = train({
      max_steps: 5,
      logging_strategy: "no",
      logging_first_step: true,
      save_strategy: "no",
    });
    await first.trainer.train();
    expect(first.entries()).toEqual(["loss@1", "train@5"]);
  });

  it('save_strategy "best" saves only when the metric improves (an equal score is no improvement)', async () => {
    const run = train(
      {
        max_steps: 6,
        eval_strategy: "steps",
        eval_steps: 1,
        save_strategy: "best",
        metric_for_best_model: "score",
      },
      [0.2, 0.1, 0.5, 0.5, 0.7, 0.6],
    );
    await run.trainer.train();
    // no save forced at max_steps either: step 6 did not improve
    expect(run.checkpoints()).toEqual([1, 3, 5]);
    expect(run.trainer.state.best_metric).toBe(0.7);
  });

  it("eval_on_start evaluates at step 0 despite eval_delay, and does not count towards the best metric", async () => {
    const run = train(
      {
        max_steps: 8,
        eval_strategy: "steps",
        eval_steps: 2,
        eval_delay: 5,
        eval_on_start: true,
        save_strategy: "no",
        logging_strategy: "no",
        metric_for_best_model: "score",
      },
      [0.9, 0.1, 0.2],
    );
    await run.trainer.train();
    expect(run.entries()).toEqual(["eval@0", "eval@6", "eval@8", "train@8"]);
    expect(run.trainer.state.best_metric).toBe(0.2);
  });
});

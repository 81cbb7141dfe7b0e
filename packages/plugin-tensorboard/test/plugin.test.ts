import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  InMemoryDataset,
  type PluginSpec,
  STAGE_REPORT,
  TinyClassifier,
  Trainer,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { collectRunContents, readEventFile, readRuns } from "@tfjs-trainer/tfevents";
import { beforeAll, describe, expect, it } from "vitest";
import tensorboard, {
  defaultLogDir,
  PLUGIN_NAME,
  rewriteLogKey,
  type TensorBoardOptions,
} from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A tiny classifier trained for `max_steps` steps (logging and evaluating every 2), with the plugin and probes. */
function tinyRun(
  options: TensorBoardOptions,
  args: Partial<TrainingArgumentsInit> = {},
  probes: PluginSpec[] = [],
) {
  const logs: string[] = [];
  const rows = Array.from({ length: 8 }, (_, i) => ({ input_ids: [1 + (i % 5), 2, 3], label: i % 3 }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: tempDir("tb-tiny-"),
      per_device_train_batch_size: 2,
      gradient_accumulation_steps: 2,
      max_steps: 6,
      logging_steps: 2,
      eval_strategy: "steps",
      eval_steps: 2,
      save_strategy: "no",
      backend: "cpu",
      ...args,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    plugins: [defaultFlow, tensorboard(options), ...probes],
    logger: (m) => logs.push(m),
  });
  return { trainer, logs };
}

/** A probe that runs after this plugin's taps (a later stage). */
function probe(name: string, apply: (trainer: Trainer) => void): PluginSpec {
  return definePlugin({ name, apply: (trainer) => apply(trainer) });
}
const AFTER = { stage: STAGE_REPORT + 10 };

describe("histograms", () => {
  it("every histogram_steps steps: the weights after the step and the gradients it applies; no tensor leaks", async () => {
    const logDir = tempDir("tb-histo-");
    const counts: number[] = [];
    const gradRanges: Record<string, [number, number]>[] = [];
    const { trainer } = tinyRun({ log_dir: logDir, histogram_steps: 2 }, {}, [
      probe("probe", (t) => {
        t.hooks.stepEnd.tapPromise({ name: "probe", ...AFTER }, async () => {
          counts.push(tf.memory().numTensors);
        });
        t.hooks.preOptimizerStep.tapPromise({ name: "probe", ...AFTER }, async ({ state, trainer: tr }) => {
          const ranges: Record<string, [number, number]> = {};
          for (const [name, grad] of Object.entries(tr.loop.accumulatedGrads ?? {})) {
            const v = await grad.data();
            ranges[name] = [Math.min(...v), Math.max(...v)];
          }
          gradRanges[state.global_step + 1] = ranges;
        });
      }),
    ]);
    await trainer.train();
    expect(counts).toHaveLength(6);
    expect(new Set(counts.slice(1)).size).toBe(1); // flat from the second step on

    const [run] = await readRuns(logDir);
    const c = collectRunContents(run.events);
    const names = trainer.model.namedParameters().map((p) => p.name);
    expect(c.tags.histograms).toEqual([
      ...names.map((n) => `gradients/${n}`),
      ...names.map((n) => `weights/${n}`),
    ]);
    for (const { name, variable } of trainer.model.namedParameters()) {
      const weights = c.histograms[`weights/${name}`];
      expect(weights.map((p) => p.step)).toEqual([2, 4, 6]);
      expect(weights.map((p) => p.value.num)).toEqual([variable.size, variable.size, variable.size]);
      const last = await variable.data(); // no step after 6: the last histogram is of these weights
      expect([weights[2].value.min, weights[2].value.max]).toEqual([Math.min(...last), Math.max(...last)]);
      const grads = c.histograms[`gradients/${name}`];
      expect(grads.map((p) => p.step)).toEqual([2, 4, 6]);
      for (const p of grads) expect([p.value.min, p.value.max]).toEqual(gradRanges[p.step][name]);
    }
  });

  it("writes only the kinds asked for", async () => {
    const logDir = tempDir("tb-histo-");
    const { trainer } = tinyRun({ log_dir: logDir, histogram_steps: 3, histograms: ["gradients"] });
    await trainer.train();
    const [run] = await readRuns(logDir);
    const { tags, histograms } = collectRunContents(run.events);
    expect(tags.histograms.every((t) => t.startsWith("gradients/"))).toBe(true);
    expect(Object.values(histograms).map((points) => points.map((p) => p.step))).toEqual(
      tags.histograms.map(() => [3, 6]),
    );
  });
});

describe("writing", () => {
  it("flushes at each log: the log's scalars are in the file when the log hook returns", async () => {
    const logDir = tempDir("tb-flush-");
    const seen: string[][] = [];
    const { trainer } = tinyRun({ log_dir: logDir }, {}, [
      probe("probe", (t) => {
        t.hooks.log.tapPromise({ name: "probe", ...AFTER }, async ({ state }, entry) => {
          const [file] = readdirSync(logDir)
            .filter((n) => n.includes("tfevents"))
            .sort()
            .reverse();
          const { events } = await readEventFile(join(logDir, file));
          const atStep = events.filter((e) => e.step === state.global_step).flatMap((e) => e.summary!.value);
          seen.push(Object.keys(entry).filter((k) => !atStep.some((v) => v.tag === rewriteLogKey(k))));
        });
      }),
    ]);
    await trainer.train();
    expect(seen.length).toBe(trainer.state.log_history.length);
    expect(seen.flat()).toEqual([]); // no key of any log missing from the file
  });

  it("an unwritable log dir gives one warning naming the plugin and the path; training and evaluation go on", async () => {
    const blocker = join(tempDir("tb-blocked-"), "not-a-folder");
    writeFileSync(blocker, "");
    const logDir = join(blocker, "runs");
    const { trainer, logs } = tinyRun({ log_dir: logDir, histogram_steps: 1 });
    const output = await trainer.train();
    await trainer.evaluate();
    expect(output.global_step).toBe(6);
    expect(trainer.state.log_history.filter((e) => "eval_loss" in e)).toHaveLength(4);
    const warnings = logs.filter((l) => l.includes(PLUGIN_NAME));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: @tfjs-trainer\/plugin-tensorboard: cannot write TensorBoard events to /,
    );
    expect(warnings[0]).toContain(join(logDir, "events.out.tfevents."));
    expect(warnings[0]).toContain("training goes on");
  });

  it("uses log_dir, else args.logging_dir, else HF's default folder; a hyperparameter-search trial gets a subfolder", async () => {
    const option = tempDir("tb-option-");
    const a = tinyRun({ log_dir: option }, { logging_dir: tempDir("tb-unused-"), max_steps: 2 });
    await a.trainer.train();
    expect((await readRuns(option)).map((r) => r.run)).toEqual(["."]);

    const loggingDir = tempDir("tb-logging-dir-");
    const trial = probe("trial", (t) =>
      t.hooks.trainBegin.tapPromise({ name: "trial", stage: STAGE_REPORT - 10 }, async ({ state }) => {
        state.is_hyper_param_search = true; // as a search would set them before training begins
        state.trial_name = "trial-7";
      }),
    );
    const b = tinyRun({}, { logging_dir: loggingDir, max_steps: 2 }, [trial]);
    await b.trainer.train();
    expect((await readRuns(loggingDir)).map((r) => r.run)).toEqual(["trial-7"]);

    const c = tinyRun({}, { max_steps: 2 });
    await c.trainer.train();
    expect(readdirSync(join(c.trainer.args.output_dir, "runs"))).toHaveLength(1);
  });
});

describe("HF's conventions", () => {
  it("default folder: output_dir/runs/<Mon>DD_HH-MM-SS_<host>, in local time", () => {
    expect(defaultLogDir("out", new Date(2026, 0, 5, 7, 8, 9), "box")).toBe(
      join("out", "runs", "Jan05_07-08-09_box"),
    );
    expect(defaultLogDir("/o", new Date(2026, 11, 31, 23, 59, 58), "h.lan")).toBe(
      "/o/runs/Dec31_23-59-58_h.lan",
    );
  });

  it("tags: eval_x → eval/x, test_x → test/x, anything else → train/x", () => {
    expect(
      ["eval_loss", "test_accuracy", "loss", "train_runtime", "epoch", "evaluation"].map(rewriteLogKey),
    ).toEqual([
      "eval/loss",
      "test/accuracy",
      "train/loss",
      "train/train_runtime",
      "train/epoch",
      "train/evaluation",
    ]);
  });

  it("validates its options, naming the plugin and the field", () => {
    expect(() => tensorboard({ histogram_steps: -1 })).toThrow(
      /plugin-tensorboard": invalid options: histogram_steps/,
    );
    expect(() => tensorboard({ histograms: ["biases" as "weights"] })).toThrow(/histograms\.0/);
    expect(() => tensorboard({ logDir: "x" } as TensorBoardOptions)).toThrow(
      /plugin-tensorboard": invalid options/,
    );
  });
});

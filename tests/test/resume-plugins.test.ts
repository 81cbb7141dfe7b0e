import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  InMemoryDataset,
  loadModelFiles,
  type PluginSpec,
  TinyClassifier,
  type TrainableModel,
  Trainer,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
// From source: this package does not depend on these two plugins, so nothing builds them before these tests.
import rotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import earlyStopping from "@tfjs-trainer/plugin-early-stopping";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";
import { toyClassificationRows } from "./helpers/toy-data.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

// 24 rows, batch 4, 2 micro-batches per step: 3 steps per epoch, shuffled each epoch, with dropout. One eval row in
// five has a wrong label, so eval_loss falls until step 8, then rises: with patience 2 the evaluations at steps 10
// and 12 stop training at step 12. Checkpoints every 2 steps, save_total_limit 2: checkpoint-8 (the best) and
// checkpoint-12 are left.
const STOP = 12;
const BEST = "checkpoint-8";
const LEFT = [BEST, "checkpoint-12"];
// interrupted after checkpoint-10 was written (the counter is 1 there), before the evaluation that stops
const INTERRUPT_AT = 11;

const evalRows = toyClassificationRows(40)
  .slice(24)
  .map((row, i) => (i % 5 === 0 ? { ...row, label: ((row.label as number) + 1) % 3 } : row));

const tinyModel = () =>
  new TinyClassifier({ vocab_size: 16, hidden_size: 8, num_labels: 3, hidden_dropout_prob: 0.2, seed: 3 });

function makeTrainer(outputDir: string, loadBest: boolean, plugins: PluginSpec[] = []): Trainer {
  return new Trainer({
    model: tinyModel(),
    args: {
      output_dir: outputDir,
      per_device_train_batch_size: 4,
      per_device_eval_batch_size: 8,
      gradient_accumulation_steps: 2,
      num_train_epochs: 8,
      learning_rate: 0.2,
      logging_steps: 1,
      eval_strategy: "steps",
      eval_steps: 2,
      save_steps: 2,
      save_total_limit: 2,
      metric_for_best_model: "eval_loss",
      load_best_model_at_end: loadBest,
      seed: 11,
      backend: "cpu",
    },
    trainDataset: new InMemoryDataset(toyClassificationRows(24)),
    evalDataset: new InMemoryDataset(evalRows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    plugins: [defaultFlow, earlyStopping({ patience: 2 }), rotation, ...plugins],
    logger: () => {},
  });
}

/** Fails the step it names once that step has ended: the run stops there as a crash would, its last save on disk. */
const interruptAt = (step: number) =>
  definePlugin({
    name: "interrupt",
    apply(trainer) {
      trainer.hooks.stepEnd.tapPromise({ name: "interrupt", stage: 1000 }, async ({ state }) => {
        if (state.global_step === step) throw new Error(`interrupted at step ${step}`);
      });
    },
  });

/** Counts the optimizer steps a run really trains. */
function stepCounter() {
  const counted = { steps: 0 };
  const plugin = definePlugin({
    name: "step-counter",
    apply(trainer) {
      trainer.hooks.stepEnd.tapPromise("step-counter", async () => {
        counted.steps++;
      });
    },
  });
  return { counted, plugin };
}

const checkpoints = (dir: string) =>
  readdirSync(dir)
    .filter((n) => /^checkpoint-\d+$/.test(n))
    .sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)));

const readState = (dir: string) => JSON.parse(readFileSync(join(dir, "trainer_state.json"), "utf8"));

const timeless = (history: Record<string, number>[]) =>
  history.map((entry) =>
    Object.fromEntries(Object.entries(entry).filter(([k]) => !/_(runtime|per_second)$/.test(k))),
  );

const bits = (data: Uint8Array | Float32Array) =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");

/** Every weight of the model, bit for bit. */
const weightBits = (model: TrainableModel) =>
  model
    .namedParameters()
    .map((p) => `${p.name}:${bits(p.variable.dataSync() as Float32Array)}`)
    .join(" ");

/** Everything that must come out the same; paths are reduced to folder names (the two runs use different dirs). */
function outcome(trainer: Trainer) {
  const dir = trainer.args.output_dir;
  const { state } = trainer;
  const left = checkpoints(dir);
  const finalState = readState(join(dir, left.at(-1)!));
  return {
    logHistory: timeless(state.log_history),
    globalStep: state.global_step,
    epoch: state.epoch,
    bestMetric: state.best_metric,
    bestGlobalStep: state.best_global_step,
    bestCheckpoint: state.best_model_checkpoint && basename(state.best_model_checkpoint),
    checkpoints: left,
    weights: weightBits(trainer.model),
    files: left.map((name) => ({
      name,
      model: bits(readFileSync(join(dir, name, "model.safetensors"))),
      optimizer: bits(readFileSync(join(dir, name, "optimizer.safetensors"))),
      rng: readFileSync(join(dir, name, "rng_state.json"), "utf8"),
    })),
    finalState: {
      ...finalState,
      log_history: timeless(finalState.log_history),
      best_model_checkpoint: basename(finalState.best_model_checkpoint),
    },
  };
}

describe.each([
  { loadBest: true, weights: "the best checkpoint's" },
  { loadBest: false, weights: "the last step's" },
])(
  "early stopping + checkpoint rotation, interrupted and resumed (load_best_model_at_end $loadBest)",
  ({ loadBest, weights }) => {
    it(`ends identical to the uninterrupted run: same stop, logs, best, folders, counter and ${weights} weights`, async () => {
      const reference = makeTrainer(tempDir("resume-plugins-ref-"), loadBest);
      await reference.train();
      const expected = outcome(reference);
      // the scenario: stopped by early stopping, not by max_steps (24), with an older best kept beside the newest
      expect(expected.globalStep).toBe(STOP);
      expect(expected.checkpoints).toEqual(LEFT);
      expect(expected.bestCheckpoint).toBe(BEST);
      expect(expected.finalState.stateful_callbacks.EarlyStoppingCallback).toEqual({
        args: { early_stopping_patience: 2, early_stopping_threshold: 0 },
        attributes: { early_stopping_patience_counter: 2 },
      });
      const lastEval = expected.logHistory.filter((e) => "eval_loss" in e).at(-1);
      expect(lastEval?.step).toBe(STOP);
      // with load_best_model_at_end the run ends on checkpoint-8's weights, without it on step 12's
      const bestModel = tinyModel();
      await loadModelFiles(bestModel, join(reference.args.output_dir, BEST));
      expect(expected.weights === weightBits(bestModel)).toBe(loadBest);

      const outputDir = tempDir("resume-plugins-");
      const interrupted = makeTrainer(outputDir, loadBest, [interruptAt(INTERRUPT_AT)]);
      await expect(interrupted.train()).rejects.toThrow(/interrupted at step 11/);
      expect(checkpoints(outputDir)).toEqual([BEST, "checkpoint-10"]);
      const atInterruption = readState(join(outputDir, "checkpoint-10"));
      expect(atInterruption.stateful_callbacks.EarlyStoppingCallback.attributes).toEqual({
        early_stopping_patience_counter: 1,
      });
      expect(basename(atInterruption.best_model_checkpoint)).toBe(BEST);

      // a new trainer, new plugin instances (counter 0 until restored), resumed from the newest checkpoint folder
      const { counted, plugin } = stepCounter();
      const resumed = makeTrainer(outputDir, loadBest, [plugin]);
      await resumed.train({ resumeFromCheckpoint: true });
      expect(counted.steps).toBe(STOP - 10);
      const result = outcome(resumed);
      expect(result.logHistory).toEqual(expected.logHistory);
      expect(result.checkpoints).toEqual(expected.checkpoints);
      expect(result.finalState.stateful_callbacks).toEqual(expected.finalState.stateful_callbacks);
      expect(result).toEqual(expected);
    });
  },
);

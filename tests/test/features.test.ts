import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  InMemoryDataset,
  LayersModelAdapter,
  type TensorBatch,
  Trainer,
} from "@tfjs-trainer/core";
import { defaultDataCollator, type HostTensor } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer, tempDir } from "./helpers/make-trainer.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const argmaxAccuracy = ({ predictions, label_ids }: { predictions: unknown; label_ids?: unknown }) => {
  const p = predictions as HostTensor;
  const l = label_ids as HostTensor;
  const classes = p.shape[1];
  let correct = 0;
  for (let r = 0; r < p.shape[0]; r++) {
    const row = Array.from(p.data.subarray(r * classes, (r + 1) * classes)) as number[];
    if (row.indexOf(Math.max(...row)) === l.data[r]) correct++;
  }
  return { accuracy: correct / p.shape[0] };
};

describe("trainer features", () => {
  it("trains a tfjs-layers model through the adapter", async () => {
    const layers = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 8, activation: "relu" }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const rows = Array.from({ length: 64 }, (_, i) => {
      const x = [Math.sin(i), Math.cos(i), Math.sin(2 * i), (i % 5) / 5];
      return { pixel_values: x, label: x[0] > 0 ? 1 : 0 };
    });
    const trainer = new Trainer({
      model: new LayersModelAdapter(layers, { inputName: "pixel_values" }),
      args: {
        output_dir: tempDir("layers-"),
        num_train_epochs: 20,
        learning_rate: 0.05,
        per_device_train_batch_size: 16,
        save_strategy: "no",
        backend: "cpu",
      },
      trainDataset: new InMemoryDataset(rows),
      dataCollator: defaultDataCollator,
      computeMetrics: argmaxAccuracy,
      plugins: [defaultFlow],
    });
    const before = await trainer.evaluate({ evalDataset: new InMemoryDataset(rows) });
    await trainer.train();
    const after = await trainer.evaluate({ evalDataset: new InMemoryDataset(rows) });
    expect(after.eval_loss).toBeLessThan(before.eval_loss);
    expect(after.eval_accuracy).toBeGreaterThan(0.8);
    expect(trainer.model.namedParameters().map((p) => p.variable.shape)).toEqual([[4, 8], [8], [8, 2], [2]]);
  });

  it("logging_nan_inf_filter replaces a NaN step loss by the running mean in the logs", async () => {
    let calls = 0;
    const nanOnce = definePlugin({
      name: "nan-once",
      apply(trainer) {
        trainer.hooks.computeLoss.tap("nan-once", (outputs) => {
          calls++;
          // the 2nd micro-batch of the 1st window gets a NaN loss (times zero, so no NaN gradient reaches the weights)
          return calls === 2 ? (tf.add(tf.mul(outputs.loss!, 0), Number.NaN) as tf.Scalar) : undefined;
        });
      },
    });
    const filtered = makeTrainer(
      { max_steps: 1, gradient_accumulation_steps: 2, max_grad_norm: 0, learning_rate: 0 },
      { plugins: [defaultFlow, nanOnce] },
    );
    await filtered.train();
    const logged = filtered.state.log_history[0].loss;
    expect(Number.isFinite(logged)).toBe(true);
    calls = 0;
    const unfiltered = makeTrainer(
      {
        max_steps: 1,
        gradient_accumulation_steps: 2,
        max_grad_norm: 0,
        learning_rate: 0,
        logging_nan_inf_filter: false,
      },
      { plugins: [defaultFlow, nanOnce] },
    );
    await unfiltered.train();
    expect(unfiltered.state.log_history[0].loss).toBeNaN();
  });

  it("batch_eval_metrics calls compute_metrics per batch with compute_result on the last; preprocess_logits_for_metrics shapes what is kept", async () => {
    const seen: boolean[] = [];
    const trainer = makeTrainer(
      { batch_eval_metrics: true, per_device_eval_batch_size: 3 },
      {
        computeMetrics: (p, computeResult) => {
          seen.push(computeResult === true);
          return { rows: (p.predictions as HostTensor).shape[0] };
        },
      },
    );
    const metrics = await trainer.evaluate();
    expect(seen).toEqual([false, false, true]); // 8 rows in batches of 3
    expect(metrics.eval_rows).toBe(2);

    const argmaxed = makeTrainer(
      {},
      {
        preprocessLogitsForMetrics: (logits) => tf.argMax(logits as tf.Tensor, -1),
        computeMetrics: (p) => ({ rank: (p.predictions as HostTensor).shape.length }),
      },
    );
    expect((await argmaxed.evaluate()).eval_rank).toBe(1);
  });

  it("load_best_model_at_end restores the weights of the best checkpoint", async () => {
    let evaluations = 0;
    // a metric that peaks at the 2nd of 4 evaluations, so the best checkpoint is not the last one
    const trainer = makeTrainer(
      {
        num_train_epochs: 4,
        eval_strategy: "epoch",
        save_strategy: "epoch",
        load_best_model_at_end: true,
        metric_for_best_model: "score",
      },
      { computeMetrics: () => ({ score: ++evaluations === 2 ? 1 : 0 }) },
    );
    let bestWeights: Float32Array | undefined;
    // best_global_step is decided right after each evaluation, before that step's checkpoint is saved
    trainer.hooks.save.tap("probe", () => {
      if (trainer.state.best_global_step === trainer.state.global_step) bestWeights = flatWeights(trainer);
    });
    await trainer.train();
    expect(trainer.state.best_global_step).toBe(2 * 4); // 16 rows / batch 4 = 4 steps per epoch
    const best = trainer.state.best_model_checkpoint!;
    expect(best).toBe(join(trainer.args.output_dir, "checkpoint-8"));
    expect(existsSync(best)).toBe(true);
    expect(bestWeights).toBeDefined();
    expect(flatWeights(trainer)).toEqual(bestWeights);
  });

  it("load_best_model_at_end keeps the last weights, with a warning, when the best checkpoint is gone", async () => {
    let evaluations = 0;
    const messages: string[] = [];
    const trainer = makeTrainer(
      {
        num_train_epochs: 3,
        eval_strategy: "epoch",
        save_strategy: "epoch",
        load_best_model_at_end: true,
        metric_for_best_model: "score",
      },
      { computeMetrics: () => ({ score: ++evaluations === 1 ? 1 : 0 }), logger: (m) => messages.push(m) },
    );
    let lastWeights: Float32Array | undefined;
    trainer.hooks.save.tap("remove-best", () => {
      // the best (checkpoint-4) disappears once a later checkpoint is written, as if output_dir had been moved
      if (trainer.state.global_step === 12) {
        rmSync(trainer.state.best_model_checkpoint!, { recursive: true });
        lastWeights = flatWeights(trainer);
      }
    });
    await trainer.train();
    expect(trainer.state.best_model_checkpoint).toBe(join(trainer.args.output_dir, "checkpoint-4"));
    expect(messages).toContain(
      `warning: could not find the best model at ${join(trainer.args.output_dir, "checkpoint-4")}; keeping the weights of the last step`,
    );
    expect(flatWeights(trainer)).toEqual(lastWeights);
  });

  it("eval_on_start evaluates before the first step; prediction_loss_only keeps no predictions", async () => {
    const trainer = makeTrainer({
      eval_on_start: true,
      eval_strategy: "epoch",
      max_steps: 1,
      prediction_loss_only: true,
    });
    await trainer.train();
    expect(trainer.state.log_history[0].step).toBe(0);
    expect(trainer.state.log_history[0].eval_loss).toBeGreaterThan(0);
    const out = await trainer.predict(new InMemoryDataset([{ input_ids: [1, 2], label: 0 }]));
    expect(out.predictions).toBeUndefined();
    expect(out.metrics.test_loss).toBeGreaterThan(0);
  });

  it("computeLoss receives the prepared inputs in evaluation too", async () => {
    const seen: string[][] = [];
    const trainer = makeTrainer(
      {},
      {
        plugins: [
          definePlugin({
            name: "seen",
            apply(t) {
              t.hooks.prepareInputs.tap("seen", (inputs: TensorBatch, ctx) => {
                seen.push([ctx.training ? "train" : "eval", ...Object.keys(inputs).sort()]);
                return inputs;
              });
            },
          }),
        ],
      },
    );
    await trainer.evaluate();
    expect(seen[0]).toEqual(["eval", "attention_mask", "input_ids", "labels"]);
  });
});

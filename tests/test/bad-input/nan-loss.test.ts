import * as tf from "@tensorflow/tfjs";
import { definePlugin, type PluginSpec, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer } from "../helpers/make-trainer.js";
import { numTensors } from "./outcomes.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

type Poison = (loss: tf.Scalar, weight: tf.Variable) => tf.Scalar;

/** NaN loss (and so NaN gradients). */
const nanLoss: Poison = (loss) => tf.mul(loss, Number.NaN) as tf.Scalar;
/** A finite loss whose gradient is NaN: 0 · sqrt(w − w) adds 0 to the value and 0 · ∞ to the gradient. */
const nanGradient: Poison = (loss, weight) =>
  tf.add(loss, tf.mul(0, tf.sum(tf.sqrt(tf.sub(weight, weight))))) as tf.Scalar;

/** A plugin that poisons the training loss of one optimizer step (1-based). */
function poisonStep(step: number, poison: Poison) {
  return definePlugin({
    name: "poison-step",
    apply(trainer) {
      trainer.hooks.computeLoss.tap("poison-step", (outputs, _inputs, ctx) => {
        if (!ctx.training || ctx.state.global_step !== step - 1) return undefined;
        return poison(outputs.loss!, trainer.model.namedParameters()[0].variable);
      });
    },
  });
}

/** A plugin that copies the weights after every optimizer step. */
function weightsPerStep(into: Map<number, Float32Array>) {
  return definePlugin({
    name: "weights-per-step",
    apply(trainer) {
      trainer.hooks.stepEnd.tapPromise("weights-per-step", async ({ state }) => {
        into.set(state.global_step, flatWeights(trainer));
      });
    },
  });
}

function run(args: Partial<TrainingArgumentsInit>, plugins: PluginSpec[] = []) {
  const messages: string[] = [];
  const trainer = makeTrainer(
    { train_sampling_strategy: "sequential", ...args },
    { logger: (m) => messages.push(m), plugins: [defaultFlow, ...plugins] },
  );
  return { trainer, messages };
}

const losses = (trainer: ReturnType<typeof makeTrainer>) =>
  trainer.state.log_history.filter((e) => "loss" in e).map((e) => e.loss);

describe("bad input: a NaN/Inf loss, filtered from the logs (logging_nan_inf_filter, HF default true)", () => {
  it("the NaN step adds tr_loss / (1 + steps since the last log) instead of itself, HF's exact rule", async () => {
    const clean = run({ max_steps: 1, logging_steps: 1 });
    await clean.trainer.train();
    const [firstLoss] = losses(clean.trainer);
    expect(Number.isFinite(firstLoss)).toBe(true);

    const poisoned = run({ max_steps: 2, logging_steps: 2 }, [poisonStep(2, nanLoss)]);
    await poisoned.trainer.train();
    // step 1 adds l1; step 2 (NaN, one step since the last log) adds l1 / 2; the log divides by its 2 steps
    expect(losses(poisoned.trainer)).toEqual([Math.fround(firstLoss + firstLoss / 2) / 2]);
  });

  it("with logging_nan_inf_filter false the NaN reaches the log, as in HF", async () => {
    const { trainer } = run({ max_steps: 2, logging_steps: 2, logging_nan_inf_filter: false }, [
      poisonStep(2, nanLoss),
    ]);
    await trainer.train();
    expect(losses(trainer)).toEqual([Number.NaN]);
  });
});

describe("bad input: a non-finite step, skipped (skip_nonfinite_updates, ours)", () => {
  it("a NaN loss: weights and schedule do not move on that step, and training goes on with finite weights", async () => {
    const weights = new Map<number, Float32Array>();
    const { trainer, messages } = run({ max_steps: 4, skip_nonfinite_updates: true }, [
      poisonStep(2, nanLoss),
      weightsPerStep(weights),
    ]);
    await trainer.train();
    expect(weights.get(2)).toEqual(weights.get(1));
    expect(weights.get(3)).not.toEqual(weights.get(2));
    expect(weights.get(4)!.every(Number.isFinite)).toBe(true);
    expect(messages).toContain(
      "warning: step 2: the loss is not finite; skipped its optimizer update (skip_nonfinite_updates)",
    );
    // linear decay over 4 steps; the skipped step leaves the scheduler where it was
    const rates = trainer.state.log_history.filter((e) => "loss" in e).map((e) => e.learning_rate);
    expect(rates[2]).toBe(rates[1]);
    for (const [i, rate] of [0.05, 0.0375, 0.0375, 0.025].entries()) expect(rates[i]).toBeCloseTo(rate, 12);
  });

  it("a finite loss with a NaN gradient, without clipping: the gradient norm is checked and the step skipped", async () => {
    const weights = new Map<number, Float32Array>();
    const { trainer, messages } = run({ max_steps: 3, max_grad_norm: 0, skip_nonfinite_updates: true }, [
      poisonStep(2, nanGradient),
      weightsPerStep(weights),
    ]);
    await trainer.train();
    expect(weights.get(2)).toEqual(weights.get(1));
    expect(weights.get(3)!.every(Number.isFinite)).toBe(true);
    expect(losses(trainer).every(Number.isFinite)).toBe(true);
    expect(messages).toContain(
      "warning: step 2: the gradient norm is NaN; skipped its optimizer update (skip_nonfinite_updates)",
    );
  });

  it("without the switch the same step makes every weight NaN (what the switch is for)", async () => {
    const { trainer } = run({ max_steps: 2 }, [poisonStep(2, nanLoss)]);
    await trainer.train();
    expect(flatWeights(trainer).every(Number.isNaN)).toBe(true);
  });

  it("a skipped step leaves no tensor behind", async () => {
    const counts = new Map<number, number>();
    const probe = definePlugin({
      name: "memory-probe",
      apply(trainer) {
        trainer.hooks.stepEnd.tapPromise({ name: "memory-probe", stage: 1000 }, async ({ state }) => {
          counts.set(state.global_step, numTensors());
        });
      },
    });
    const { trainer } = run({ max_steps: 6, gradient_accumulation_steps: 2, skip_nonfinite_updates: true }, [
      poisonStep(3, nanLoss),
      probe,
    ]);
    await trainer.train();
    expect([...counts.values()]).toEqual(new Array(6).fill(counts.get(1)));
  });
});

import * as tf from "@tensorflow/tfjs";
import { definePlugin, type StepContext, type TensorBatch, Trainer } from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer } from "./helpers/make-trainer.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function trainedLosses(trainer: Trainer): Promise<{ losses: number[]; weights: Float32Array }> {
  await trainer.train();
  const losses = trainer.state.log_history.filter((e) => "loss" in e).map((e) => e.loss);
  return { losses, weights: flatWeights(trainer) };
}

describe("change hooks and subclass overrides", () => {
  it("prepareInputs rewrites the batch and computeLoss replaces the loss; each changes the result", async () => {
    const baseline = await trainedLosses(makeTrainer());

    let seenInputs = 0;
    const reverseTokens = definePlugin({
      name: "reverse-tokens",
      apply(trainer) {
        trainer.hooks.prepareInputs.tap("reverse-tokens", (inputs: TensorBatch) => {
          seenInputs++;
          return { ...inputs, input_ids: tf.reverse(inputs.input_ids, 1) };
        });
      },
    });
    const withInputs = await trainedLosses(makeTrainer({}, { plugins: [defaultFlow, reverseTokens] }));
    expect(seenInputs).toBeGreaterThan(0);
    expect(withInputs.losses).not.toEqual(baseline.losses);

    const doubledLoss = definePlugin({
      name: "double-loss",
      apply(trainer) {
        trainer.hooks.computeLoss.tap("double-loss", (outputs) => tf.mul(outputs.loss!, 2) as tf.Scalar);
      },
    });
    const withLoss = await trainedLosses(makeTrainer({}, { plugins: [defaultFlow, doubledLoss] }));
    // same first batch, same weights before the first step: the logged loss is exactly twice the baseline's
    expect(withLoss.losses[0]).toBeCloseTo(2 * baseline.losses[0], 5);
    expect(withLoss.weights).not.toEqual(baseline.weights);
  });

  it("a subclass overriding computeLoss changes the loss the same way", async () => {
    const baseline = await trainedLosses(makeTrainer());
    class DoubleLossTrainer extends Trainer {
      override computeLoss(inputs: TensorBatch, ctx: StepContext) {
        const { loss, outputs } = super.computeLoss(inputs, ctx);
        return { loss: tf.mul(loss, 2) as tf.Scalar, outputs };
      }
    }
    const result = await trainedLosses(makeTrainer({}, { TrainerClass: DoubleLossTrainer }));
    expect(result.losses[0]).toBeCloseTo(2 * baseline.losses[0], 5);
    expect(result.weights).not.toEqual(baseline.weights);
  });

  it("an error in a tap names the plugin and the hook", async () => {
    const broken = definePlugin({
      name: "broken-plugin",
      apply(trainer) {
        trainer.hooks.stepEnd.tapPromise("broken-plugin", async () => {
          throw new Error("boom");
        });
      },
    });
    const trainer = makeTrainer({}, { plugins: [broken] });
    await expect(trainer.train()).rejects.toThrow('plugin "broken-plugin" failed in hook "stepEnd": boom');
  });
});

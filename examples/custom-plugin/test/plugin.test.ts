import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset } from "@tfjs-trainer/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import emaWeights, { decayAt, type EmaWeightsOptions, PLUGIN_NAME, readEmaWeights } from "../src/index.js";
import { EVAL_ROWS, makeTrainer, maxAbsDifference, removeTempDirs, weightsOf } from "./helpers.js";

afterAll(removeTempDirs);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** The rule the plugin documents, written out independently of src/decay.ts. */
function expectedDecay(
  step: number,
  options: Required<Pick<EmaWeightsOptions, "decay">> & EmaWeightsOptions,
) {
  const n = step - (options.update_after_step ?? 0);
  if (n <= 0) return 0;
  return options.warmup ? Math.min(options.decay, (1 + n) / (10 + n)) : options.decay;
}

describe("EMA of the weights", () => {
  it.each([
    { decay: 0.9 },
    { decay: 0.95, update_after_step: 2 },
    { decay: 0.999, update_after_step: 1, warmup: true },
  ])("averages every weight after each optimizer step (%o)", async (options) => {
    const trainer = makeTrainer(options);
    const weightsAfterStep = [await weightsOf(trainer.model)];
    trainer.hooks.stepEnd.tapPromise("test", async ({ model }) => {
      weightsAfterStep.push(await weightsOf(model));
    });
    await trainer.train();
    expect(weightsAfterStep).toHaveLength(7);

    // the same average in float64 on the host, from the weights after every step
    const expected: Record<string, Float64Array> = {};
    for (const [name, initial] of Object.entries(weightsAfterStep[0])) {
      const average = Float64Array.from(initial);
      for (let step = 1; step < weightsAfterStep.length; step++) {
        const d = expectedDecay(step, options);
        const weights = weightsAfterStep[step][name];
        for (let i = 0; i < average.length; i++) average[i] = d * average[i] + (1 - d) * weights[i];
      }
      expected[name] = average;
    }
    const averages = await readEmaWeights(trainer);
    const final = weightsAfterStep[6];
    expect(Object.keys(averages).sort()).toEqual(Object.keys(final).sort());
    let distanceFromWeights = 0;
    for (const name of Object.keys(final)) {
      expect(maxAbsDifference(averages[name], expected[name]), name).toBeLessThan(1e-6);
      distanceFromWeights = Math.max(distanceFromWeights, maxAbsDifference(averages[name], final[name]));
    }
    // the average is not simply the last weights
    expect(distanceFromWeights).toBeGreaterThan(1e-3);
  });

  it("decayAt: 0 until update_after_step, then decay (or the warmup's smaller value)", () => {
    const options = { decay: 0.99, update_after_step: 2, warmup: false };
    expect([1, 2, 3, 100].map((step) => decayAt(step, options))).toEqual([0, 0, 0.99, 0.99]);
    expect(decayAt(3, { ...options, warmup: true })).toBeCloseTo(2 / 11, 12);
    expect(decayAt(10_000, { ...options, warmup: true })).toBe(0.99);
  });

  it("leaves no tensor behind: the count is flat across steps, evaluations and checkpoints", async () => {
    const trainer = makeTrainer(
      { decay: 0.9 },
      { max_steps: 8, eval_strategy: "steps", eval_steps: 2, save_strategy: "steps", save_steps: 2 },
    );
    const tensorsAtStepEnd: number[] = [];
    trainer.hooks.stepEnd.tapPromise("test", async () => {
      tensorsAtStepEnd.push(tf.memory().numTensors);
    });
    await trainer.train();
    expect(tensorsAtStepEnd).toHaveLength(8);
    // the optimizer creates its moments at the first step; every later step ends where the one before did
    expect(new Set(tensorsAtStepEnd.slice(1)).size).toBe(1);
    const afterTraining = tf.memory().numTensors;
    await trainer.evaluate();
    await trainer.predict(new InMemoryDataset(EVAL_ROWS));
    expect(tf.memory().numTensors).toBe(afterTraining);
  });

  it("validates its options, naming the plugin and the option", () => {
    expect(() => emaWeights({ decay: 1.5 })).toThrow(`plugin "${PLUGIN_NAME}": invalid options: decay`);
    expect(() => emaWeights({ update_after_step: -1 })).toThrow(/invalid options: update_after_step/);
    expect(() => emaWeights({ decai: 0.9 } as EmaWeightsOptions)).toThrow(/invalid options: .*decai/);
  });

  it("readEmaWeights names what is missing before train()", async () => {
    const trainer = makeTrainer({});
    await expect(readEmaWeights(trainer)).rejects.toThrow(/has no EMA weights .*call train\(\)/);
  });
});

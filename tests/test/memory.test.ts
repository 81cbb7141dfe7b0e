import * as tf from "@tensorflow/tfjs";
import { definePlugin } from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTrainer } from "./helpers/make-trainer.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("tensor memory", () => {
  it("tf.memory().numTensors is flat over 200 training steps and 3 evaluations", async () => {
    const counts = new Map<number, number>();
    let evaluations = 0;
    const probe = definePlugin({
      name: "memory-probe",
      apply(trainer) {
        trainer.hooks.stepEnd.tapPromise({ name: "memory-probe", stage: 1000 }, async (ctx) => {
          counts.set(ctx.state.global_step, tf.memory().numTensors);
        });
        trainer.hooks.evaluate.tapPromise("memory-probe", async () => {
          evaluations++;
        });
      },
    });
    const trainer = makeTrainer(
      {
        max_steps: 200,
        gradient_accumulation_steps: 2,
        eval_strategy: "steps",
        eval_steps: 70,
        logging_steps: 10,
      },
      { plugins: [defaultFlow, probe] },
    );
    await trainer.train();
    const after = tf.memory().numTensors;
    expect(evaluations).toBe(3); // steps 70, 140 and the last step, 200
    // after step 1 the optimizer's moments exist; from then on nothing may accumulate
    expect(counts.get(100)).toBe(counts.get(1));
    expect(counts.get(200)).toBe(counts.get(1));
    expect(after).toBe(counts.get(1));
  });
});

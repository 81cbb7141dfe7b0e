import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset } from "@tfjs-trainer/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEmaWeights } from "../src/index.js";
import { EVAL_ROWS, evaluator, makeTrainer, modelWith, removeTempDirs, weightsOf } from "./helpers.js";

afterAll(removeTempDirs);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function logitsOf(output: { predictions?: unknown }): Promise<Float32Array> {
  const predictions = output.predictions as tf.Tensor | { data: Float32Array };
  return predictions instanceof tf.Tensor
    ? Float32Array.from(await predictions.data())
    : Float32Array.from(predictions.data);
}

describe("evaluation with the averaged weights", () => {
  it("evaluate() and predict() use the averages, then put the model's weights back exactly", async () => {
    const trainer = makeTrainer({ decay: 0.9 });
    await trainer.train();
    const weights = await weightsOf(trainer.model);
    const averages = await readEmaWeights(trainer);
    const tensors = tf.memory().numTensors;

    const metrics = await trainer.evaluate();
    const predicted = await trainer.predict(new InMemoryDataset(EVAL_ROWS));
    expect(await weightsOf(trainer.model)).toEqual(weights);
    expect(tf.memory().numTensors).toBe(tensors);

    const withAverages = evaluator(modelWith(averages));
    expect(metrics.eval_loss).toBe((await withAverages.evaluate()).eval_loss);
    const reference = await withAverages.predict(new InMemoryDataset(EVAL_ROWS));
    expect(await logitsOf(predicted)).toEqual(await logitsOf(reference));
    // and not what the model's own weights give
    expect(metrics.eval_loss).not.toBe((await evaluator(modelWith(weights)).evaluate()).eval_loss);
  });

  it("use_for_evaluation: false evaluates the model's own weights", async () => {
    const trainer = makeTrainer({ decay: 0.9, use_for_evaluation: false });
    await trainer.train();
    const own = (await evaluator(modelWith(await weightsOf(trainer.model))).evaluate()).eval_loss;
    expect((await trainer.evaluate()).eval_loss).toBe(own);
  });

  it("evaluations during training do not change what is trained", async () => {
    const evaluating = makeTrainer({ decay: 0.9 }, { eval_strategy: "steps", eval_steps: 1 });
    await evaluating.train();
    const evaluationLosses = evaluating.state.log_history.filter((entry) => "eval_loss" in entry);
    expect(evaluationLosses).toHaveLength(6);
    const plain = makeTrainer({ decay: 0.9 });
    await plain.train();
    expect(await weightsOf(evaluating.model)).toEqual(await weightsOf(plain.model));
    expect(await readEmaWeights(evaluating)).toEqual(await readEmaWeights(plain));
  });

  it("copy_to_model_at_end: the model ends holding the averages", async () => {
    const trainer = makeTrainer({ decay: 0.9, copy_to_model_at_end: true });
    await trainer.train();
    expect(await weightsOf(trainer.model)).toEqual(await readEmaWeights(trainer));
  });
});

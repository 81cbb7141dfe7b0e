import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset } from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import seq2seq from "../src/index.js";
import {
  BART,
  copyTaskRows,
  loadModel,
  makeTrainer,
  recordingMetrics,
  T5,
  TRAINED_BART,
  useCpu,
} from "./helpers.js";

beforeAll(useCpu);

const { train: trainRows, eval: evalRows } = copyTaskRows();

describe("tensor memory", () => {
  it.each([
    ["BART, beam search", TRAINED_BART, 2],
    ["T5, greedy", T5, 1],
  ])("%s: tf.memory().numTensors is unchanged by evaluate() and predict()", async (_, dir, beams) => {
    const model = await loadModel(dir);
    const trainer = makeTrainer({
      model,
      evalRows,
      computeMetrics: recordingMetrics().computeMetrics,
      args: { per_device_eval_batch_size: 5 },
      plugins: [
        seq2seq({
          predict_with_generate: true,
          generation_max_length: 12,
          generation_num_beams: beams,
          replaceIgnoreIndex: "both",
        }),
      ],
    });
    await trainer.evaluate(); // backend kernels and any lazily made constants
    const before = tf.memory().numTensors;
    await trainer.evaluate();
    await trainer.predict(new InMemoryDataset(evalRows));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("evaluations during train() leave no tensor behind beyond the optimizer's", async () => {
    const model = await loadModel(BART);
    const trainer = makeTrainer({
      model,
      evalRows: evalRows.slice(0, 8),
      trainRows: trainRows.slice(0, 16),
      computeMetrics: recordingMetrics().computeMetrics,
      args: { eval_strategy: "epoch", num_train_epochs: 2 },
      plugins: [defaultFlow, seq2seq({ predict_with_generate: true, generation_max_length: 6 })],
    });
    await trainer.train();
    const afterTrain = tf.memory().numTensors;
    await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(afterTrain);
    model.dispose();
  });
});

import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { createDataParallelGradients } from "../src/parallel/index.js";
import { setupBackend } from "../src/setup-backend.js";
import { buildParallelFiles, type ParallelBuild } from "./parallel-helpers.js";
import { expectGradientsClose, singleThreadStep, toyBatch } from "./parallel-reference.js";
import { ToyModel, type ToyModelOptions } from "./parallel-toy-model.js";

let files: ParallelBuild;

beforeAll(async () => {
  await setupBackend("wasm");
  registerTrainingKernels("wasm");
  files = await buildParallelFiles();
});

afterAll(async () => {
  await files?.remove();
});

describe("data-parallel gradients on the wasm backend (one wasm module per worker)", () => {
  for (const options of [{ head: "sequence" }, { head: "token" }] satisfies ToyModelOptions[]) {
    it(`equal one thread on the whole batch (${options.head} head), with flat memory`, async () => {
      const model = new ToyModel(options);
      const batch = toyBatch(9, 6, { head: options.head, ignoredEvery: 3 });
      const expected = singleThreadStep(model, batch, { gradientAccumulationSteps: 3 });
      const parallel = await createDataParallelGradients({
        workers: 2,
        backend: "wasm",
        workerUrl: files.workerUrl,
        model: { module: files.toyModelPath, exportName: "createToyModel", args: [options] },
      });
      try {
        await parallel.syncWeights(model.namedParameters());
        const before = tf.memory().numTensors;
        for (let step = 0; step < 3; step++) {
          const { loss, grads } = await parallel.computeGradients(batch, { gradientAccumulationSteps: 3 });
          expect(loss).toBeCloseTo(expected.loss, 5);
          expectGradientsClose(grads, expected.grads);
          tf.dispose(Object.values(grads));
        }
        expect(tf.memory().numTensors).toBe(before);
        expect(await parallel.workerTensorCounts()).toEqual([6, 6]);
      } finally {
        await parallel.dispose();
        model.dispose();
      }
    });
  }
});

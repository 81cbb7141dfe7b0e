import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { useParallelFilesOnCpu } from "./parallel-helpers.js";
import { expectGradientsClose, singleThreadStep, toyBatch } from "./parallel-reference.js";
import { ToyModel, type ToyModelOptions } from "./parallel-toy-model.js";

const parallelFiles = useParallelFilesOnCpu();
// a different init seed than the main thread's: only syncWeights can make them agree
const pool = (workers: number, options: ToyModelOptions) =>
  parallelFiles.toyPool(workers, { ...options, seed: 99 });

describe("data-parallel gradients on the cpu backend equal one thread on the whole batch", () => {
  it("a mean over examples (sequence head), 2 and 1 workers, odd batch, accumulation steps", async () => {
    const options: ToyModelOptions = { head: "sequence" };
    const model = new ToyModel(options);
    const batch = toyBatch(7, 5, { head: "sequence" });
    const expected = singleThreadStep(model, batch, { gradientAccumulationSteps: 2 });
    for (const workers of [2, 1]) {
      const parallel = await pool(workers, options);
      try {
        await parallel.syncWeights(model.namedParameters());
        const { loss, grads } = await parallel.computeGradients(batch, { gradientAccumulationSteps: 2 });
        expect(loss).toBeCloseTo(expected.loss, 5);
        expectGradientsClose(grads, expected.grads);
        tf.dispose(Object.values(grads));
      } finally {
        await parallel.dispose();
      }
    }
    model.dispose();
  });

  it("a mean over the labels that count (token head, -100s spread unevenly over the shards)", async () => {
    const options: ToyModelOptions = { head: "token" };
    const model = new ToyModel(options);
    const batch = toyBatch(6, 8, { head: "token", ignoredEvery: 3 });
    // the shards' item counts differ, so weighting them by examples instead of items would fail below
    const labels = batch.labels.data;
    const firstHalf = labels.slice(0, 24).filter((v) => v !== -100).length;
    const secondHalf = labels.slice(24).filter((v) => v !== -100).length;
    expect(firstHalf).not.toBe(secondHalf);
    const expected = singleThreadStep(model, batch);
    const parallel = await pool(2, options);
    try {
      await parallel.syncWeights(model.namedParameters());
      const { loss, grads } = await parallel.computeGradients(batch);
      expect(loss).toBeCloseTo(expected.loss, 5);
      expectGradientsClose(grads, expected.grads);
      tf.dispose(Object.values(grads));
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("a loss normalised by num_items_in_batch (acceptsLossKwargs): shards add up, no accumulation divide", async () => {
    const options: ToyModelOptions = { head: "token", acceptsLossKwargs: true };
    const model = new ToyModel(options);
    const batch = toyBatch(4, 6, { head: "token", ignoredEvery: 4 });
    // the window's count (two micro-batches of this size, say): not this batch's
    const numItemsInBatch = 37;
    const expected = singleThreadStep(model, batch, { numItemsInBatch, gradientAccumulationSteps: 2 });
    const parallel = await pool(2, options);
    try {
      expect(parallel.acceptsLossKwargs).toBe(true);
      await parallel.syncWeights(model.namedParameters());
      const { loss, grads } = await parallel.computeGradients(batch, {
        numItemsInBatch,
        gradientAccumulationSteps: 2,
      });
      expect(loss).toBeCloseTo(expected.loss, 5);
      expectGradientsClose(grads, expected.grads);
      tf.dispose(Object.values(grads));
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("a batch smaller than the pool, a parameter the loss never reaches, and weights that change between steps", async () => {
    const options: ToyModelOptions = { head: "sequence" };
    const model = new ToyModel(options);
    const parallel = await pool(3, options);
    try {
      await parallel.syncWeights(model.namedParameters());
      const small = toyBatch(2, 4, { head: "sequence", seed: 5 });
      const first = await parallel.computeGradients(small);
      const expectedFirst = singleThreadStep(model, small);
      expect(expectedFirst.grads.has("unused.weight")).toBe(false);
      expectGradientsClose(first.grads, expectedFirst.grads);

      // an optimizer step on the main thread, then the workers follow it
      for (const { name, variable } of model.namedParameters()) {
        const grad = first.grads[name];
        if (grad) variable.assign(tf.sub(variable, tf.mul(grad, 0.5)));
      }
      tf.dispose(Object.values(first.grads));
      await parallel.syncWeights(model.namedParameters());
      const batch = toyBatch(9, 4, { head: "sequence", seed: 6 });
      const second = await parallel.computeGradients(batch);
      const expectedSecond = singleThreadStep(model, batch);
      expect(second.loss).toBeCloseTo(expectedSecond.loss, 5);
      expectGradientsClose(second.grads, expectedSecond.grads);
      tf.dispose(Object.values(second.grads));
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("the same batch twice gives the same bits (fixed summation order)", async () => {
    const options: ToyModelOptions = { head: "token" };
    const model = new ToyModel(options);
    const batch = toyBatch(8, 6, { head: "token", ignoredEvery: 5 });
    const parallel = await pool(2, options);
    try {
      await parallel.syncWeights(model.namedParameters());
      const a = await parallel.computeGradients(batch);
      const b = await parallel.computeGradients(batch);
      expect(b.loss).toBe(a.loss);
      for (const name of Object.keys(a.grads))
        expect(b.grads[name].dataSync()).toEqual(a.grads[name].dataSync());
      tf.dispose([...Object.values(a.grads), ...Object.values(b.grads)]);
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });
});

/**
 * What the trainer's single-threaded training step computes for one batch (packages/core/src/train/training-step.ts):
 * the model's loss, divided by the accumulation steps unless normalised by num_items_in_batch, and its gradients by
 * parameter name. The data-parallel results are checked against it.
 */
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import type { HostBatchLike } from "../src/parallel/index.js";
import type { ToyModel } from "./parallel-toy-model.js";

export function singleThreadStep(
  model: ToyModel,
  batch: HostBatchLike,
  options: { numItemsInBatch?: number; gradientAccumulationSteps?: number } = {},
): { loss: number; grads: Map<string, Float32Array> } {
  const normalisedByItems = model.acceptsLossKwargs && options.numItemsInBatch !== undefined;
  const parameters = model.namedParameters();
  const { value, grads } = tf.tidy(() => {
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, column] of Object.entries(batch))
      inputs[name] = tf.tensor(column.data, column.shape, column.dtype);
    return tf.variableGrads(
      () => {
        const numItemsInBatch = normalisedByItems ? options.numItemsInBatch : undefined;
        const loss = model.forward(inputs, { training: true, numItemsInBatch }).loss as tf.Scalar;
        return normalisedByItems ? loss : tf.div(loss, options.gradientAccumulationSteps ?? 1);
      },
      parameters.map((p) => p.variable),
    );
  });
  const byName = new Map<string, Float32Array>();
  for (const { name, variable } of parameters) {
    const grad = grads[variable.name];
    if (grad) byName.set(name, grad.dataSync() as Float32Array);
  }
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: byName };
}

/** Deterministic token ids and labels (a small LCG), so every run sees the same batch. */
export function toyBatch(
  examples: number,
  length: number,
  options: {
    head: "sequence" | "token";
    vocab?: number;
    numLabels?: number;
    ignoredEvery?: number;
    seed?: number;
  },
): HostBatchLike {
  const { vocab = 50, numLabels = 3, ignoredEvery = 0 } = options;
  let state = options.seed ?? 12345;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    // the high bits: an LCG's low bits repeat with a short period
    return Math.floor((state / 2 ** 31) * n);
  };
  const ids = Int32Array.from({ length: examples * length }, () => next(vocab));
  if (options.head === "sequence") {
    const labels = Int32Array.from({ length: examples }, () => next(numLabels));
    return {
      input_ids: { dtype: "int32", shape: [examples, length], data: ids },
      labels: { dtype: "int32", shape: [examples], data: labels },
    };
  }
  const labels = Int32Array.from({ length: examples * length }, () =>
    ignoredEvery > 0 && next(ignoredEvery) === 0 ? -100 : next(numLabels),
  );
  return {
    input_ids: { dtype: "int32", shape: [examples, length], data: ids },
    labels: { dtype: "int32", shape: [examples, length], data: labels },
  };
}

/** Every gradient within 1e-5 of the reference, relative to the reference's largest element (max norm). */
export function expectGradientsClose(
  actual: Record<string, tf.Tensor>,
  expected: Map<string, Float32Array>,
): void {
  expect(Object.keys(actual).sort()).toEqual([...expected.keys()].sort());
  for (const [name, reference] of expected) {
    const values = actual[name].dataSync();
    let scale = 0;
    let error = 0;
    for (let i = 0; i < reference.length; i++) {
      scale = Math.max(scale, Math.abs(reference[i]));
      error = Math.max(error, Math.abs(values[i] - reference[i]));
    }
    expect(scale, `${name} is all zeros: the comparison would prove nothing`).toBeGreaterThan(0);
    expect(error / scale, `${name}: max error relative to max |gradient|`).toBeLessThanOrEqual(1e-5);
  }
}

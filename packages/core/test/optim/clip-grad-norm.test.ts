import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { clipGradNorm } from "../../src/optim/index.js";
import { maxAbsDifference } from "./helpers.js";

const values = { a: [3, -4, 0.5], b: [1, 2, -2, 4, 0.25, -0.75] };
const shapes = { a: [3], b: [2, 3] };

function makeGrads(): Record<string, tf.Tensor> {
  return { a: tf.tensor(values.a, shapes.a), b: tf.tensor(values.b, shapes.b) };
}

/** clip_grad_norm_'s formula in float64. */
function reference(maxNorm: number): { norm: number; clipped: Record<string, number[]> } {
  const perTensor = Object.values(values).map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  const norm = Math.sqrt(perTensor.reduce((s, n) => s + n * n, 0));
  const coefficient = Math.min(maxNorm / (norm + 1e-6), 1);
  return {
    norm,
    clipped: { a: values.a.map((x) => x * coefficient), b: values.b.map((x) => x * coefficient) },
  };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("clipGradNorm", () => {
  it("scales every gradient by max_norm / (total norm + 1e-6) when the norm is above max_norm", async () => {
    const grads = makeGrads();
    const { grads: clipped, norm } = await clipGradNorm(grads, 1);
    const expected = reference(1);
    expect(expected.norm).toBeGreaterThan(1);
    expect(Math.abs(norm - expected.norm)).toBeLessThan(1e-6 * expected.norm);
    expect(norm).toBe(Math.fround(norm));
    for (const name of ["a", "b"] as const) {
      expect(clipped[name]).not.toBe(grads[name]);
      expect(clipped[name].shape).toEqual(shapes[name]);
      expect(maxAbsDifference(clipped[name].dataSync(), expected.clipped[name])).toBeLessThan(1e-6);
      expect(grads[name].isDisposed).toBe(false);
    }
    tf.dispose([...Object.values(grads), ...Object.values(clipped)]);
  });

  it("leaves the values as they are when the norm is within max_norm, still returning new tensors", async () => {
    const grads = makeGrads();
    const { grads: clipped, norm } = await clipGradNorm(grads, 100);
    expect(Math.abs(norm - reference(100).norm)).toBeLessThan(1e-5);
    for (const name of ["a", "b"] as const) {
      expect(clipped[name]).not.toBe(grads[name]);
      expect(Array.from(clipped[name].dataSync())).toEqual(Array.from(grads[name].dataSync()));
    }
    tf.dispose([...Object.values(grads), ...Object.values(clipped)]);
  });

  it("creates no tensors beyond the ones it returns", async () => {
    const grads = makeGrads();
    const before = tf.memory().numTensors;
    const { grads: clipped } = await clipGradNorm(grads, 1);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([...Object.values(grads), ...Object.values(clipped)]);
    expect(await clipGradNorm({}, 1)).toEqual({ grads: {}, norm: 0 });
  });
});

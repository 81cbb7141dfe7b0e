import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { BACKENDS, initBackends, randomInts, randomValues, scaleRelativeError } from "./kernels-helpers.js";

type Input = { values: Float32Array | Int32Array; shape: number[] };

/**
 * One op as the models use it, differentiated with respect to its float inputs. Inputs avoid the points where an
 * op has no derivative (ties of max, |x| at 0, the bounds of a clip), so every backend must agree.
 */
interface OpCase {
  label: string;
  inputs: Input[];
  op: (...xs: tf.Tensor[]) => tf.Tensor;
}

let seed = 100;
const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
const uniform = (shape: number[]): Input => ({ values: randomValues(size(shape), seed++), shape });
/** Values in [0.5, 1.5): away from 0 for log, sqrt, rsqrt, pow, abs and division. */
const positive = (shape: number[]): Input => ({
  values: randomValues(size(shape), seed++).map((v) => 1 + v / 2),
  shape,
});
const ids = (shape: number[], high: number): Input => ({
  values: randomInts(size(shape), 0, high, seed++),
  shape,
});

const OPS: OpCase[] = [
  // matMul in every form the models use: linear (x·Wᵀ), Conv1D (x·W), attention (batched, transposed)
  ...[
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ].map(([ta, tb]) => ({
    label: `matMul transposeA=${ta} transposeB=${tb}`,
    inputs: [uniform(ta ? [6, 5] : [5, 6]), uniform(tb ? [4, 6] : [6, 4])],
    op: (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, ta, tb),
  })),
  {
    label: "batched matMul (attention scores and context)",
    inputs: [uniform([2, 3, 4, 5]), uniform([2, 3, 4, 5]), uniform([2, 3, 4, 5])],
    op: (q, k, v) => tf.matMul(tf.softmax(tf.matMul(q, k, false, true)), v),
  },
  {
    label: "linear over leading axes",
    inputs: [uniform([3, 4, 5]), uniform([2, 5]), uniform([2])],
    op: (x, w, b) => tf.add(tf.matMul(x.reshape([-1, 5]), w, false, true), b).reshape([3, 4, 2]),
  },

  {
    label: "gather (embedding)",
    inputs: [uniform([11, 4]), ids([3, 5], 11)],
    op: (table, i) => tf.gather(table, i),
  },
  { label: "gather on axis 1", inputs: [uniform([3, 9, 2]), ids([4], 9)], op: (x, i) => tf.gather(x, i, 1) },
  {
    label: "add with broadcast (bias)",
    inputs: [uniform([2, 3, 4]), uniform([4])],
    op: (a, b) => tf.add(a, b),
  },
  { label: "sub with broadcast", inputs: [uniform([4, 1]), uniform([4, 5])], op: (a, b) => tf.sub(a, b) },
  { label: "mul with broadcast", inputs: [uniform([2, 1, 5]), uniform([3, 1])], op: (a, b) => tf.mul(a, b) },
  { label: "div with broadcast", inputs: [uniform([3, 4]), positive([3, 1])], op: (a, b) => tf.div(a, b) },
  {
    label: "layer norm (moments, rsqrt)",
    inputs: [uniform([2, 3, 8]), uniform([8]), uniform([8])],
    op: layerNorm,
  },
  {
    label: "RMS norm (square, mean, rsqrt)",
    inputs: [uniform([2, 3, 8]), uniform([8])],
    op: (x, w) => tf.mul(w, tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), 1e-6)))),
  },
  {
    label: "gelu (erf)",
    inputs: [uniform([3, 7])],
    op: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
  },
  {
    label: "gelu_new (tanh, pow)",
    inputs: [uniform([3, 7])],
    op: (x) =>
      tf.mul(
        tf.mul(x, 0.5),
        tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))),
      ),
  },
  { label: "relu", inputs: [uniform([4, 6])], op: (x) => tf.relu(x) },
  { label: "silu (sigmoid)", inputs: [uniform([4, 6])], op: (x) => tf.mul(x, tf.sigmoid(x)) },
  { label: "softmax", inputs: [uniform([3, 4, 9])], op: (x) => tf.softmax(x) },
  { label: "logSoftmax", inputs: [uniform([5, 9])], op: (x) => tf.logSoftmax(x) },
  { label: "exp, log, log1p, sqrt, abs, neg", inputs: [positive([4, 5])], op: logs },
  { label: "max over the last axis", inputs: [uniform([4, 6])], op: (x) => tf.max(x, -1) },
  { label: "maximum and minimum", inputs: [uniform([4, 6]), uniform([4, 6])], op: (a, b) => extremes(a, b) },
  { label: "clipByValue", inputs: [uniform([4, 6])], op: (x) => tf.clipByValue(x, -0.5, 0.5) },
  { label: "sum and mean over leading axes", inputs: [uniform([3, 4, 5])], op: (x) => sums(x) },
  { label: "transpose (heads)", inputs: [uniform([2, 3, 4, 5])], op: (x) => tf.transpose(x, [0, 2, 1, 3]) },
  { label: "reshape, slice, concat, pad", inputs: [uniform([2, 6, 4])], op: (x) => reshapes(x) },
  {
    label: "stack and split",
    inputs: [uniform([4, 6])],
    op: (x) => tf.stack(tf.split(x, [2, 4], 1).map((p) => tf.sum(p, 1))),
  },
  {
    label: "where (masks)",
    inputs: [uniform([4, 6]), uniform([4, 6])],
    op: (a, b) => tf.where(tf.greaterEqual(a, b), tf.mul(a, 2), tf.square(b)),
  },
  {
    label: "one-hot cross-entropy pick",
    inputs: [uniform([6, 7]), ids([6], 7)],
    op: (logits, labels) => tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, 7)), -1),
  },
  {
    label: "dropout (seeded)",
    inputs: [uniform([5, 8])],
    op: (x) => tf.dropout(x, 0.3, undefined, 7),
  },
];

function layerNorm(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
}
function logs(x: tf.Tensor): tf.Tensor {
  return tf.addN([tf.exp(x), tf.log(x), tf.log1p(x), tf.sqrt(x), tf.abs(tf.neg(x))]);
}
function extremes(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.add(tf.maximum(a, b), tf.mul(tf.minimum(a, b), 3));
}
function sums(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.sum(x, [0, 1]), tf.mean(x, 0).sum(0));
}
function reshapes(x: tf.Tensor): tf.Tensor {
  const sliced = tf.slice(x.reshape([12, 4]), [2, 1], [8, 3]);
  return tf.pad(tf.concat([sliced, tf.square(sliced)], 1), [
    [1, 0],
    [0, 2],
  ]);
}

/** d/dx of Σ op(x)·weights for each float input, with fixed weights so every output element counts differently. */
function gradients(c: OpCase): number[][] {
  return tf.tidy(() => {
    const tensors = c.inputs.map(({ values, shape }) =>
      tf.tensor(values, shape, values instanceof Int32Array ? "int32" : "float32"),
    );
    const floatIndices = tensors.flatMap((t, i) => (t.dtype === "float32" ? [i] : []));
    const loss = (...floats: tf.Tensor[]) => {
      const args = [...tensors];
      floatIndices.forEach((index, k) => {
        args[index] = floats[k];
      });
      const out = c.op(...args);
      const weights = tf.tensor(randomValues(out.size, 7), out.shape);
      return tf.sum(tf.mul(out, weights)) as tf.Scalar;
    };
    const grads = tf.grads(loss)(floatIndices.map((i) => tensors[i]));
    return grads.map((g) => Array.from(g.dataSync()));
  });
}

const reference = new Map<OpCase, number[][]>();

beforeAll(async () => {
  await initBackends();
  await tf.setBackend("cpu");
  for (const c of OPS) reference.set(c, gradients(c));
  registerTrainingKernels("cpu");
  registerTrainingKernels("wasm");
});

describe("gradients of the ops the models use, with the training kernels, equal stock cpu's", () => {
  for (const backend of BACKENDS) {
    it.each(OPS.map((c) => [c.label, c] as const))(`${backend}: %s`, async (_, c) => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const ours = gradients(c);
      expect(tf.memory().numTensors).toBe(before);
      const expected = reference.get(c)!;
      expect(ours).toHaveLength(expected.length);
      ours.forEach((grad, i) => {
        expect(scaleRelativeError(grad, expected[i])).toBeLessThan(1e-5);
      });
    });
  }

  it.each(BACKENDS)(
    "%s: the embedding gradient is the float64 sum of the rows of each id",
    async (backend) => {
      await tf.setBackend(backend);
      const rows = 50;
      const tokens = randomInts(4 * 32, 0, rows, 9);
      const upstream = randomValues(4 * 32 * 8, 10);
      const grad = tf.tidy(() => {
        const table = tf.zeros([rows, 8]);
        const dy = tf.tensor(upstream, [4, 32, 8]);
        const g = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.gather(t, tf.tensor(tokens, [4, 32], "int32")), dy)),
        );
        return Array.from(g(table).dataSync());
      });
      const expected = new Float64Array(rows * 8);
      tokens.forEach((id, position) => {
        for (let j = 0; j < 8; j++) expected[id * 8 + j] += upstream[position * 8 + j];
      });
      expect(scaleRelativeError(grad, expected)).toBeLessThan(1e-6);
    },
  );
});

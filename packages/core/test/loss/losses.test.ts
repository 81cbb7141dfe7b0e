import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { crossEntropy, crossEntropySum } from "../../src/loss/cross-entropy.js";
import { labelSmoothedLoss } from "../../src/loss/label-smoother.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const logitsRows = [
  [1.0, -0.5, 0.3],
  [0.2, 0.1, -1.2],
  [-0.7, 2.0, 0.4],
  [0.0, 0.0, 0.5],
];

/** -log softmax of a row, in float64. */
function negLogSoftmax(row: number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
  return row.map((v) => lse - v);
}

describe("losses", () => {
  it("cross-entropy ignores -100 labels and divides by the count, or by a given item count", () => {
    const labels = [2, -100, 1, 0];
    const nll = labels.map((l, i) => (l === -100 ? 0 : negLogSoftmax(logitsRows[i])[l]));
    const sum = nll.reduce((a, b) => a + b, 0);
    const logits = tf.tensor2d(logitsRows);
    const y = tf.tensor1d(labels, "int32");
    expect(crossEntropy(logits, y).dataSync()[0]).toBeCloseTo(sum / 3, 5);
    expect(crossEntropy(logits, y, 10).dataSync()[0]).toBeCloseTo(sum / 10, 5);
    const { sum: s, count } = crossEntropySum(logits, y);
    expect(s.dataSync()[0]).toBeCloseTo(sum, 5);
    expect(count.dataSync()[0]).toBe(3);
  });

  it("label smoothing is (1-ε)·NLL + ε·mean over classes of -log p, over active positions (HF's LabelSmoother)", () => {
    const eps = 0.1;
    const labels = [2, -100, 1, 0];
    const active = labels.map((l, i) => [l, i]).filter(([l]) => l !== -100);
    const nll = active.reduce((s, [l, i]) => s + negLogSoftmax(logitsRows[i])[l], 0) / active.length;
    const smooth =
      active.reduce((s, [, i]) => s + negLogSoftmax(logitsRows[i]).reduce((a, b) => a + b, 0), 0) /
      (active.length * 3);
    const expected = (1 - eps) * nll + eps * smooth;
    const got = labelSmoothedLoss(tf.tensor2d(logitsRows), tf.tensor1d(labels, "int32"), eps).dataSync()[0];
    expect(got).toBeCloseTo(expected, 5);
  });

  it("with shiftLabels, position t is scored against label t+1 (causal LMs)", () => {
    const logits = tf.tensor3d([logitsRows]); // [1, 4, 3]
    const labels = tf.tensor2d([[0, 2, 1, -100]], undefined, "int32");
    // positions 0..2 predict labels 1..3: 2, 1, -100
    const expected = (negLogSoftmax(logitsRows[0])[2] + negLogSoftmax(logitsRows[1])[1]) / 2;
    expect(labelSmoothedLoss(logits, labels, 0, true).dataSync()[0]).toBeCloseTo(expected, 5);
  });
});

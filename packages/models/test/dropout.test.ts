import * as tf from "@tensorflow/tfjs";
import { dropoutMask } from "@tfjs-trainer/backend";
import { beforeAll, describe, expect, it } from "vitest";
import { Dropout } from "../src/common/layers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const valuesOf = (t: tf.Tensor) => {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
};

describe("Dropout", () => {
  it("multiplies by a fresh seeded mask per call in training and passes through otherwise", () => {
    const x = tf.fill([50, 40], 3);
    const layer = new Dropout(true, 11);
    const first = valuesOf(layer.apply(x, 0.2));
    const second = valuesOf(layer.apply(x, 0.2));
    expect(first).not.toEqual(second);
    expect(first).toEqual(valuesOf(tf.mul(x, dropoutMask([50, 40], 0.2, 11))));
    expect(new Dropout(false, 11).apply(x, 0.2)).toBe(x);
    expect(new Dropout(true, 11).apply(x, 0)).toBe(x);
    const unseeded = valuesOf(new Dropout(true, undefined).apply(x, 0.2));
    expect(unseeded.some((v) => v === 0)).toBe(true);
    x.dispose();
  });
});

import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { dropoutMask } from "../src/common/dropout-mask.js";
import { Dropout } from "../src/common/layers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const valuesOf = (t: tf.Tensor) => {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
};

describe("dropout", () => {
  it("keeps about 1 - rate of the values, scaled by 1 / (1 - rate) in float32, and zeroes the rest", () => {
    for (const rate of [0.1, 0.5]) {
      const values = valuesOf(dropoutMask([200, 500], rate, 42));
      const scale = Math.fround(1 / Math.fround(1 - rate));
      const kept = values.filter((v) => v !== 0);
      expect(kept.every((v) => v === scale)).toBe(true);
      // 100 000 draws: the kept share is within 1 % of 1 - rate (about 5 standard deviations)
      expect(Math.abs(kept.length / values.length - (1 - rate))).toBeLessThan(0.01);
    }
  });

  it("draws the same mask for the same seed and a different one for another seed", () => {
    const a = valuesOf(dropoutMask([64, 64], 0.1, 7));
    expect(valuesOf(dropoutMask([64, 64], 0.1, 7))).toEqual(a);
    const b = valuesOf(dropoutMask([64, 64], 0.1, 8));
    expect(b).not.toEqual(a);
    // neighbouring seeds are not shifted copies of one stream
    expect(b.slice(1)).not.toEqual(a.slice(0, -1));
  });

  it("rejects a rate outside [0, 1)", () => {
    expect(() => dropoutMask([2], 1, 0)).toThrow("dropout rate must be in [0, 1), got 1");
  });

  it("a Dropout layer multiplies by a fresh mask per call in training and passes through otherwise", () => {
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

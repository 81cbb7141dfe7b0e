import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { asCpuBackend } from "../src/kernels/cpu-backend.js";
import {
  DROPOUT_MASK_KERNEL,
  dropoutMask,
  dropoutMaskAttrs,
  dropoutMaskValues,
  mulberry32Hash,
} from "../src/ops/dropout-mask.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const valuesOf = (t: tf.Tensor) => {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
};

/** mulberry32 as it is usually written: a sequential generator of floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("dropout masks", () => {
  it("keep value i where mulberry32's draw i is at least the rate, scaled by 1 / (1 - rate) in float32", () => {
    const next = mulberry32(123);
    const values = valuesOf(dropoutMask([10, 100], 0.3, 123));
    const scale = Math.fround(1 / Math.fround(0.7));
    expect(values).toEqual(Array.from({ length: 1000 }, () => (next() >= 0.3 ? scale : 0)));
  });

  it("keep about 1 - rate of the values", () => {
    for (const rate of [0.1, 0.5]) {
      const kept = valuesOf(dropoutMask([200, 500], rate, 42)).filter((v) => v !== 0).length;
      // 100 000 draws: within 1 % of 1 - rate (about 5 standard deviations)
      expect(Math.abs(kept / 100_000 - (1 - rate))).toBeLessThan(0.01);
    }
  });

  it("draw the same mask for the same seed and another for another seed", () => {
    const a = valuesOf(dropoutMask([64, 64], 0.1, 7));
    expect(valuesOf(dropoutMask([64, 64], 0.1, 7))).toEqual(a);
    const b = valuesOf(dropoutMask([64, 64], 0.1, 8));
    expect(b).not.toEqual(a);
    expect(b.slice(1)).not.toEqual(a.slice(0, -1)); // neighbouring seeds are not shifted copies of one stream
  });

  it("compare draws as integers: a threshold exact for every rate, rate 0 keeps everything", () => {
    expect(dropoutMaskAttrs([1], 0.25, 1).threshold).toBe(2 ** 30);
    expect(dropoutMaskAttrs([1], 0, 1).threshold).toBe(0);
    expect(dropoutMaskValues(dropoutMaskAttrs([50], 0, 9)).every((v) => v === 1)).toBe(true);
    expect(mulberry32Hash(0x6d2b79f5)).toBe(Math.round(mulberry32(0)() * 4294967296));
    expect(() => dropoutMask([2], 1, 0)).toThrow("dropout rate must be in [0, 1), got 1");
  });

  it("go through the backend's kernel where one is registered", () => {
    const calls: unknown[] = [];
    tf.registerKernel({
      kernelName: DROPOUT_MASK_KERNEL,
      backendName: "cpu",
      kernelFunc: ({ attrs, backend }) => {
        calls.push(attrs);
        const a = attrs as unknown as Parameters<typeof dropoutMaskValues>[0];
        return asCpuBackend(backend).makeTensorInfo(a.shape, "float32", dropoutMaskValues(a));
      },
    });
    try {
      expect(valuesOf(dropoutMask([3, 4], 0.5, 5))).toEqual(
        Array.from(dropoutMaskValues(dropoutMaskAttrs([3, 4], 0.5, 5))),
      );
      expect(calls).toEqual([dropoutMaskAttrs([3, 4], 0.5, 5)]);
    } finally {
      tf.unregisterKernel(DROPOUT_MASK_KERNEL, "cpu");
    }
  });
});

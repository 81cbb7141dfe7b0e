import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { fromTensor, hostTensor, readTensor, toTensor } from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("host tensors", () => {
  it("round-trip through tfjs, read synchronously and asynchronously alike", async () => {
    const floats = hostTensor("float32", [2, 3], [0.5, -1, 2, 3.25, 4, -5]);
    const ints = hostTensor("int32", [3], [7, -100, 2]);
    for (const host of [floats, ints]) {
      const t = toTensor(host);
      const syncRead = fromTensor(t);
      const asyncRead = await readTensor(t);
      t.dispose();
      for (const read of [syncRead, asyncRead]) {
        expect(read.dtype).toBe(host.dtype);
        expect(read.shape).toEqual(host.shape);
        expect(Array.from(read.data)).toEqual(Array.from(host.data));
        expect(read.data.constructor).toBe(host.data.constructor);
      }
    }
  });

  it("reads a bool tensor as int32 zeros and ones", async () => {
    const t = tf.tensor([true, false, true], [3], "bool");
    const read = await readTensor(t);
    t.dispose();
    expect(read).toEqual({ dtype: "int32", shape: [3], data: Int32Array.from([1, 0, 1]) });
  });

  it("refuses data that does not fit the shape, naming both", () => {
    expect(() => hostTensor("int32", [2, 2], [1, 2, 3])).toThrow("[2, 2] needs 4 values, got 3");
  });
});

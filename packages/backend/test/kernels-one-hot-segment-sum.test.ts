import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeOneHotSegmentSum, segmentSumPartsOf } from "../src/kernels/one-hot-segment-sum.js";
import { BACKENDS, initBackends, randomInts, randomValues, scaleRelativeError } from "./kernels-helpers.js";

interface Case {
  label: string;
  xShape: number[];
  idsShape: number[];
  numSegments: number;
  dtype: "float32" | "int32";
  /** Small, so that the rows go through several one-hot chunks. */
  maxOneHotElements: number;
}

const CASES: Case[] = [
  {
    label: "[40,8] → 7, ids out of range dropped",
    xShape: [40, 8],
    idsShape: [40],
    numSegments: 7,
    dtype: "float32",
    maxOneHotElements: 1e6,
  },
  {
    label: "[40,8] → 7 in chunks of 3 rows",
    xShape: [40, 8],
    idsShape: [40],
    numSegments: 7,
    dtype: "float32",
    maxOneHotElements: 21,
  },
  {
    label: "[6,5,3,2] → 11, chunks of 4 rows",
    xShape: [6, 5, 3, 2],
    idsShape: [6],
    numSegments: 11,
    dtype: "float32",
    maxOneHotElements: 44,
  },
  {
    label: "every row to one segment (token types)",
    xShape: [64, 16],
    idsShape: [64],
    numSegments: 2,
    dtype: "float32",
    maxOneHotElements: 1e6,
  },
  {
    label: "one value a row",
    xShape: [30],
    idsShape: [30],
    numSegments: 5,
    dtype: "float32",
    maxOneHotElements: 1e6,
  },
  {
    label: "no rows",
    xShape: [0, 4],
    idsShape: [0],
    numSegments: 3,
    dtype: "float32",
    maxOneHotElements: 1e6,
  },
];

function inputsOf(c: Case, seed: number): { x: tf.Tensor; segmentIds: tf.Tensor } {
  const size = tf.util.sizeFromShape(c.xShape);
  const idsSize = tf.util.sizeFromShape(c.idsShape);
  const sameSegment = c.label.includes("one segment");
  const ids = sameSegment ? new Int32Array(idsSize) : randomInts(idsSize, -2, c.numSegments + 2, seed + 1);
  const x =
    c.dtype === "float32"
      ? tf.tensor(randomValues(size, seed), c.xShape, "float32")
      : tf.tensor(randomInts(size, -50, 50, seed), c.xShape, "int32");
  return { x, segmentIds: tf.tensor(ids, c.idsShape, "int32") };
}

const reference = new Map<Case, { values: number[]; shape: number[] }>();

beforeAll(async () => {
  await initBackends();
  await tf.setBackend("cpu");
  for (const [i, c] of CASES.entries()) {
    const { x, segmentIds } = inputsOf(c, i);
    const out = tf.unsortedSegmentSum(x, segmentIds as tf.Tensor1D, c.numSegments); // the stock cpu kernel
    reference.set(c, { values: Array.from(out.dataSync()), shape: [...out.shape] });
    tf.dispose([x, segmentIds, out]);
  }
});

describe("UnsortedSegmentSum as one-hot matMuls (the webgpu kernel), built on the cpu and wasm kernels", () => {
  for (const backend of BACKENDS) {
    it.each(CASES.map((c, i) => [c.label, c, i] as const))(
      `${backend}: %s equals stock cpu`,
      async (_, c, i) => {
        await tf.setBackend(backend);
        const kernel = makeOneHotSegmentSum(segmentSumPartsOf(backend), c.maxOneHotElements);
        const { x, segmentIds } = inputsOf(c, i);
        const dataBefore = tf.backend().numDataIds();
        const info = kernel({
          inputs: { x, segmentIds },
          attrs: { numSegments: c.numSegments },
          backend: tf.backend(),
        }) as tf.TensorInfo;
        expect(tf.backend().numDataIds()).toBe(dataBefore + 1); // only the output: every intermediate freed
        const out = tf.engine().makeTensorFromTensorInfo(info);
        const expected = reference.get(c)!;
        expect(out.shape).toEqual(expected.shape);
        expect(scaleRelativeError(Array.from(out.dataSync()), expected.values)).toBeLessThan(1e-6);
        tf.dispose([x, segmentIds, out]);
      },
    );
  }

  it("hands int32 values to the backend's own kernel, and says so where there is none", async () => {
    await tf.setBackend("cpu");
    const ints = tf.tensor([1, 2, 3, 4], [4], "int32");
    const ids = tf.tensor([0, 1, 0, 1], [4], "int32");
    const call = (backendName: string) =>
      makeOneHotSegmentSum(segmentSumPartsOf(backendName))({
        inputs: { x: ints, segmentIds: ids },
        attrs: { numSegments: 2 },
        backend: tf.backend(),
      }) as tf.TensorInfo;
    const out = tf.engine().makeTensorFromTensorInfo(call("cpu"));
    expect(Array.from(out.dataSync())).toEqual([4, 6]);
    expect(() => call("wasm")).toThrow("sums float32 values, not int32");
    tf.dispose([ints, ids, out]);
  });
});

import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { registerTrainingKernels, TRAINING_KERNELS } from "../src/kernels/index.js";
import {
  type Backend,
  initBackends,
  randomInts,
  randomValues,
  scaleRelativeError,
} from "./kernels-helpers.js";

/** One call of a kernel: inputs as plain arrays (created on whichever backend runs it) and attributes. */
interface KernelCase {
  kernel: string;
  label: string;
  inputs: Record<string, { values: Float32Array | Int32Array; shape: number[] }>;
  attrs: tf.NamedAttrMap;
  /** Backends whose replacement this case exercises. */
  backends: Backend[];
  /** Results must be bit-identical, not only within 1e-5 (the replacement promises the stock arithmetic). */
  exact?: boolean;
  /** A float64 JS reference, for inputs the stock kernel gets wrong. */
  expected?: () => { values: number[]; shape: number[] };
}

/** a·b in float64 with numpy broadcasting of the batch axes (the stock kernels only repeat a batch of one). */
function referenceMatMul(
  a: { values: ArrayLike<number>; shape: number[] },
  b: { values: ArrayLike<number>; shape: number[] },
  transposeA: boolean,
  transposeB: boolean,
) {
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchIndex = (shape: number[], flat: number) => {
    const padded = [...Array(outer.length - shape.length).fill(1), ...shape];
    let index = 0;
    let rest = flat;
    const coords = outer.map(() => 0);
    for (let axis = outer.length - 1; axis >= 0; axis--) {
      coords[axis] = rest % outer[axis];
      rest = Math.floor(rest / outer[axis]);
    }
    for (let axis = 0; axis < outer.length; axis++)
      index = index * padded[axis] + (padded[axis] === 1 ? 0 : coords[axis]);
    return index;
  };
  const batch = outer.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let e = 0; e < batch; e++) {
    const aBase = batchIndex(a.shape.slice(0, -2), e) * ar * ac;
    const bBase = batchIndex(b.shape.slice(0, -2), e) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < k; t++) {
          const x = a.values[aBase + (transposeA ? t * ac + i : i * ac + t)];
          const y = b.values[bBase + (transposeB ? j * bc + t : t * bc + j)];
          sum += x * y;
        }
        values.push(Math.fround(sum));
      }
    }
  }
  return { values, shape: [...outer, m, n] };
}

let seed = 1;
const floats = (shape: number[]) => ({
  values: randomValues(
    shape.reduce((p, d) => p * d, 1),
    seed++,
  ),
  shape,
});
const ints = (shape: number[], low: number, high: number) => ({
  values: randomInts(
    shape.reduce((p, d) => p * d, 1),
    low,
    high,
    seed++,
  ),
  shape,
});

const both: Backend[] = ["cpu", "wasm"];
const CASES: KernelCase[] = [];

// gather's gradient: rows to segments, ids out of range (negative, ≥ numSegments) dropped as in TF
for (const [rows, width, segments] of [
  [64, 8, 10],
  [300, 16, 100],
  [7, 1, 3],
  [0, 4, 5],
]) {
  CASES.push({
    kernel: "UnsortedSegmentSum",
    label: `[${rows},${width}] → ${segments}`,
    inputs: { x: floats([rows, width]), segmentIds: ints([rows], -2, segments + 2) },
    attrs: { numSegments: segments },
    backends: both,
  });
}
CASES.push({
  kernel: "UnsortedSegmentSum",
  label: "int32 [20,3,2] → 6",
  inputs: { x: ints([20, 3, 2], -50, 50), segmentIds: ints([20], 0, 6) },
  attrs: { numSegments: 6 },
  backends: both,
  exact: true,
});

// every transpose combination; batches, broadcast batches, sizes off the tiles, a 256-row side (tiled transpose)
const MATMUL_SHAPES: [number[], number[]][] = [
  [
    [33, 17],
    [17, 9],
  ],
  [
    [3, 5, 7],
    [3, 7, 4],
  ],
  [
    [2, 1, 5, 6],
    [3, 6, 4],
  ],
  [
    [1, 5, 6],
    [4, 6, 3],
  ],
  [
    [4, 5, 6],
    [6, 3],
  ],
  [
    [256, 70],
    [70, 40],
  ],
  [
    [2, 4, 128, 16],
    [2, 4, 16, 128],
  ],
  // big enough per entry for one XNNPACK call each on wasm: a shared left side, a shared right side
  [
    [1, 20, 30],
    [3, 30, 20],
  ],
  [
    [3, 20, 30],
    [30, 20],
  ],
];
for (const [aShape, bShape] of MATMUL_SHAPES) {
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
    const a = floats(swap(aShape, transposeA));
    const b = floats(swap(bShape, transposeB));
    // [2, 1] against [3]: both sides repeat, which the stock kernels (batch = max of the two) get wrong
    const bothBroadcast = aShape.length === 4 && aShape[1] === 1;
    CASES.push({
      kernel: "BatchMatMul",
      label: `[${aShape}]${transposeA ? "ᵀ" : ""}·[${bShape}]${transposeB ? "ᵀ" : ""}`,
      inputs: { a, b },
      attrs: { transposeA, transposeB },
      backends: both,
      expected: bothBroadcast ? () => referenceMatMul(a, b, transposeA, transposeB) : undefined,
    });
  }
}

for (const [shape, axis, keepDims] of [
  [[40, 30], [0], false],
  [[4, 5, 6], [0, 1], true],
  [[4, 5, 6], [1, 0], false],
  [[4, 5, 6], [1], false],
  [[4, 5, 6], [-1], true],
  [[300, 7], [0, 1], false],
] as [number[], number[], boolean][]) {
  CASES.push({
    kernel: "Sum",
    label: `[${shape}] over [${axis}]${keepDims ? " keepDims" : ""}`,
    inputs: { x: floats(shape) },
    attrs: { axis, keepDims },
    backends: both,
  });
}

for (const [shape, perm] of [
  [
    [3, 4],
    [1, 0],
  ],
  [
    [2, 3, 4, 5],
    [0, 2, 1, 3],
  ],
  [
    [2, 3, 4, 5],
    [3, 1, 2, 0],
  ],
  [
    [2, 3, 4, 5],
    [0, 1, 2, 3],
  ],
  [
    [1, 5, 1, 7],
    [3, 2, 1, 0],
  ],
  [
    [300, 257],
    [1, 0],
  ],
  [
    [3, 40, 33],
    [0, 2, 1],
  ],
  [
    [2, 3, 4],
    [1, 2, 0],
  ],
] as [number[], number[]][]) {
  CASES.push({
    kernel: "Transpose",
    label: `[${shape}] by [${perm}]`,
    inputs: { x: floats(shape) },
    attrs: { perm },
    backends: ["cpu"],
    exact: true,
  });
}
CASES.push({
  kernel: "Transpose",
  label: "int32 [6,5] by [1,0]",
  inputs: { x: ints([6, 5], -9, 9) },
  attrs: { perm: [1, 0] },
  backends: ["cpu"],
  exact: true,
});

for (const kernel of ["Add", "Sub", "Multiply", "RealDiv"]) {
  for (const [aShape, bShape] of [
    [
      [4, 5],
      [4, 5],
    ],
    [[4, 5], [5]],
    [
      [4, 1],
      [4, 5],
    ],
    [
      [2, 3, 1, 5],
      [3, 4, 1],
    ],
    [[], [3, 2]],
    [
      [8, 4, 6, 6],
      [8, 1, 1, 6],
    ],
    [
      [1, 1],
      [1, 1],
    ],
  ]) {
    CASES.push({
      kernel,
      label: `[${aShape}] and [${bShape}]`,
      inputs: { a: floats(aShape), b: floats(bShape) },
      attrs: {},
      backends: ["cpu"],
      exact: true,
    });
  }
}

for (const [xShape, filterShape, strides, pad, dataFormat] of [
  [[2, 7, 7, 3], [3, 3, 3, 4], 1, "same", "NHWC"],
  [[2, 8, 9, 3], [3, 2, 3, 5], 2, "valid", "NHWC"],
  [[1, 6, 6, 2], [2, 2, 2, 3], [2, 1], "same", "NHWC"],
  [[2, 3, 7, 6], [3, 3, 3, 4], 1, "same", "NCHW"],
] as [number[], number[], number | number[], string, string][]) {
  const conv = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as number,
    1,
    pad as "same",
    undefined,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat as "NHWC"),
  );
  CASES.push({
    kernel: "Conv2DBackpropFilter",
    label: `x [${xShape}] filter [${filterShape}] strides ${strides} ${pad} ${dataFormat}`,
    inputs: { x: floats(xShape), dy: floats(conv.outShape) },
    attrs: { strides, pad, dataFormat, filterShape },
    backends: ["wasm"],
  });
}

CASES.push({
  kernel: "Identity",
  label: "[3,4]",
  inputs: { x: floats([3, 4]) },
  attrs: {},
  backends: ["wasm"],
  exact: true,
});
for (const [dtype, input] of [
  ["float32", floats([5, 2])],
  ["int32", ints([5, 2], -3, 9)],
  ["int32", floats([5, 2])],
  ["float32", ints([5, 2], -3, 9)],
] as const) {
  CASES.push({
    kernel: "Cast",
    label: `${input.values instanceof Int32Array ? "int32" : "float32"} → ${dtype}`,
    inputs: { x: input },
    attrs: { dtype },
    backends: ["wasm"],
    exact: true,
  });
}

// the stock wasm kernels get these wrong: casting to bool copies the number into a byte; int32 clips as float32
for (const input of [ints([4, 6], -300, 300), floats([4, 6])]) {
  CASES.push({
    kernel: "Cast",
    label: `${input.values instanceof Int32Array ? "int32" : "float32"} → bool`,
    inputs: { x: input },
    attrs: { dtype: "bool" },
    backends: ["wasm"],
    exact: true,
  });
}
for (const input of [ints([5, 3], -20, 20), floats([5, 3])]) {
  CASES.push({
    kernel: "ClipByValue",
    label: input.values instanceof Int32Array ? "int32" : "float32",
    inputs: { x: input },
    attrs: { clipValueMin: -4, clipValueMax: 0.5 },
    backends: ["wasm"],
    exact: true,
  });
}

function run(c: KernelCase): { values: number[]; shape: number[] } {
  return tf.tidy(() => {
    const inputs = Object.fromEntries(
      Object.entries(c.inputs).map(([name, { values, shape }]) => [
        name,
        tf.tensor(values, shape, values instanceof Int32Array ? "int32" : "float32"),
      ]),
    );
    const out = tf.engine().runKernel(c.kernel, inputs, c.attrs) as tf.Tensor;
    return { values: Array.from(out.dataSync()), shape: [...out.shape] };
  });
}

const reference = new Map<KernelCase, { values: number[]; shape: number[] }>();

beforeAll(async () => {
  await initBackends();
  // the stock cpu kernels' answers, before any replacement is registered
  await tf.setBackend("cpu");
  for (const c of CASES) reference.set(c, c.expected ? c.expected() : run(c));
  registerTrainingKernels("cpu");
  registerTrainingKernels("wasm");
});

describe("each training kernel equals the stock cpu kernel", () => {
  it("covers every kernel it registers on each backend", () => {
    for (const backend of ["cpu", "wasm"] as const) {
      const tested = new Set(CASES.filter((c) => c.backends.includes(backend)).map((c) => c.kernel));
      expect([...tested].sort()).toEqual([...TRAINING_KERNELS[backend]].sort());
    }
  });

  for (const backend of ["cpu", "wasm"] as const) {
    const cases = CASES.filter((c) => c.backends.includes(backend));
    it.each(cases.map((c) => [`${c.kernel} ${c.label}`, c] as const))(`${backend}: %s`, async (_, c) => {
      await tf.setBackend(backend);
      const ours = run(c);
      const expected = reference.get(c)!;
      expect(ours.shape).toEqual(expected.shape);
      if (c.exact) expect(ours.values).toEqual(expected.values);
      else expect(scaleRelativeError(ours.values, expected.values)).toBeLessThan(1e-5);
    });
  }
});

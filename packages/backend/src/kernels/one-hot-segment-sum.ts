import * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { numSegmentsAttr, segmentSumShape } from "./segment-sum.js";

/** The kernels of one backend this builds on, as that backend registered them. */
export interface SegmentSumParts {
  oneHot: tf.KernelFunc;
  cast: tf.KernelFunc;
  batchMatMul: tf.KernelFunc;
  reshape: tf.KernelFunc;
  slice: tf.KernelFunc;
  add: tf.KernelFunc;
  fill: tf.KernelFunc;
  /** The kernel to use where this one does not apply (int32 values); absent where the backend has none. */
  fallback?: tf.KernelFunc;
}

/** At most this many one-hot values per chunk (64 MiB of float32): a batch of 4096 tokens × 30522 ids is 8 chunks. */
export const DEFAULT_ONE_HOT_ELEMENTS = 2 ** 24;

/**
 * UnsortedSegmentSum as one-hot(segmentIds)ᵀ · x, in chunks of rows: matMuls instead of atomics. tfjs-backend-webgpu's
 * own kernel adds every row into its segment with a float compare-and-swap loop, which serialises the rows that share
 * a segment: the gradient of BERT's token-type embedding (every row to segment 0) took 190 ms on an H200, where these
 * matMuls take a few. Ids outside [0, numSegments) get a zero one-hot row, so they are dropped, as TF drops them.
 */
export function makeOneHotSegmentSum(
  parts: SegmentSumParts,
  maxOneHotElements = DEFAULT_ONE_HOT_ELEMENTS,
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = requireInputs(inputs, "UnsortedSegmentSum", ["x", "segmentIds"]);
    if (x.dtype !== "float32") {
      if (parts.fallback) return parts.fallback({ inputs, backend, attrs });
      throw new Error(`UnsortedSegmentSum: this kernel sums float32 values, not ${x.dtype}`);
    }
    const numSegments = numSegmentsAttr(attrs);
    const outShape = segmentSumShape(x.shape, segmentIds.shape, numSegments);
    const rows = tf.util.sizeFromShape(segmentIds.shape);
    const rowSize = tf.util.sizeFromShape(outShape.slice(1));
    if (rows === 0 || numSegments === 0 || rowSize === 0) {
      return parts.fill({ backend, inputs: {}, attrs: { shape: outShape, value: 0, dtype: "float32" } });
    }
    const owned: tf.TensorInfo[] = [];
    const run = (
      kernel: tf.KernelFunc,
      kernelInputs: tf.NamedTensorInfoMap,
      kernelAttrs: tf.NamedAttrMap,
    ) => {
      const out = kernel({ inputs: kernelInputs, backend, attrs: kernelAttrs }) as tf.TensorInfo;
      owned.push(out);
      return out;
    };
    const reshape = (t: tf.TensorInfo, shape: number[]) => run(parts.reshape, { x: t }, { shape });

    const values = reshape(x, [rows, rowSize]);
    const ids = reshape(segmentIds, [rows]);
    const chunkRows = Math.max(1, Math.floor(maxOneHotElements / numSegments));
    let sum: tf.TensorInfo | undefined;
    for (let start = 0; start < rows; start += chunkRows) {
      const size = Math.min(chunkRows, rows - start);
      const idsChunk = size === rows ? ids : run(parts.slice, { x: ids }, { begin: [start], size: [size] });
      const valuesChunk =
        size === rows
          ? values
          : run(parts.slice, { x: values }, { begin: [start, 0], size: [size, rowSize] });
      // int32, then cast: the wasm kernel ignores a float32 dtype and writes int32 bits
      const oneHotInts = run(
        parts.oneHot,
        { indices: idsChunk },
        { depth: numSegments, onValue: 1, offValue: 0, dtype: "int32" },
      );
      const oneHot = run(parts.cast, { x: oneHotInts }, { dtype: "float32" });
      const product = run(
        parts.batchMatMul,
        { a: reshape(oneHot, [1, size, numSegments]), b: reshape(valuesChunk, [1, size, rowSize]) },
        { transposeA: true, transposeB: false },
      );
      sum = sum === undefined ? product : run(parts.add, { a: sum, b: product }, {});
    }
    const out = parts.reshape({ inputs: { x: sum! }, backend, attrs: { shape: outShape } }) as tf.TensorInfo;
    for (const t of owned) (backend as tf.KernelBackend).disposeData(t.dataId);
    return out;
  };
}

/** The parts from the kernels registered for `backendName` (before any of ours replaces UnsortedSegmentSum). */
export function segmentSumPartsOf(backendName: string): SegmentSumParts {
  const kernel = (name: string): tf.KernelFunc => {
    const config = tf.getKernel(name, backendName);
    if (!config)
      throw new Error(`the ${backendName} backend has no ${name} kernel to build UnsortedSegmentSum on`);
    return config.kernelFunc;
  };
  return {
    oneHot: kernel("OneHot"),
    cast: kernel("Cast"),
    batchMatMul: kernel("BatchMatMul"),
    reshape: kernel("Reshape"),
    slice: kernel("Slice"),
    add: kernel("Add"),
    fill: kernel("Fill"),
    fallback: tf.getKernel("UnsortedSegmentSum", backendName)?.kernelFunc,
  };
}

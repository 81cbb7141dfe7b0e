import type * as tf from "@tensorflow/tfjs";
import { tilesAreFaster, transposeTiles } from "./blocked-transpose.js";
import { matMulShape } from "./mat-mul-shape.js";
import { copyInto, copyRange, type WasmBackend, withShape } from "./wasm-backend.js";

/** The stock wasm kernels the fast matMul is built from (saved before BatchMatMul is replaced). */
export interface StockWasmKernels {
  batchMatMul: tf.KernelFunc;
  transpose: tf.KernelFunc;
}

/** x [batch, rows, cols] → [batch, cols, rows], by whichever of the tiled JS and the stock transpose is faster. */
export function swapLastTwoAxes(wasm: WasmBackend, stock: StockWasmKernels, x: tf.TensorInfo): tf.TensorInfo {
  const [batch, rows, cols] = x.shape;
  if (!tilesAreFaster(rows)) {
    return stock.transpose({ inputs: { x }, backend: wasm, attrs: { perm: [0, 2, 1] } }) as tf.TensorInfo;
  }
  const out = wasm.makeOutput([batch, cols, rows], x.dtype);
  transposeTiles(wasm.typedArrayFromHeap(x), batch, rows, cols, wasm.typedArrayFromHeap(out));
  return out;
}

/**
 * a·b on wasm through the one case tfjs-backend-wasm hands to XNNPACK: a single [m, k]·[k, n] product, neither side
 * transposed. The stock kernel runs everything else (a transposed side, or a batch of more than one) through a
 * scalar loop an order of magnitude slower. So: transpose the operands that need it (a copy, far cheaper than the
 * product), then run one XNNPACK product per batch entry, or a single one where b is shared by the whole batch.
 */
export function matMulOnWasm(
  wasm: WasmBackend,
  stock: StockWasmKernels,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const shape = matMulShape(a.shape, b.shape, transposeA, transposeB);
  if ("innerMismatch" in shape) {
    const [k, kB] = shape.innerMismatch;
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and ` +
        `transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const { m, k, n, batchA, batchB, batch, outOuter, aSources, bSources } = shape;
  const outShape = [...outOuter, m, n];
  const temporaries: tf.TensorInfo[] = [];
  const lastTwoSwapped = (x: tf.TensorInfo, batchSize: number, rows: number, cols: number) => {
    const swapped = swapLastTwoAxes(wasm, stock, withShape(x, [batchSize, rows, cols]));
    temporaries.push(swapped);
    return swapped;
  };
  const product = (left: tf.TensorInfo, right: tf.TensorInfo) =>
    stock.batchMatMul({
      inputs: { a: left, b: right },
      backend: wasm,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;

  try {
    const a3 = transposeA ? lastTwoSwapped(a, batchA, k, m) : withShape(a, [batchA, m, k]);
    const b3 = transposeB ? lastTwoSwapped(b, batchB, n, k) : withShape(b, [batchB, k, n]);
    if (batchB === 1 && batchA === batch) {
      // one b for every batch entry: the batch's rows stack into a single [batch·m, k]·[k, n] product
      const out = product(withShape(a3, [1, batch * m, k]), b3);
      return { ...out, shape: outShape };
    }
    const out = wasm.makeOutput(outShape, "float32");
    for (let entry = 0; entry < batch; entry++) {
      const left = batchA === 1 ? a3 : copyRange(wasm, a3, aSources[entry] * m * k, [1, m, k]);
      const right = batchB === 1 ? b3 : copyRange(wasm, b3, bSources[entry] * k * n, [1, k, n]);
      const result = product(left, right);
      copyInto(wasm, result, out, entry * m * n);
      wasm.disposeData(result.dataId);
      if (left !== a3) wasm.disposeData(left.dataId);
      if (right !== b3) wasm.disposeData(right.dataId);
    }
    return out;
  } finally {
    for (const info of temporaries) wasm.disposeData(info.dataId);
  }
}

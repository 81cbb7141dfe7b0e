import * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { asWasmBackend } from "./wasm-backend.js";
import { matMulOnWasm, type StockWasmKernels } from "./wasm-mat-mul.js";

/**
 * Below this many multiply-adds per batch entry, one XNNPACK call per entry costs more than the stock loop (measured:
 * 4096 products of [4, 8]·[8, 4] take 2 ms stock, 53 ms one call each; at [16, 16]·[16, 16] they break even).
 */
const SMALL_PRODUCT = 16 * 16 * 16;

/**
 * Whether a batch of small products is better left to the stock kernel: it is, unless both sides' batch axes
 * broadcast against each other ([2, 1] against [3]), which the stock kernel gets wrong.
 */
function isSmallBatchTheStockKernelTakes(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): boolean {
  const [m, k] = transposeA ? [aShape.at(-1)!, aShape.at(-2)!] : [aShape.at(-2)!, aShape.at(-1)!];
  const n = transposeB ? bShape.at(-2)! : bShape.at(-1)!;
  const aOuter = aShape.slice(0, -2);
  const bOuter = bShape.slice(0, -2);
  const outOuter = tf.broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter);
  const batch = tf.util.sizeFromShape(outOuter);
  const repeatsRightly = (outer: number[]) =>
    tf.util.sizeFromShape(outer) === 1 || tf.util.arraysEqual(outer, outOuter);
  return batch > 1 && m * n * k < SMALL_PRODUCT && repeatsRightly(aOuter) && repeatsRightly(bOuter);
}

/**
 * BatchMatMul on wasm that keeps every product on XNNPACK (see matMulOnWasm). Every matMul gradient has a
 * transposed side and attention's products are batched, so training hits the stock kernel's slow loop on nearly
 * every product. Empty or non-float32 operands, and batches of small products, go to the stock kernel unchanged.
 */
export function makeBatchMatMulWasm(stock: StockWasmKernels): tf.KernelFunc {
  return (args) => {
    const { a, b } = requireInputs(args.inputs, "BatchMatMul", ["a", "b"]);
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const empty = a.shape.includes(0) || b.shape.includes(0);
    if (empty || a.dtype !== "float32" || b.dtype !== "float32") return stock.batchMatMul(args);
    if (isSmallBatchTheStockKernelTakes(a.shape, b.shape, transposeA, transposeB))
      return stock.batchMatMul(args);
    return matMulOnWasm(asWasmBackend(args.backend), stock, a, b, transposeA, transposeB);
  };
}

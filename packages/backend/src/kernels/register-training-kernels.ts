import { DROPOUT_MASK_KERNEL } from "../ops/dropout-mask.js";
import { dropoutMaskWebGpu } from "../webgpu/dropout-mask-program.js";
import { makeBatchMatMulWasm } from "./batch-mat-mul.js";
import { CPU_BINARY_OPS, makeBinaryCpu } from "./binary.js";
import { makeCastWasm } from "./cast.js";
import { makeClipByValueWasm } from "./clip-by-value.js";
import { makeConv2DBackpropFilterWasm } from "./conv2d-backprop-filter.js";
import { makeBatchMatMulCpu } from "./cpu-mat-mul.js";
import { makeIdentityWasm } from "./identity.js";
import { overrideKernel, requireStock, stockKernel, type TrainingBackendName } from "./kernel-override.js";
import { makeOneHotSegmentSum, segmentSumPartsOf } from "./one-hot-segment-sum.js";
import { makeSum } from "./sum.js";
import { makeTransposeCpu } from "./transpose.js";
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from "./unsorted-segment-sum.js";
import type { StockWasmKernels } from "./wasm-mat-mul.js";

/** What registerTrainingKernels replaces or adds, per backend. */
export const TRAINING_KERNELS: Record<TrainingBackendName, readonly string[]> = {
  cpu: ["UnsortedSegmentSum", "Sum", "BatchMatMul", "Transpose", ...Object.keys(CPU_BINARY_OPS)],
  wasm: [
    "UnsortedSegmentSum",
    "Sum",
    "BatchMatMul",
    "Conv2DBackpropFilter",
    "Identity",
    "Cast",
    "ClipByValue",
  ],
  webgpu: ["UnsortedSegmentSum", DROPOUT_MASK_KERNEL],
};

/** A stock kernel a replacement falls back on or calls into (never ours: that would call itself). */
function stock(kernelName: string, backendName: TrainingBackendName) {
  return requireStock(stockKernel(kernelName, backendName), kernelName, backendName).kernelFunc;
}

function stockWasmKernels(): StockWasmKernels {
  return { batchMatMul: stock("BatchMatMul", "wasm"), transpose: stock("Transpose", "wasm") };
}

/**
 * Registers the kernels training needs on `backendName` in place of the stock ones that are missing or slow
 * (TRAINING_KERNELS). Calling it again is free. For wasm, import @tensorflow/tfjs-backend-wasm first: the
 * replacements build on its kernels; the same for webgpu with @tensorflow/tfjs-backend-webgpu. Works before or after
 * the backend is initialised.
 */
export function registerTrainingKernels(backendName: TrainingBackendName): void {
  if (backendName === "webgpu") {
    overrideKernel("UnsortedSegmentSum", "webgpu", () => makeOneHotSegmentSum(segmentSumPartsOf("webgpu")));
    overrideKernel(DROPOUT_MASK_KERNEL, "webgpu", () => dropoutMaskWebGpu);
    return;
  }
  overrideKernel("UnsortedSegmentSum", backendName, () =>
    backendName === "cpu" ? unsortedSegmentSumCpu : unsortedSegmentSumWasm,
  );
  overrideKernel("Sum", backendName, () => makeSum(backendName, stock("Sum", backendName)));
  if (backendName === "cpu") {
    overrideKernel("BatchMatMul", "cpu", () => makeBatchMatMulCpu(stock("BatchMatMul", "cpu")));
    overrideKernel("Transpose", "cpu", () => makeTransposeCpu(stock("Transpose", "cpu")));
    for (const [kernelName, op] of Object.entries(CPU_BINARY_OPS)) {
      overrideKernel(kernelName, "cpu", () => makeBinaryCpu(kernelName, op, stock(kernelName, "cpu")));
    }
    return;
  }
  overrideKernel("BatchMatMul", "wasm", () => makeBatchMatMulWasm(stockWasmKernels()));
  overrideKernel("Conv2DBackpropFilter", "wasm", () => makeConv2DBackpropFilterWasm(stockWasmKernels()));
  overrideKernel("Identity", "wasm", () => makeIdentityWasm(stock("Identity", "wasm")));
  overrideKernel("Cast", "wasm", () => makeCastWasm(stock("Cast", "wasm")));
  overrideKernel("ClipByValue", "wasm", () => makeClipByValueWasm(stock("ClipByValue", "wasm")));
}

import type * as tf from "@tensorflow/tfjs";
import { asCpuBackend, readNumeric } from "./cpu-backend.js";
import { requireInputs } from "./kernel-inputs.js";
import { leadingAxesSplit, sumRows } from "./leading-axes-sum.js";
import { asWasmBackend } from "./wasm-backend.js";

interface SumAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/** Sum over the leading axes of a float32 tensor in one sequential pass (sumRows); anything else to the stock kernel. */
export function makeSum(backendName: "cpu" | "wasm", stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = requireInputs(args.inputs, "Sum", ["x"]);
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const split = x.dtype === "float32" ? leadingAxesSplit(x.shape, axis) : undefined;
    if (!split) return stock(args);
    const shape = keepDims ? split.keptShape : split.outShape;
    if (backendName === "cpu") {
      const cpu = asCpuBackend(args.backend);
      const out = new Float32Array(split.cols);
      sumRows(readNumeric(cpu, x, "Sum"), split.rows, split.cols, out);
      return cpu.makeTensorInfo(shape, "float32", out);
    }
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput(shape, "float32");
    sumRows(wasm.typedArrayFromHeap(x), split.rows, split.cols, wasm.typedArrayFromHeap(out) as Float32Array);
    return out;
  };
}

import type * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { asWasmBackend } from "./wasm-backend.js";

/**
 * ClipByValue on wasm for int32 tensors, which the stock kernel clips as if they were float32 (int32 [3, 9, -2]
 * clipped to [0, 6] came back [3, 9, 0]): HF's span loss clamps answer positions to the sequence length with it.
 * float32 goes to the stock kernel.
 */
export function makeClipByValueWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = requireInputs(args.inputs, "ClipByValue", ["x"]);
    if (x.dtype !== "int32") return stock(args);
    const { clipValueMin, clipValueMax } = args.attrs as { clipValueMin: number; clipValueMax: number };
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput(x.shape, "int32");
    const values = wasm.typedArrayFromHeap(x);
    const clipped = wasm.typedArrayFromHeap(out);
    for (let i = 0; i < values.length; i++)
      clipped[i] = Math.min(Math.max(values[i], clipValueMin), clipValueMax);
    return out;
  };
}

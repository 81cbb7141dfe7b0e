import type * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { shareData } from "./share-data.js";
import { asWasmBackend } from "./wasm-backend.js";

/**
 * Cast on wasm. To the same dtype it shares the data instead of copying it (the gradient of Engine.clone casts
 * every saved tensor's gradient to float32; `toInt()` runs on ids that are int32 already). To bool it writes 0/1:
 * the stock kernel copies the number into a byte, so 256 becomes false and 0.5 false, -2 the byte 254. Other
 * conversions go to the stock kernel.
 */
export function makeCastWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = requireInputs(args.inputs, "Cast", ["x"]);
    const dtype = (args.attrs as { dtype: tf.DataType }).dtype;
    if (dtype === x.dtype && dtype !== "string") return shareData(args.backend, x);
    if (dtype !== "bool" || (x.dtype !== "float32" && x.dtype !== "int32")) return stock(args);
    const wasm = asWasmBackend(args.backend);
    const out = wasm.makeOutput(x.shape, "bool");
    const values = wasm.typedArrayFromHeap(x);
    const flags = wasm.typedArrayFromHeap(out);
    for (let i = 0; i < values.length; i++) flags[i] = values[i] !== 0 ? 1 : 0;
    return out;
  };
}

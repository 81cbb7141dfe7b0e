import * as tf from "@tensorflow/tfjs";
import { asCpuBackend, readNumeric } from "./cpu-backend.js";
import { requireInputs } from "./kernel-inputs.js";
import { permute } from "./permute.js";
import { shareData } from "./share-data.js";

/**
 * Transpose on cpu through permute. The stock kernel turns every element's flat index into coordinates and back
 * (~1 s for the [30522, 256] gradient of an embedding); the gradient of gather even runs it with the identity
 * permutation, which here costs nothing: the data is shared, as the stock Identity does. Strings and complex
 * numbers go to the stock kernel.
 */
export function makeTransposeCpu(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = requireInputs(args.inputs, "Transpose", ["x"]);
    const perm = (args.attrs as { perm: number[] }).perm;
    if (x.dtype === "string" || x.dtype === "complex64") return stock(args);
    const cpu = asCpuBackend(args.backend);
    const outShape = perm.map((axis) => x.shape[axis]);
    if (perm.every((axis, i) => axis === i)) return shareData(cpu, x, outShape);
    const values = readNumeric(cpu, x, "Transpose");
    const out = tf.util.getTypedArrayFromDType(x.dtype as "float32" | "int32" | "bool", values.length);
    permute(values as Float32Array | Int32Array | Uint8Array, x.shape, perm, out);
    return cpu.makeTensorInfo(outShape, x.dtype, out);
  };
}

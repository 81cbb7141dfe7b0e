import * as tf from "@tensorflow/tfjs";
import { type BinaryOpName, broadcastBinary } from "./broadcast-binary.js";
import { asCpuBackend, readNumeric } from "./cpu-backend.js";
import { requireInputs } from "./kernel-inputs.js";

/** The binary kernels replaced on cpu, by tfjs kernel name. */
export const CPU_BINARY_OPS: Record<string, BinaryOpName> = {
  Add: "add",
  Sub: "sub",
  Multiply: "mul",
  RealDiv: "div",
};

/** A cpu binary kernel over float32 tensors through broadcastBinary; other dtypes go to the stock kernel. */
export function makeBinaryCpu(kernelName: string, op: BinaryOpName, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = requireInputs(args.inputs, kernelName, ["a", "b"]);
    if (a.dtype !== "float32" || b.dtype !== "float32") return stock(args);
    const cpu = asCpuBackend(args.backend);
    const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = new Float32Array(tf.util.sizeFromShape(outShape));
    const aValues = readNumeric(cpu, a, kernelName) as Float32Array;
    const bValues = readNumeric(cpu, b, kernelName) as Float32Array;
    broadcastBinary(op, aValues, a.shape, bValues, b.shape, out, outShape);
    return cpu.makeTensorInfo(outShape, "float32", out);
  };
}

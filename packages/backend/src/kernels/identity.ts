import type * as tf from "@tensorflow/tfjs";
import { requireInputs } from "./kernel-inputs.js";
import { shareData } from "./share-data.js";

/**
 * Identity on wasm without the copy. The engine runs Identity on every tensor it saves for the backward pass
 * (Engine.clone), and the stock wasm kernel copies each one: a second copy of every activation, and time. Strings
 * go to the stock kernel.
 */
export function makeIdentityWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = requireInputs(args.inputs, "Identity", ["x"]);
    return x.dtype === "string" ? stock(args) : shareData(args.backend, x);
  };
}

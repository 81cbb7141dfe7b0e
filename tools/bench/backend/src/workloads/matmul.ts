import * as tf from "@tensorflow/tfjs";
import type { RunOps } from "../measure.js";

/** n×n · n×n in float32; waits on one element of the last product, so no n² read-back is timed. */
export function matMulWorkload(n: number): { runOps: RunOps; dispose(): void } {
  const a = tf.randomNormal([n, n], 0, 1, "float32", 1);
  const b = tf.randomNormal([n, n], 0, 1, "float32", 2);
  const runOps: RunOps = async (count) => {
    let product: tf.Tensor | undefined;
    for (let i = 0; i < count; i++) {
      product?.dispose();
      product = tf.matMul(a, b);
    }
    const corner = tf.slice(product!, [0, 0], [1, 1]);
    await corner.data();
    tf.dispose([corner, product!]);
  };
  return { runOps, dispose: () => tf.dispose([a, b]) };
}

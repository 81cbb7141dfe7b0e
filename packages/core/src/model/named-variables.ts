import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "./contract.js";

/** Creates HF-named variables with a seeded normal init (std `scale`), biases zero. */
export function createVariables(
  specs: Record<string, number[]>,
  seed: number,
  scale = 0.3,
): Record<string, tf.Variable> {
  const vars: Record<string, tf.Variable> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(specs)) {
    const init = name.endsWith(".bias")
      ? tf.zeros(shape)
      : tf.randomNormal(shape, 0, scale, "float32", seed + k++);
    vars[name] = tf.variable(init, true, `${name}_${seed}_${variableCounter++}`);
    init.dispose();
  }
  return vars;
}

// tfjs variable names are global: a counter keeps two models of the same shape apart.
let variableCounter = 0;

export function toNamedParameters(vars: Record<string, tf.Variable>): NamedParameter[] {
  return Object.entries(vars).map(([name, variable]) => ({ name, variable }));
}

/** A linear layer with HF's weight layout [out, in]. */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const flat = x.reshape([-1, x.shape[x.shape.length - 1]]);
  let y = tf.matMul(flat, weight, false, true);
  if (bias) y = tf.add(y, bias);
  return y.reshape([...x.shape.slice(0, -1), weight.shape[0]]);
}

import type * as tf from "@tensorflow/tfjs";

/** The named inputs of a kernel call, each required (tfjs types every input as possibly missing). */
export function requireInputs<const Names extends readonly string[]>(
  inputs: tf.NamedTensorInfoMap,
  kernelName: string,
  names: Names,
): Record<Names[number], tf.TensorInfo> {
  const found = {} as Record<Names[number], tf.TensorInfo>;
  for (const name of names as readonly Names[number][]) {
    const input = inputs[name];
    if (!input) throw new Error(`${kernelName}: input "${name}" is missing`);
    found[name] = input;
  }
  return found;
}

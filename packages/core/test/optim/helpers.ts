import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "../../src/model/contract.js";
import type { Optimizer } from "../../src/optim/index.js";

/** A trainable parameter holding `values` (float32). */
export function namedParameter(
  name: string,
  values: number[],
  shape: number[] = [values.length],
): NamedParameter {
  return { name, variable: tf.tidy(() => tf.variable(tf.tensor(values, shape, "float32"))) };
}

export function disposeParameters(params: readonly NamedParameter[]): void {
  for (const param of params) param.variable.dispose();
}

/** The current values of a parameter, as float32 numbers. */
export function valuesOf(param: NamedParameter): Float32Array {
  return param.variable.dataSync() as Float32Array;
}

/** An optimizer with groups only: what a schedule reads and writes. */
export function groupsOnlyOptimizer(lrs: number[]): Optimizer {
  return {
    paramGroups: lrs.map((lr) => ({ params: [], lr, initialLr: lr, weightDecay: 0 })),
    step() {},
    stateDict: () => ({ tensors: {}, meta: {} }),
    loadStateDict() {},
    dispose() {},
  };
}

export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let max = 0;
  for (let i = 0; i < actual.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

import * as tf from "@tensorflow/tfjs";

/**
 * What an optimizer keeps for one parameter (torch's `optimizer.state[p]`): tensor buffers it owns (held as
 * non-trainable tfjs variables so an update can `assign` them inside `tf.tidy`) and JSON scalars such as `step`.
 */
export interface ParameterState {
  buffers: Record<string, tf.Variable>;
  scalars: Record<string, number>;
}

/** The checkpoint key of one buffer: `state.<paramName>.<slot>`. */
export function stateTensorKey(paramName: string, slot: string): string {
  return `state.${paramName}.${slot}`;
}

/** A float32 buffer the optimizer owns, starting from `initial` (which stays the caller's). */
export function ownedBuffer(initial: tf.Tensor): tf.Variable {
  // No name: tfjs registers variable names globally, and two optimizers over the same model must not collide.
  return tf.variable(initial, false, undefined, "float32");
}

export function disposeParameterState(state: ParameterState): void {
  for (const buffer of Object.values(state.buffers)) buffer.dispose();
}

import type * as tf from "@tensorflow/tfjs";

const shown = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/**
 * Fails naming both inputs when a companion of input_ids (a mask, token types) has another shape: tfjs would only
 * report it later, from inside an op, as operands that "could not be broadcast" with no input named.
 */
export function requireSameShape(
  model: string,
  name: string,
  tensor: tf.Tensor | undefined,
  expected: readonly number[],
  reference: string,
): void {
  if (!tensor) return;
  const same = tensor.rank === expected.length && tensor.shape.every((size, dim) => size === expected[dim]);
  if (!same) {
    throw new Error(
      `${model}: ${name} has shape ${shown(tensor.shape)} but ${reference} is ${shown(expected)}; they must match`,
    );
  }
}

/** A sequence longer than a learned position table: names the length, the limit and the config field. */
export function tooManyPositions(model: string, positions: number, limit: number, field: string): Error {
  return new Error(
    `${model}: ${positions} positions exceed ${field} ${limit} of its config (its table of learned positions ` +
      `has ${limit} rows): truncate the inputs to at most ${limit} tokens`,
  );
}

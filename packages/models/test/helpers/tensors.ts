import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";

/** Integer rows as an int32 [rows, length] tensor (token ids, masks, labels). */
export function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0].length], "int32");
}

export function disposeAll(tensors: Record<string, tf.Tensor | undefined>): void {
  for (const t of Object.values(tensors)) t?.dispose();
}

/** Element-wise toBeCloseTo with the position in the message. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(actual[i], `element ${i}`).toBeCloseTo(expected[i], digits);
}

/** Population standard deviation, to check a weight initialiser's scale. */
export function std(values: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    squares += values[i] * values[i];
  }
  const mean = sum / values.length;
  return Math.sqrt(squares / values.length - mean * mean);
}

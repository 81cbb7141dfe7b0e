import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import type { HFConfig } from "../src/common/config.js";

/** HF's measured outputs (fixtures/hf-reference), found relative to this file so tests run from any folder. */
const REFERENCE = new URL("../../../fixtures/hf-reference/", import.meta.url);

export function referencePath(relative: string): string {
  return fileURLToPath(new URL(relative, REFERENCE));
}

export function readReferenceJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(referencePath(relative), "utf8")) as T;
}

/** Names of the BERT forward cases HF recorded (forward/bert-*.json), each with a model folder of the same name. */
export function bertForwardCases(): string[] {
  return readdirSync(referencePath("forward/"))
    .filter((file) => file.startsWith("bert-") && file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

export type Nested = number | Nested[];

export function flatten(value: Nested): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let level: Nested = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data: number[] = [];
  const collect = (v: Nested): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else data.push(v);
  };
  collect(value);
  return { data, shape };
}

/** A JSON array as a tensor: int32 when every value is an integer (ids, labels, positions), else float32. */
export function jsonTensor(value: Nested): tf.Tensor {
  const { data, shape } = flatten(value);
  return tf.tensor(data, shape, data.every(Number.isInteger) ? "int32" : "float32");
}

/** max |ours − reference| / max |reference|: the error relative to the reference's largest magnitude. */
export function relativeError(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (ours.length !== reference.length)
    throw new Error(`${ours.length} values, the reference has ${reference.length}`);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    worst = Math.max(worst, Math.abs(ours[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return worst / scale;
}

/** A BERT small enough for unit tests; dropout stays at HF's default 0.1 so training mode changes outputs. */
export function tinyBertConfig(overrides: HFConfig = {}): HFConfig {
  return {
    model_type: "bert",
    vocab_size: 40,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 24,
    max_position_embeddings: 32,
    ...overrides,
  };
}

/** Deterministic token ids in [1, vocab) with trailing padding (id 0, mask 0) on every other row. */
export function tinyBatch(batch: number, length: number, vocab: number): Record<string, tf.Tensor> {
  const ids: number[] = [];
  const mask: number[] = [];
  for (let b = 0; b < batch; b++) {
    const real = b % 2 === 0 ? length : length - 2;
    for (let t = 0; t < length; t++) {
      ids.push(t < real ? 1 + ((b * 7 + t * 3) % (vocab - 1)) : 0);
      mask.push(t < real ? 1 : 0);
    }
  }
  return {
    input_ids: tf.tensor2d(ids, [batch, length], "int32"),
    attention_mask: tf.tensor2d(mask, [batch, length], "int32"),
  };
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

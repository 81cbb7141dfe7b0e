import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { afterAll, beforeAll, expect } from "vitest";

/** HF's recorded outputs (fixtures/hf-reference), found relative to this file so the tests run from any folder. */
const REFERENCE = new URL("../../../../fixtures/hf-reference/", import.meta.url);

export function referencePath(relative: string): string {
  return fileURLToPath(new URL(relative, REFERENCE));
}

export function readReferenceJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(referencePath(relative), "utf8")) as T;
}

/** A load option's `warn` for checkpoints that must load cleanly: any warning fails the test. */
export function failOnWarning(message: string): never {
  throw new Error(message);
}

/** One recorded generate() call: HF's keyword arguments and the token ids it returned. */
export interface GenerateCase {
  kwargs: Record<string, unknown>;
  output_ids: number[][];
}

/** generate/<name>.json: the prompt batch and every case recorded on it, by case name. */
export function readGenerateCases(name: string): {
  inputs: { input_ids: number[][]; attention_mask?: number[][] };
  cases: [string, GenerateCase][];
} {
  const fixture = readReferenceJson(`generate/${name}.json`);
  const cases = Object.entries(fixture).filter(([key]) => key !== "inputs") as [string, GenerateCase][];
  return { inputs: fixture.inputs as { input_ids: number[][]; attention_mask?: number[][] }, cases };
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

/** Every array of a recorded batch (a fixture's `inputs`) as a tensor, under the same names. */
export function jsonTensors<K extends string>(values: Record<K, Nested>): Record<K, tf.Tensor> {
  return Object.fromEntries(
    Object.entries<Nested>(values).map(([name, value]) => [name, jsonTensor(value)]),
  ) as Record<K, tf.Tensor>;
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

/**
 * HF's total_flos for one epoch over `rows`: the model's floatingPointOps summed over the batches of `batchSize`
 * rows, each padded to its longest row as the collator pads it.
 */
export function epochFloatingPointOps(
  model: { floatingPointOps(batch: Record<string, { shape: number[] }>): number },
  rows: readonly { input_ids: readonly number[] }[],
  batchSize: number,
): number {
  let total = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const longest = Math.max(...batch.map((row) => row.input_ids.length));
    total += model.floatingPointOps({ input_ids: { shape: [batch.length, longest] } });
  }
  return total;
}

/** Same tensor names, dtypes, shapes and bytes (so -0 vs 0 or NaN payloads would show) in two safetensors files. */
export async function expectSameSafetensors(ourFile: string, referenceFile: string): Promise<void> {
  const ours = (await readSafetensorsFile(ourFile)).tensors;
  const reference = (await readSafetensorsFile(referenceFile)).tensors;
  expect([...ours.keys()].sort()).toEqual([...reference.keys()].sort());
  for (const [name, expected] of reference) {
    const got = ours.get(name)!;
    expect(got.dtype, name).toBe(expected.dtype);
    expect(got.shape, name).toEqual(expected.shape);
    const bytes = (t: typeof got) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    expect(Buffer.compare(bytes(got), bytes(expected)), name).toBe(0);
  }
}

/** Runs `use` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A temporary folder shared by the tests of the enclosing suite (file or describe): made before them, removed after.
 * Returns a getter, since the folder only exists once the suite's beforeAll has run.
 */
export function suiteTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error("the suite's temporary folder is made in beforeAll");
    return dir;
  };
}

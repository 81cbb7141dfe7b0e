import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { fromPretrained } from "../src/common/pretrained-model.js";
import "../src/gpt2/index.js";
import type { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";

/** HF's recorded outputs, found relative to this file so the tests run from any folder. */
const REFERENCE = new URL("../../../fixtures/hf-reference/", import.meta.url);

export function referencePath(relative: string): string {
  return fileURLToPath(new URL(relative, REFERENCE));
}

export function readReference<T>(relative: string): T {
  return JSON.parse(readFileSync(referencePath(relative), "utf8")) as T;
}

/** The tiny GPT-2 HF saved (fixtures/hf-reference/models/gpt2). */
export function loadReferenceGpt2(): Promise<GPT2LMHeadModel> {
  return fromPretrained<GPT2LMHeadModel>(referencePath("models/gpt2"), {
    warn: (m) => {
      throw new Error(m);
    },
  });
}

export function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0].length], "int32");
}

/** max |ours − reference| / max |reference|. */
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
